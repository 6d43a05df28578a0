import { redact, redactString } from './redact.ts';
import type { LogSink } from './rotating-file.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug: (message: string, fields?: LogFields) => void;
  info: (message: string, fields?: LogFields) => void;
  warn: (message: string, fields?: LogFields) => void;
  error: (message: string, fields?: LogFields) => void;
}

export interface LoggerOptions {
  sink: LogSink;
  /** Records below this level are dropped. */
  level?: LogLevel;
  now?: () => Date;
}

/**
 * The main process's logger: one JSON object per line (`time`, `level`, `msg`, then the fields),
 * every record passed through {@link redact} before it is written, so a caller cannot log a
 * credential by mistake.
 */
export function createLogger(options: LoggerOptions): Logger {
  const threshold = RANK[options.level ?? 'info'];
  const now = options.now ?? (() => new Date());
  const log = (level: LogLevel, message: string, fields: LogFields = {}): void => {
    if (RANK[level] < threshold) return;
    const safe = redact(fields) as LogFields;
    const record: LogFields = { time: now().toISOString(), level, msg: redactString(message) };
    // A field cannot pose as the time, the level or the message.
    for (const [key, value] of Object.entries(safe)) if (!(key in record)) record[key] = value;
    options.sink.write(JSON.stringify(record));
  };
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}
