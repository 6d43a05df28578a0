import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/domain/errors.ts';
import {
  environmentSchema,
  savedRequestSchema,
  type Environment,
  type SavedRequest,
} from '../../../shared/domain/workspace.ts';
import { defaultEnvironments } from '../workspace/default-environments.ts';
import { storeNoticeText } from '../../../shared/domain/store-notice.ts';
import { WorkspaceFolder } from '../workspace/workspace-folder.ts';
import { MemoryWorkspace, type WorkspaceStorage } from '../workspace/workspace-storage.ts';
import { withFileLock } from './file-lock.ts';
import { openMainStore } from './main-store.ts';
import type { OpenedStore, StoreFileFactory } from './open-store.ts';
import type { StoreData } from './store-schema.ts';

/**
 * What Tokensmith keeps, where: the workspace folder (saved requests and environments, plain
 * files a team can keep in git) and, in the user-data folder, the store of what stays on this
 * machine (the vault, the ledger, the settings).
 */
export interface Storage {
  store: OpenedStore<StoreData>;
  /** The workspace folder; in memory, refusing changes, where nothing may be made or written. */
  workspace: WorkspaceStorage;
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
    const document = JSON.parse(readFileSync(path.join(dataDir, 'tokensmith.json'), 'utf8')) as {
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
 * folder, reads them back, and keeps the old file as `tokensmith.json.v1` before the store is
 * migrated without them. Records that break the schema stay in the kept copy. Anything that fails
 * leaves the version-1 file as it was, and says so in one line.
 */
function moveV1Workspace(options: { dataDir: string; owner: string }): void {
  const file = path.join(options.dataDir, 'tokensmith.json');
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
      copyFileSync(file, `${file}.v1`);
    } catch (error) {
      throw new AppError(
        'STORE_UNREADABLE',
        `Tokensmith could not move the saved requests of ${file} into a workspace folder (${error instanceof Error ? error.message : String(error)}); the file is left as it was.`,
        { hint: 'Check that the user-data folder can be written to, then start again.' },
      );
    }
  });
}

/**
 * Opens the store and the workspace. The workspace is `workspaceDir` when given (the command
 * line's --workspace), else the one the app last used, else the default one, made on first use.
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
  if (!options.readOnly) moveV1Workspace({ dataDir: options.dataDir, owner: options.owner });
  const store = openMainStore({
    dir: options.dataDir,
    createFile: options.createFile,
    owner: options.owner,
    ...(options.readOnly ? { readOnly: true } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  // A store of a newer Tokensmith is left alone, and so is everything beside it: nothing is made or written.
  if (store.notice?.kind === 'newer')
    return { store, workspace: new MemoryWorkspace({ environments: [], refuse: storeNoticeText(store.notice) }) };
  const fallback = defaultWorkspaceDir(options.dataDir);
  const dir = options.workspaceDir ?? store.data.settings.workspace ?? fallback;
  const isNew = !existsSync(path.join(dir, 'workspace.yaml'));
  if (options.readOnly && (isNew || v1)) {
    // A command that only reads makes no folder: there is nothing in one yet, or it is still in a version-1 store.
    return {
      store,
      workspace: new MemoryWorkspace({ ...(v1 ?? { environments: [] }), refuse: 'This command only reads.' }),
    };
  }
  const workspace = WorkspaceFolder.open(dir, {
    // An import killed after its requests were written still brings its secrets.
    commitSecrets: (sealed) => {
      Object.assign(store.data.vault.secrets, sealed);
      store.save(store.data);
    },
    // The default workspace is made on first use, and so is one that a writing command names (--workspace).
    create: !options.readOnly && (dir === fallback || options.workspaceDir !== undefined),
    owner: options.owner,
    ...(options.readOnly ? { readOnly: true } : {}),
    ...(dir === fallback ? { name: 'My workspace' } : {}),
  });
  // A new workspace starts with the built-in environments (Khoros' Production, VPC1, APP3 …).
  if (isNew && !options.readOnly) workspace.saveEnvironments(defaultEnvironments());
  return { store, workspace };
}
