import { existsSync } from 'node:fs';
import path from 'node:path';
import { defaultWorkspaceDir } from '../../src/main/core/store/storage.ts';
import { WorkspaceFolder } from '../../src/main/core/workspace/workspace-folder.ts';
import type { Environment, SavedRequest } from '../../src/shared/domain/workspace.ts';

/**
 * The saved requests and environments as they are on disk now, read as another process would:
 * from a workspace folder, or from the default workspace of a user-data folder.
 */
export function workspaceOnDisk(dir: string): { requests: SavedRequest[]; environments: Environment[]; dir: string } {
  const folder = WorkspaceFolder.open(existsSync(path.join(dir, 'workspace.yaml')) ? dir : defaultWorkspaceDir(dir), {
    create: false,
    owner: 'a test reading the folder',
    readOnly: true,
  });
  return { requests: folder.requests(), environments: folder.environments(), dir: folder.dir };
}
