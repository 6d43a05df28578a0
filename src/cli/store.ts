import Conf from 'conf';
import { AppError } from '../shared/domain/errors.ts';
import { storeNoticeText } from '../shared/domain/store-notice.ts';
import { openMainStore } from '../main/core/store/main-store.ts';
import { dataDirError } from './file-errors.ts';
import type { StoreFile, StoreFileOptions } from '../main/core/store/open-store.ts';

/** The same store files the app writes with electron-store, through its engine. */
function createFile(options: StoreFileOptions): StoreFile<unknown> {
  return new Conf<Record<string, unknown>>(options);
}

/**
 * The app's store as a command opens it: whatever happened to the file is said on standard error,
 * and a store of a newer Tokensmith is refused, so an older command line never hides its data.
 * A command that only reads opens it `readOnly`: it moves and writes nothing.
 */
export function openStoreForCommand(dataDir: string, options: { readOnly: boolean }) {
  let store;
  try {
    store = openMainStore({ dir: dataDir, createFile, readOnly: options.readOnly });
  } catch (error) {
    // A folder that cannot be used is named, whichever file inside it failed.
    throw dataDirError(error, dataDir);
  }
  if (store.notice?.kind === 'newer') throw new AppError('STORE_READ_ONLY', storeNoticeText(store.notice));
  if (store.notice) process.stderr.write(`tokensmith: ${storeNoticeText(store.notice)}\n`);
  return store;
}
