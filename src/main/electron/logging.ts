import path from 'node:path';
import { app } from 'electron';
import { createLogger, type Logger } from '../core/log/logger.ts';
import { createRotatingFile } from '../core/log/rotating-file.ts';

/** The main process's log: redacted JSON lines in <user data>/logs/main.log, five files of 1 MB at most. */
export function createMainLogger(): { logger: Logger; file: string } {
  const sink = createRotatingFile({ dir: path.join(app.getPath('userData'), 'logs'), maxBytes: 1024 * 1024, keep: 5 });
  const logger = createLogger({ sink, level: process.env.TOKENSMITH_LOG_LEVEL === 'debug' ? 'debug' : 'info' });
  return { logger, file: sink.path };
}
