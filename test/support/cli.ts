import { spawn } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/tokensmith.js', import.meta.url));
/**
 * The developer's own TOKENSMITH_ variables would leak into the runs: only what a test sets counts.
 * Node's compile cache more than halves the start-up of each spawned CLI after the first.
 */
const BASE_ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TOKENSMITH_'))),
  NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? join(ROOT, 'node_modules', '.cache', 'tokensmith-cli-test'),
};
/** A CLI that hangs is killed, so a failing test leaves no process behind. */
const KILL_AFTER_MS = 20_000;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Added to the environment; a variable set to undefined is taken out of it. */
  env?: Record<string, string | undefined>;
  /** Written to a piped stdin; without it stdin is ignored (a piped stdin makes every spawn slower). */
  stdin?: string;
}

export interface CliProcess {
  done: Promise<CliResult>;
  /** The first capture group of the first stderr match; rejects if the process exits first. */
  stderrMatch(pattern: RegExp): Promise<string>;
  running(): boolean;
  /** Sends the process a signal (SIGINT as Ctrl-C does, SIGKILL as kill -9). */
  signal(name: NodeJS.Signals): void;
}

export function start(command: string, args: readonly string[], options: CliOptions = {}): CliProcess {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...BASE_ENV, ...options.env },
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let closed = false;
  const watchers = new Set<{ pattern: RegExp; resolve: (match: string) => void; reject: (error: Error) => void }>();
  const check = (): void => {
    for (const watcher of watchers) {
      const match = watcher.pattern.exec(stderr);
      if (match) {
        watchers.delete(watcher);
        watcher.resolve(match[1] ?? match[0]);
      } else if (closed) {
        watchers.delete(watcher);
        watcher.reject(new Error(`tokensmith exited without printing ${String(watcher.pattern)}; stderr: ${stderr}`));
      }
    }
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    check();
  });
  child.stdin?.end(options.stdin);
  const killer = setTimeout(() => child.kill(), KILL_AFTER_MS);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      closed = true;
      check();
      resolve({ code, stdout, stderr });
    });
  });
  return {
    done,
    stderrMatch: (pattern) =>
      new Promise((resolve, reject) => {
        watchers.add({ pattern, resolve, reject });
        check();
      }),
    running: () => child.exitCode === null && child.signalCode === null,
    signal: (name) => void child.kill(name),
  };
}

/** `node bin/tokensmith.js …`: what `tokensmith …` runs, without npm's start-up. */
export function tokensmith(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return start(process.execPath, [BIN, ...args], options).done;
}

/**
 * `tokensmith …` on a pseudo-terminal (script(1)), as a person at a terminal runs it: its prompts
 * read `options.stdin`, and stdout and stderr arrive together, in stdout.
 */
export function tokensmithOnTerminal(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const quoted = [process.execPath, BIN, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`);
  return start('script', ['-qec', quoted.join(' '), '/dev/null'], options).done;
}

/** `npx tokensmith …` from the repository root: npm finds the package's own bin. */
export function npxTokensmith(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  // The bin's `#!/usr/bin/env node` must find this Node (24), whatever else is on the PATH.
  const path = [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);
  return start('npx', ['tokensmith', ...args], { ...options, env: { PATH: path, ...options.env } }).done;
}
