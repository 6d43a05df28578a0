import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file so that a crash at any point leaves either the old file or the new one: the bytes
 * go to a temporary file beside it, which is flushed to disk and renamed over the target, and the
 * folder is flushed so the rename itself survives a power cut.
 */
export function writeFileAtomic(file: string, data: string, options: { mode?: number } = {}): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temporary, 'w', options.mode ?? 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  flushFolder(path.dirname(file));
}

function flushFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a folder to flush it; its renames are durable on their own (NTFS journal).
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
