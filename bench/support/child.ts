import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Child {
  /** The line of JSON the child printed when it was ready. */
  info: unknown;
  /** Sends one line to the child and resolves with the next line it prints. */
  ask: (line: string) => Promise<string>;
  stop: () => Promise<void>;
}

/** Starts a Node script that prints one line of JSON when it is ready; closing its stdin stops it. */
export async function startChild(script: string, args: readonly string[] = []): Promise<Child> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done) throw new Error(`${script} exited with ${child.exitCode} before it answered`);
    return line.value;
  };
  const info = JSON.parse(await next()) as unknown;
  return {
    info,
    ask: (line) => {
      child.stdin.write(`${line}\n`);
      return next();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}
