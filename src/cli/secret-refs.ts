import { createInterface } from 'node:readline';
import type { SecretRef } from '../shared/refs/secret-ref.ts';
import { createRefResolver, type RefResolver } from '../main/core/refs/resolve-values.ts';
import { promptSecret } from './prompt.ts';

/** Asks a yes/no question on the terminal; no terminal, no answer. */
function askYesNo(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return Promise.resolve(false);
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    rl.question(question, (answer) => {
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
  });
}

/**
 * The first line of a piped standard input, as keepassxc-cli takes its password
 * (`printf '%s\n' "$PW" | tokensmith grant …`); nothing when stdin is empty or closed.
 */
function firstLineOfStdin(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin });
    let line: string | undefined;
    rl.once('line', (text) => {
      line = text;
      rl.close();
    });
    rl.once('close', () => resolve(line === '' ? undefined : line));
  });
}

/**
 * The references approved on this machine, as the vault keeps them (the app's and the command
 * line's alike): `approveRef` only where the command has the vault open for writing.
 */
export interface RefApprovals {
  isRefApproved(text: string): boolean;
  approveRef?(text: string): void;
}

/**
 * How the command line reads references: those the person running it gave it (in its own `--set`
 * or its TOKENSMITH_<PROFILE>_<FIELD> variables, set in the same shell by the same person) and
 * those approved on this machine before without asking; others with `--allow-refs` or after a yes
 * on the terminal, which is then kept in the vault when the command may write it. A KeePass
 * database's password comes from TOKENSMITH_KDBX_PASSWORD, the terminal (a hidden prompt, not for
 * a reference with a key file) or the first line of a piped stdin, asked once per database and
 * kept in memory for this command only.
 */
export function cliRefResolver(options: {
  typed: ReadonlySet<string>;
  allowRefs: boolean;
  env: NodeJS.ProcessEnv;
  approvals?: RefApprovals | undefined;
}): RefResolver {
  const passwords = new Map<string, Promise<string | undefined>>();
  return createRefResolver({
    context: {
      env: options.env,
      kdbxPassword: (ref: SecretRef, path: string) => {
        const fromEnv = options.env.TOKENSMITH_KDBX_PASSWORD;
        if (fromEnv !== undefined && fromEnv !== '') return Promise.resolve(fromEnv);
        // A key file opens the database: asking on the terminal would take an empty answer for a password.
        if (ref.params.keyfile !== undefined && process.stdin.isTTY) return Promise.resolve(undefined);
        let asked = passwords.get(path);
        if (!asked) {
          asked = process.stdin.isTTY ? promptSecret(`Password of the KeePass database ${path}: `) : firstLineOfStdin();
          passwords.set(path, asked);
        }
        return asked;
      },
    },
    approve: async (ref) => {
      if (options.typed.has(ref.text) || options.approvals?.isRefApproved(ref.text)) return true;
      const yes =
        options.allowRefs ||
        (await askYesNo(`tokensmith: the saved values read ${ref.text}. Allow it on this machine? [y/N] `));
      if (yes) options.approvals?.approveRef?.(ref.text);
      return yes;
    },
    approvalHint:
      'Add --allow-refs if you trust where it came from (or run the command on a terminal to be asked), or give the value with --set.',
  });
}
