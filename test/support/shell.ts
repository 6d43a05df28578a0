import { spawn } from 'node:child_process';
import type { CapturedRequest } from '../fixtures/simulators/sim-server.ts';

export interface ShellResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program with a clean environment (PATH, HOME and the given variables only) and collects
 * what it prints, as a user running a pasted command in a terminal would see it.
 */
export function runProgram(
  program: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a command line with bash, as a user pasting it into a terminal would, with extra variables. */
export function runBash(command: string, env: Record<string, string> = {}): Promise<ShellResult> {
  return runProgram('bash', ['-c', command], env);
}

/** Headers that the transport chooses, not the request: they may differ between undici and curl. */
const TRANSPORT_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);

/** What must be identical when the engine and an exported cURL send "the same request". */
export function comparable(request: CapturedRequest): {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
} {
  return {
    method: request.method,
    path: request.path,
    query: request.query,
    headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => !TRANSPORT_HEADERS.has(name))),
    body: request.body.toString('hex'),
  };
}
