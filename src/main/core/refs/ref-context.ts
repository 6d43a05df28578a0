import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SecretRef } from '../../../shared/refs/secret-ref.ts';

/** What resolving a reference needs from its surroundings. */
export interface RefContext {
  /** The environment `ref+env://` reads, and the programs run with (PASSWORD_STORE_DIR, GNUPGHOME). */
  env: NodeJS.ProcessEnv;
  /** How long a program may take. */
  timeoutMs?: number | undefined;
  /**
   * The password of a KeePass database (its absolute path): from the vault in the app, from
   * TOKENSMITH_KDBX_PASSWORD or a prompt on the command line. Undefined: none (a key file alone).
   */
  kdbxPassword?: (ref: SecretRef, path: string) => Promise<string | undefined>;
}

/** `~/x` is in the user's home folder; any other path is absolute already (the parser checked). */
export function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  return path.startsWith('~/') ? join(env.HOME || homedir(), path.slice(2)) : path;
}
