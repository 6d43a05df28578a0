import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type * as kdbxweb from 'kdbxweb';
import { parseSecretRef } from '../../../shared/refs/secret-ref.ts';
import { fieldText, openKdbx } from './kdbx-ref.ts';
import { runProgram } from './run-program.ts';

/** Where pass keeps its store: PASSWORD_STORE_DIR, else ~/.password-store. */
export function passStoreDir(env: NodeJS.ProcessEnv): string {
  return env.PASSWORD_STORE_DIR || join(env.HOME || homedir(), '.password-store');
}

/** The entries of the pass store: its `.gpg` files, named as `pass show` takes them. Nothing is decrypted. */
export async function passEntries(
  env: NodeJS.ProcessEnv,
): Promise<{ store: string; entries: string[]; problem?: string }> {
  const store = passStoreDir(env);
  try {
    const files = await readdir(store, { recursive: true, withFileTypes: true });
    const entries = files
      .filter((file) => file.isFile() && file.name.endsWith('.gpg'))
      .map((file) => join(file.parentPath, file.name).slice(store.length + 1, -'.gpg'.length))
      .filter((name) => !name.split('/').some((part) => part.startsWith('.')))
      .sort((a, b) => a.localeCompare(b));
    return { store, entries };
  } catch {
    return { store, entries: [], problem: `There is no password store at ${store} (pass init creates one).` };
  }
}

/** Fields every entry has that hold no secret worth a reference. */
const PLAIN_FIELDS = new Set(['Title', 'URL', 'Notes']);

/** A KeePass database's entries by `Group/Sub/Title`, with their field names; values stay inside. */
export async function kdbxEntries(options: {
  path: string;
  password: string | undefined;
}): Promise<{ path: string; fields: string[] }[]> {
  const ref = parseSecretRef(`ref+kdbx://${options.path}#browse`);
  const db = await openKdbx(ref, { path: options.path, password: options.password });
  const recycleBin = db.meta.recycleBinUuid?.id;
  const entries: { path: string; fields: string[] }[] = [];
  const walk = (group: kdbxweb.KdbxGroup, prefix: string): void => {
    if (recycleBin !== undefined && group.uuid.id === recycleBin) return;
    for (const entry of group.entries) {
      const title = fieldText(entry, 'Title') ?? '';
      if (title === '') continue;
      entries.push({
        path: `${prefix}${title}`,
        fields: [...entry.fields.keys()].filter((name) => !PLAIN_FIELDS.has(name)),
      });
    }
    for (const child of group.groups) walk(child, `${prefix}${child.name ?? ''}/`);
  };
  walk(db.getDefaultGroup(), '');
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}

/** 1Password items, by vault and title, when `op` is installed and signed in. */
export async function opItems(
  env: NodeJS.ProcessEnv,
): Promise<{ available: boolean; items: { vault: string; title: string }[]; problem?: string }> {
  const outcome = await runProgram({ command: 'op', args: ['item', 'list', '--format', 'json'], env });
  if (outcome.kind === 'missing')
    return { available: false, items: [], problem: 'op (the 1Password command line) is not installed.' };
  if (outcome.kind !== 'ok')
    return {
      available: true,
      items: [],
      problem: `op could not list items${outcome.kind === 'failed' && outcome.stderr ? ` (${outcome.stderr})` : ''}: sign in with op signin.`,
    };
  try {
    const list = JSON.parse(outcome.stdout) as { title?: string; vault?: { name?: string } }[];
    return {
      available: true,
      items: list.flatMap((item) =>
        item.title && item.vault?.name ? [{ vault: item.vault.name, title: item.title }] : [],
      ),
    };
  } catch {
    return { available: true, items: [], problem: 'op answered something that is not its JSON item list.' };
  }
}
