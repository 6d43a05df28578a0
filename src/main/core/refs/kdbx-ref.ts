import { argon2d, argon2id } from 'hash-wasm';
import * as kdbxweb from 'kdbxweb';
import { kdbxField, type SecretRef } from '../../../shared/refs/secret-ref.ts';
import { expandHome, type RefContext } from './ref-context.ts';
import { refError } from './ref-errors.ts';
import { readRefFile } from './file-ref.ts';

/**
 * kdbxweb leaves Argon2 (the KDF of KDBX 4) to its host: the hash-wasm Tokensmith already uses
 * for its own vault does it, in WebAssembly, without a native module.
 */
kdbxweb.CryptoEngine.setArgon2Impl(async (password, salt, memory, iterations, length, parallelism, type) => {
  const hash = type === kdbxweb.CryptoEngine.Argon2TypeArgon2d ? argon2d : argon2id;
  const bytes = await hash({
    password: new Uint8Array(password),
    salt: new Uint8Array(salt),
    memorySize: memory,
    iterations,
    hashLength: length,
    parallelism,
    outputType: 'binary',
  });
  return bytes.slice().buffer;
});

function asBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

/** Opens a KeePass database (KDBX 3.1 or 4) with its password and/or key file. */
export async function openKdbx(
  ref: SecretRef,
  options: { path: string; password: string | undefined; keyFile?: Uint8Array | undefined },
): Promise<kdbxweb.Kdbx> {
  const data = await readRefFile(ref, options.path);
  const credentials = new kdbxweb.Credentials(
    options.password === undefined ? null : kdbxweb.ProtectedValue.fromString(options.password),
    options.keyFile ? asBuffer(options.keyFile) : null,
  );
  try {
    return await kdbxweb.Kdbx.load(asBuffer(data), credentials);
  } catch (error) {
    if (error instanceof kdbxweb.KdbxError && error.code === kdbxweb.Consts.ErrorCodes.InvalidKey) {
      throw refError('REF_WRONG_PASSWORD', ref, {
        what: `the password${ref.params.keyfile ? ' or key file' : ''} does not open ${options.path}`,
        hint: 'Check the KeePass password (command line: TOKENSMITH_KDBX_PASSWORD, or type it at the prompt), and the key file.',
      });
    }
    throw refError('REF_UNAVAILABLE', ref, {
      what: `${options.path} is not a KeePass database Tokensmith can read (${error instanceof Error ? error.message : 'unreadable'})`,
      hint: 'Check that the file is a .kdbx (KDBX 3.1 or 4) database.',
      cause: error,
    });
  }
}

/**
 * The entry at `Group/Sub/Title`, from the root group, as keepassxc-cli names it; a path that
 * starts with the root group's own name is taken too.
 */
export function findKdbxEntry(db: kdbxweb.Kdbx, entryPath: string): kdbxweb.KdbxEntry | undefined {
  const root = db.getDefaultGroup();
  const parts = entryPath.split('/').filter((part) => part !== '');
  const title = parts.pop();
  const walk = (start: kdbxweb.KdbxGroup, names: string[]): kdbxweb.KdbxEntry | undefined => {
    let group: kdbxweb.KdbxGroup | undefined = start;
    for (const name of names) group = group?.groups.find((child) => child.name === name);
    return group?.entries.find((entry) => fieldText(entry, 'Title') === title);
  };
  return walk(root, parts) ?? (parts[0] === root.name ? walk(root, parts.slice(1)) : undefined);
}

/** A field of an entry as text; protected fields (the Password) are decrypted only here. */
export function fieldText(entry: kdbxweb.KdbxEntry, name: string): string | undefined {
  const value = entry.fields.get(name);
  if (value === undefined) return undefined;
  return value instanceof kdbxweb.ProtectedValue ? value.getText() : value;
}

/** The database password and key file a reference opens its database with. */
export async function kdbxCredentials(
  ref: SecretRef,
  context: RefContext,
): Promise<{ path: string; password: string | undefined; keyFile: Uint8Array | undefined }> {
  const path = expandHome(ref.path, context.env);
  const keyFile =
    ref.params.keyfile === undefined
      ? undefined
      : new Uint8Array(await readRefFile(ref, expandHome(ref.params.keyfile, context.env)));
  const password = await context.kdbxPassword?.(ref, path);
  if (password === undefined && keyFile === undefined) {
    throw refError('REF_UNAVAILABLE', ref, {
      what: `no password was given for ${path}`,
      hint: 'Give the KeePass password (command line: TOKENSMITH_KDBX_PASSWORD, or type it at the prompt), or add ?keyfile=… for a key file.',
    });
  }
  return { path, password, keyFile };
}

/** `ref+kdbx:///path/team.kdbx#Group/Entry[?field=UserName]`: an entry's field, Password by default. */
export async function resolveKdbxRef(ref: SecretRef, context: RefContext): Promise<string> {
  const credentials = await kdbxCredentials(ref, context);
  const db = await openKdbx(ref, credentials);
  const entryPath = ref.fragment ?? '';
  const entry = findKdbxEntry(db, entryPath);
  if (!entry)
    throw refError('REF_NOT_FOUND', ref, {
      what: `${credentials.path} has no entry ${entryPath}`,
      hint: `Check the groups and the title (keepassxc-cli ls ${credentials.path}), or pick the entry again.`,
    });
  const field = kdbxField(ref);
  const value = fieldText(entry, field);
  if (value === undefined || value === '')
    throw refError('REF_NOT_FOUND', ref, {
      what: `the entry ${entryPath} has no ${field}`,
      hint: 'Name a field the entry has: ?field=UserName, or the name of a custom attribute.',
    });
  return value;
}
