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
import { WorkspaceFolder } from '../workspace/workspace-folder.ts';
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
  workspace: WorkspaceFolder;
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
  if (!options.readOnly) moveV1Workspace({ dataDir: options.dataDir, owner: options.owner });
  const store = openMainStore({
    dir: options.dataDir,
    createFile: options.createFile,
    owner: options.owner,
    ...(options.readOnly ? { readOnly: true } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const fallback = defaultWorkspaceDir(options.dataDir);
  const dir = options.workspaceDir ?? store.data.settings.workspace ?? fallback;
  const isNew = !existsSync(path.join(dir, 'workspace.yaml'));
  const workspace = WorkspaceFolder.open(dir, {
    // The default workspace is made on first use; a folder someone named must already be one,
    // unless it is new and empty (tokensmith import --workspace into a new folder).
    create: !options.readOnly && (dir === fallback || options.workspaceDir !== undefined),
    owner: options.owner,
    ...(options.readOnly ? { readOnly: true } : {}),
    ...(dir === fallback ? { name: 'My workspace' } : {}),
  });
  // A new workspace starts with the built-in environments (Khoros' Production, VPC1, APP3 …).
  if (isNew && !options.readOnly) workspace.saveEnvironments(defaultEnvironments());
  return { store, workspace };
}
