import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/domain/errors.ts';
import {
  environmentSchema,
  savedRequestSchema,
  type Environment,
  type SavedRequest,
} from '../../../shared/domain/workspace.ts';
import { defaultEnvironments } from '../workspace/default-environments.ts';
import { storeNoticeText, type StoreNotice } from '../../../shared/domain/store-notice.ts';
import { WorkspaceFolder } from '../workspace/workspace-folder.ts';
import { MemoryWorkspace, type WorkspaceStorage } from '../workspace/workspace-storage.ts';
import { withFileLock } from './file-lock.ts';
import { localStoreNotices, openLocalStores, type LocalStores } from './local-stores.ts';
import { migrateSingleFile, readSingleFileInPlace, SINGLE_FILE } from './migrate-single-file.ts';
import type { StoreFileFactory } from './open-store.ts';

/**
 * What Tokensmith keeps, where: the workspace folder (saved requests and environments, plain
 * files a team can keep in git) and, in the user-data folder, what stays on this machine (the
 * vault, the ledger, the settings), one file each.
 */
export interface Storage {
  stores: LocalStores;
  /** The workspace folder; in memory, refusing changes, where nothing may be made or written. */
  workspace: WorkspaceStorage;
  /** What happened to the files on the way in (moved, kept aside, newer), to tell the user. */
  notices: StoreNotice[];
}

/** The workspace a first run gets, and where a version-1 store's requests move to. */
export function defaultWorkspaceDir(dataDir: string): string {
  return path.join(dataDir, 'workspace');
}

function fitting<T>(
  records: readonly unknown[] | undefined,
  schema: { safeParse(value: unknown): { success: boolean; data?: T } },
): T[] {
  return (records ?? []).flatMap((record) => {
    const result = schema.safeParse(record);
    return result.success ? [result.data as T] : [];
  });
}

/** The saved requests and environments a version-1 store holds, read as they are; undefined for any other file. */
function readV1Workspace(dataDir: string): { requests: SavedRequest[]; environments: Environment[] } | undefined {
  try {
    const document = JSON.parse(readFileSync(path.join(dataDir, `${SINGLE_FILE}.json`), 'utf8')) as {
      schemaVersion?: unknown;
      savedRequests?: unknown[];
      environments?: unknown[];
    };
    if (document.schemaVersion !== 1) return undefined;
    return {
      requests: fitting<SavedRequest>(document.savedRequests, savedRequestSchema),
      environments: fitting<Environment>(document.environments, environmentSchema),
    };
  } catch {
    return undefined;
  }
}

/**
 * Moves the saved requests and environments of a version-1 store into the default workspace
 * folder and reads them back, before the rest of the file moves (migrate-single-file.ts, which
 * keeps the old file as `tokensmith.json.v1`). Records that break the schema stay in the kept
 * file. Anything that fails leaves the version-1 file as it was, and says so in one line.
 */
function moveV1Workspace(options: { dataDir: string; owner: string }): void {
  const file = path.join(options.dataDir, `${SINGLE_FILE}.json`);
  if (!existsSync(file)) return;
  withFileLock(file, { what: options.owner }, () => {
    let document: { schemaVersion?: unknown; savedRequests?: unknown[]; environments?: unknown[] };
    try {
      document = JSON.parse(readFileSync(file, 'utf8')) as typeof document;
    } catch {
      return; // Not readable: opening the store says so and keeps it aside.
    }
    if (document.schemaVersion !== 1) return;
    try {
      const requests = fitting<SavedRequest>(document.savedRequests, savedRequestSchema);
      const environments = fitting<Environment>(document.environments, environmentSchema);
      const workspace = WorkspaceFolder.open(defaultWorkspaceDir(options.dataDir), {
        create: true,
        owner: options.owner,
        name: 'My workspace',
      });
      const known = new Set(workspace.requests().map((request) => request.id));
      const knownEnvironments = new Set(workspace.environments().map((environment) => environment.id));
      workspace.saveBatch({
        requests: requests.filter((request) => !known.has(request.id)),
        environments: environments.filter((environment) => !knownEnvironments.has(environment.id)),
      });
      const readBack = WorkspaceFolder.open(workspace.dir, { create: false, owner: options.owner });
      const found = new Set(readBack.requests().map((request) => request.id));
      const missing = requests.filter((request) => !found.has(request.id));
      if (missing.length > 0) throw new Error(`${missing.length} saved request(s) did not read back`);
    } catch (error) {
      throw new AppError(
        'STORE_UNREADABLE',
        `Tokensmith could not move the saved requests of ${file} into a workspace folder (${error instanceof Error ? error.message : String(error)}); the file is left as it was.`,
        { hint: 'Check that the user-data folder can be written to, then start again.' },
      );
    }
  });
}

/** The vault, ledger and settings; a single-file store of an older Tokensmith is moved into them first. */
function openLocal(options: {
  dataDir: string;
  createFile: StoreFileFactory;
  owner: string;
  readOnly?: boolean | undefined;
  now?: (() => Date) | undefined;
}): { stores: LocalStores; notices: StoreNotice[] } {
  const common = {
    dir: options.dataDir,
    createFile: options.createFile,
    owner: options.owner,
    ...(options.now ? { now: options.now } : {}),
  };
  if (options.readOnly) {
    // A command that only reads reads an older store where it is.
    const inPlace = readSingleFileInPlace(options);
    if (inPlace) return { stores: inPlace.stores, notices: inPlace.notice ? [inPlace.notice] : [] };
    const stores = openLocalStores({ ...common, readOnly: true });
    return { stores, notices: localStoreNotices(stores) };
  }
  moveV1Workspace({ dataDir: options.dataDir, owner: options.owner });
  const moved = migrateSingleFile({ ...common, dataDir: options.dataDir });
  // A newer Tokensmith's file is left alone, and nothing is written beside it.
  const stores = openLocalStores({ ...common, ...(moved?.kind === 'newer' ? { readOnly: true } : {}) });
  return { stores, notices: [...(moved ? [moved] : []), ...localStoreNotices(stores)] };
}

/**
 * Opens the vault, ledger and settings, and the workspace. The workspace is `workspaceDir` when
 * given (the command line's --workspace), else the one the app last used, else the default one,
 * made on first use.
 */
export function openStorage(options: {
  dataDir: string;
  workspaceDir?: string | undefined;
  createFile: StoreFileFactory;
  owner: string;
  readOnly?: boolean;
  now?: () => Date;
}): Storage {
  // Only what was written by a version-1 Tokensmith moves; a command that only reads reads it where it is.
  const v1 = options.readOnly ? readV1Workspace(options.dataDir) : undefined;
  const { stores, notices } = openLocal(options);
  // Files of a newer Tokensmith are left alone, and so is everything beside them: nothing is made or written.
  const newer = notices.find((notice) => notice.kind === 'newer');
  if (newer)
    return {
      stores,
      notices,
      workspace: new MemoryWorkspace({ environments: [], refuse: storeNoticeText(newer) }),
    };
  const fallback = defaultWorkspaceDir(options.dataDir);
  const dir = options.workspaceDir ?? stores.settings.data.workspace ?? fallback;
  const isNew = !existsSync(path.join(dir, 'workspace.yaml'));
  if (options.readOnly && (isNew || v1)) {
    // A command that only reads makes no folder: there is nothing in one yet, or it is still in a version-1 store.
    return {
      stores,
      notices,
      workspace: new MemoryWorkspace({ ...(v1 ?? { environments: [] }), refuse: 'This command only reads.' }),
    };
  }
  const workspace = WorkspaceFolder.open(dir, {
    // An import killed after its requests were written still brings its secrets.
    commitSecrets: (sealed) => {
      Object.assign(stores.vault.data.secrets, sealed);
      stores.vault.save(stores.vault.data);
    },
    // The default workspace is made on first use, and so is one that a writing command names (--workspace).
    create: !options.readOnly && (dir === fallback || options.workspaceDir !== undefined),
    owner: options.owner,
    ...(options.readOnly ? { readOnly: true } : {}),
    ...(dir === fallback ? { name: 'My workspace' } : {}),
  });
  // A new workspace starts with the environments the built-in profiles define.
  if (isNew && !options.readOnly) workspace.saveEnvironments(defaultEnvironments());
  return { stores, workspace, notices };
}
