import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SnippetLang } from '../../src/shared/snippets/index.ts';
import { runProgram, type ShellResult } from './shell.ts';

const run = promisify(execFile);

/** The languages whose runtime can be installed here; PowerShell is not in Debian's repositories. */
export type RunnableLang = Exclude<SnippetLang, 'powershell'>;
export const RUNNABLE_LANGS: readonly RunnableLang[] = ['curl', 'httpie', 'python', 'fetch'];

/**
 * What each runtime sends on its own that the snippet cannot turn off, by lower-cased name: Python's
 * http.client adds `Accept-Encoding: identity` when a request has none (requests and HTTPie both go
 * through it); Node's fetch adds the Fetch standard's `Accept-Language`, `Sec-Fetch-Mode` and
 * `Accept-Encoding`. Headers the engine sends itself are always compared.
 */
export const RUNTIME_HEADERS: Record<RunnableLang, readonly string[]> = {
  curl: [],
  httpie: ['accept-encoding'],
  python: ['accept-encoding'],
  fetch: ['accept-language', 'sec-fetch-mode', 'accept-encoding'],
};

/** The first Python 3 that can import requests: pyenv's or another on the PATH first, then Debian's. */
async function findPython(): Promise<string> {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    try {
      const { stdout } = await run(candidate, ['-c', 'import requests, sys; print(sys.executable)']);
      return stdout.trim();
    } catch {
      // Missing, or without requests: try the next one.
    }
  }
  throw new Error('No python3 here can import requests; install it (Debian: apt-get install python3-requests).');
}

async function checkHttpie(): Promise<void> {
  try {
    await run('http', ['--version']);
  } catch {
    throw new Error('HTTPie is not installed; install it (Debian: apt-get install httpie).');
  }
}

export interface SnippetRunner {
  /** Runs a snippet as a user would (bash for cURL and HTTPie, python3, node), with extra variables. */
  run(lang: RunnableLang, code: string, env?: Record<string, string>): Promise<ShellResult>;
  close(): void;
}

/** Checks every runtime once; a missing one fails the suite with the package that provides it. */
export async function snippetRunner(): Promise<SnippetRunner> {
  const [python] = await Promise.all([findPython(), checkHttpie()]);
  const dir = mkdtempSync(path.join(tmpdir(), 'tokensmith-snippets-'));
  // A fresh HTTPie configuration: the developer's own defaults stay out, and HTTPie does not look
  // for a newer version of itself (there is no network here).
  const configDir = path.join(dir, 'httpie');
  mkdirSync(configDir);
  writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ disable_update_warnings: true }));
  let files = 0;

  function command(lang: RunnableLang, code: string): [string, string[]] {
    switch (lang) {
      case 'curl':
      case 'httpie':
        return ['bash', ['-c', code]];
      case 'python': {
        const file = path.join(dir, `snippet-${++files}.py`);
        writeFileSync(file, code);
        return [python, [file]];
      }
      case 'fetch': {
        // An ES module, as the snippet is written: top-level await.
        const file = path.join(dir, `snippet-${++files}.mjs`);
        writeFileSync(file, code);
        return [process.execPath, [file]];
      }
    }
  }

  return {
    run: (lang, code, env = {}) => {
      const [program, args] = command(lang, code);
      return runProgram(program, args, { HTTPIE_CONFIG_DIR: configDir, ...env });
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
