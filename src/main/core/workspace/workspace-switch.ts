import type { OpenedStore } from '../store/open-store.ts';
import type { SettingsFile } from '../store/store-schema.ts';
import { watchWorkspace } from './watch-workspace.ts';
import type { Workspace } from './workspace.ts';
import { WorkspaceFolder } from './workspace-folder.ts';

/** How many workspaces File › Open Recent remembers. */
const RECENT = 10;

export interface WorkspaceSwitch {
  current(): { dir: string | null; name: string | null; recent: string[] };
  /** Opens a workspace folder (or makes one with `create`), watches it, and remembers it. */
  open(dir: string, options: { create: boolean }): Promise<void>;
  /** Resolves once the folder in use is being watched. */
  watching(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Which workspace folder the app works on: the one it opened with, then whichever the user opens.
 * The folder in use is watched, so changes made outside the app reach the window (`onChange`).
 */
export function workspaceSwitch(options: {
  workspace: Workspace;
  settings: OpenedStore<SettingsFile>;
  owner: string;
  onChange: () => void;
}): WorkspaceSwitch {
  const { workspace, settings } = options;
  const watch = () => {
    const files = workspace.files;
    return files instanceof WorkspaceFolder ? watchWorkspace(files, options.onChange) : undefined;
  };
  let watcher = watch();
  return {
    current: () => {
      const files = workspace.files;
      return {
        dir: files.dir ?? null,
        name: files instanceof WorkspaceFolder ? files.name : null,
        recent: settings.data.recentWorkspaces ?? [],
      };
    },
    open: async (dir, { create }) => {
      const folder = WorkspaceFolder.open(dir, { create, owner: options.owner });
      await watcher?.close();
      workspace.use(folder);
      watcher = watch();
      const recent = [folder.dir, ...(settings.data.recentWorkspaces ?? []).filter((other) => other !== folder.dir)];
      settings.save({ ...settings.data, workspace: folder.dir, recentWorkspaces: recent.slice(0, RECENT) });
      options.onChange();
    },
    watching: () => watcher?.ready ?? Promise.resolve(),
    close: async () => {
      await watcher?.close();
    },
  };
}
