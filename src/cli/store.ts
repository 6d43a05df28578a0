import path from 'node:path';
import { AppError } from '../shared/domain/errors.ts';
import { storeNoticeText } from '../shared/domain/store-notice.ts';
import { openStorage } from '../main/core/store/storage.ts';
import { dataDirError } from './file-errors.ts';
import { writeFileAtomic } from '../main/core/store/atomic-file.ts';
import type { StoreFile, StoreFileOptions } from '../main/core/store/open-store.ts';

/**
 * The store files as the app's electron-store writes them (tab-indented JSON, the file's mode, an
 * atomic rename), without loading its engine: conf brings Ajv and a dozen packages for options the
 * core never uses (it reads and checks the files itself, with zod), and that load was a third of a
 * `tokensmith token` answered from the ledger.
 */
function createFile(options: StoreFileOptions): StoreFile<unknown> {
  const file = path.join(options.cwd, `${options.configName}.json`);
  return {
    path: file,
    set store(document: unknown) {
      writeFileAtomic(file, JSON.stringify(document, undefined, '\t'), { mode: options.configFileMode });
    },
  };
}

/** Where a command finds its data: the app's data folder, and the workspace (--workspace, TOKENSMITH_WORKSPACE). */
export interface CommandPlace {
  dataDir: string;
  workspaceDir?: string | undefined;
}

/**
 * The app's store and workspace as a command opens them: whatever happened to the store file is
 * said on standard error, and a store of a newer Tokensmith is refused, so an older command line
 * never hides its data. A command that only reads opens them `readOnly`: it moves and writes nothing.
 */
export function openStorageForCommand(place: CommandPlace, options: { readOnly: boolean; what: string }) {
  let storage;
  try {
    storage = openStorage({
      dataDir: place.dataDir,
      workspaceDir: place.workspaceDir,
      createFile,
      owner: `tokensmith ${options.what}`,
      readOnly: options.readOnly,
    });
  } catch (error) {
    // A folder that cannot be used is named, whichever file inside it failed.
    throw dataDirError(error, place.dataDir);
  }
  const newer = storage.notices.find((notice) => notice.kind === 'newer');
  if (newer) throw new AppError('STORE_READ_ONLY', storeNoticeText(newer));
  for (const notice of storage.notices) process.stderr.write(`tokensmith: ${storeNoticeText(notice)}\n`);
  for (const problem of storage.workspace.problems())
    process.stderr.write(`tokensmith: ${problem.path} in the workspace cannot be read: ${problem.error}.\n`);
  return storage;
}
