import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/** How long a burst of file events (one atomic write is several) is gathered before one look. */
const SETTLE_MS = 100;

/**
 * Watches the file the ledger is kept in for writes by other processes (the command line's
 * `tokensmith token`), so the window shows their tokens without a restart. The folder is watched,
 * not the file: every write renames a new file over the old one, which a watch on the file loses.
 * `onChange` decides whether anything changed (this process's own writes also fire).
 */
export function watchLedgerFile(options: { file: string; onChange: () => Promise<void> }): { close(): void } {
  const name = path.basename(options.file);
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(path.dirname(options.file), { persistent: false }, (_event, changed) => {
      // Some platforms do not say which file changed: then it may be this one.
      if (changed !== null && changed !== name) return;
      clearTimeout(timer);
      timer = setTimeout(() => void options.onChange().catch(() => undefined), SETTLE_MS);
    });
    // A folder that goes away ends the watch; the ledger view still refreshes when it is opened.
    watcher.on('error', () => watcher?.close());
  } catch {
    // A folder that cannot be watched: the same fallback.
  }
  return {
    close: () => {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
