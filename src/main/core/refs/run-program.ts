import { execFile } from 'node:child_process';
import { terminalSafe } from './ref-errors.ts';

/** A password manager that has not answered in this time is stuck (a pinentry nobody sees). */
export const PROGRAM_TIMEOUT_MS = 30_000;

export type ProgramOutcome =
  | { kind: 'ok'; stdout: string }
  | { kind: 'missing' }
  | { kind: 'timeout' }
  | { kind: 'failed'; code: number | null; stderr: string };

/**
 * Runs a password manager's command with an argument array (never a shell, so a reference cannot
 * inject one), its time bounded, its output kept in memory only. stderr is returned as a short,
 * single line stripped of control characters, for error messages.
 */
export function runProgram(options: {
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  timeoutMs?: number | undefined;
}): Promise<ProgramOutcome> {
  return new Promise((resolve) => {
    execFile(
      options.command,
      [...options.args],
      {
        env: options.env,
        timeout: options.timeoutMs ?? PROGRAM_TIMEOUT_MS,
        maxBuffer: 1024 * 1024,
        encoding: 'utf8',
        shell: false,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ kind: 'ok', stdout });
        const failure = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null };
        if (failure.code === 'ENOENT') return resolve({ kind: 'missing' });
        if (failure.killed || failure.signal === 'SIGTERM') return resolve({ kind: 'timeout' });
        resolve({
          kind: 'failed',
          code: typeof failure.code === 'number' ? failure.code : null,
          stderr: terminalSafe(stderr),
        });
      },
    );
  });
}
