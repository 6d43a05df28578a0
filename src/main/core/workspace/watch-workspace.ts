import { watch } from 'chokidar';
import path from 'node:path';
import type { WorkspaceFolder } from './workspace-folder.ts';

/** How long a burst of file events (a `git pull`, an editor's save) is gathered before one reload. */
const SETTLE_MS = 150;

/**
 * Watches a workspace folder for changes made outside this process (a `git pull`, a teammate's
 * commit, an editor, the command line) and reloads it, then calls `onChange`. This process's own
 * writes are recognised and cause no reload.
 */
export function watchWorkspace(
  folder: WorkspaceFolder,
  onChange: () => void,
): { ready: Promise<void>; close(): Promise<void> } {
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(folder.dir, {
    ignoreInitial: true,
    // The lock and journal, and git's own folder, are no part of the workspace's content.
    ignored: (file) => {
      const relative = path.relative(folder.dir, file).split(path.sep);
      return relative[0] === '.tokensmith' || relative[0] === '.git';
    },
  });
  const settle = (): void => {
    timer = undefined;
    const files = [...changed];
    changed.clear();
    if (files.every((file) => folder.isOwnWrite(file))) return;
    folder.reload();
    onChange();
  };
  watcher.on('all', (_event, file) => {
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(settle, SETTLE_MS);
  });
  return {
    // Until its first scan is done, the watcher may take a new file for one that was there.
    ready: new Promise((resolve) => watcher.once('ready', () => resolve())),
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
