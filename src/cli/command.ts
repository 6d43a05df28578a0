import type { parseArgs, ParseArgsOptionsConfig } from 'node:util';
import type { CommandPlace } from './store.ts';

/** Every flag of every command: one parser for all, so a flag means the same thing everywhere. */
export const OPTIONS = {
  json: { type: 'boolean', default: false },
  set: { type: 'string', multiple: true, default: [] as string[] },
  timeout: { type: 'string' },
  deadline: { type: 'string' },
  'no-browser': { type: 'boolean', default: false },
  insecure: { type: 'boolean', default: false },
  mask: { type: 'boolean', default: false },
  reveal: { type: 'boolean', default: false },
  from: { type: 'string' },
  saved: { type: 'string' },
  out: { type: 'string' },
  'data-dir': { type: 'string' },
  workspace: { type: 'string' },
  'without-secrets': { type: 'boolean', default: false },
  lang: { type: 'string' },
  htm: { type: 'string' },
  htu: { type: 'string' },
  nonce: { type: 'string' },
  'allow-refs': { type: 'boolean', default: false },
  'min-ttl': { type: 'string' },
  interactive: { type: 'boolean', default: false },
  'token-env': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsOptionsConfig;

export type Flags = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>
>['values'];

/** What a command runs with, parsed once by main.ts. */
export interface CommandContext {
  /** The words of the command line; the first is the command's name. */
  positionals: string[];
  flags: Flags;
  /** The app's data folder and the workspace. */
  place: CommandPlace;
  /** `--timeout`, checked. */
  timeoutMs: number | undefined;
  /** What follows `--` for `exec`: the command it runs, as given. */
  childCommand: string[];
}

/** A command prints its result and returns the exit code; it throws UsageError or AppError to fail. */
export type Command = (context: CommandContext) => Promise<number>;
