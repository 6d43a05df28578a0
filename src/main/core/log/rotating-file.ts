import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export interface RotatingFileOptions {
  /** The folder the log files live in; created (owner only) when missing. */
  dir: string;
  /** `main.log`; older files are `main.log.1` (the newest) to `main.log.<keep - 1>`. */
  name?: string;
  /** A file is rotated before a line would take it past this size. */
  maxBytes?: number;
  /** How many files are kept, the current one included. */
  keep?: number;
}

export interface LogSink {
  /** Appends one line (without its newline). Never throws: logging must not take the app down. */
  write(line: string): void;
  readonly path: string;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;
const DEFAULT_KEEP = 5;

/**
 * A log file that rotates by size and keeps a fixed number of files. Writes are synchronous on
 * purpose: log volume is small, lines stay in order, and nothing is lost when the app quits or
 * crashes right after logging.
 */
export function createRotatingFile(options: RotatingFileOptions): LogSink {
  const name = options.name ?? 'main.log';
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const keep = Math.max(1, options.keep ?? DEFAULT_KEEP);
  const file = path.join(options.dir, name);
  let size: number | undefined;

  const currentSize = (): number => {
    if (size === undefined) {
      try {
        size = statSync(file).size;
      } catch {
        size = 0;
      }
    }
    return size;
  };

  const rotate = (): void => {
    rmSync(`${file}.${keep - 1}`, { force: true });
    for (let index = keep - 2; index >= 1; index--) {
      try {
        renameSync(`${file}.${index}`, `${file}.${index + 1}`);
      } catch {
        // A gap in the sequence (a file someone deleted) is not a reason to stop logging.
      }
    }
    if (keep > 1) renameSync(file, `${file}.1`);
    else rmSync(file, { force: true });
    size = 0;
  };

  return {
    path: file,
    write(line) {
      const text = `${line}\n`;
      const bytes = Buffer.byteLength(text);
      try {
        if (size === undefined) mkdirSync(options.dir, { recursive: true, mode: 0o700 });
        if (currentSize() > 0 && currentSize() + bytes > maxBytes) rotate();
        appendFileSync(file, text, { mode: 0o600 });
        size = currentSize() + bytes;
      } catch {
        // Disk full or folder gone: the app goes on without its log rather than failing the user.
        size = undefined;
      }
    },
  };
}
