import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as kdbxweb from 'kdbxweb';
import { parseSecretRef } from '../../../shared/refs/secret-ref.ts';
import { findKdbxEntry, openKdbx } from './kdbx-ref.ts';
import { refError } from './ref-errors.ts';

/** The reference to a field of a KeePass entry, as the picker writes it. */
export function kdbxRefText(options: { path: string; entryPath: string; field: string }): string {
  const params = options.field === 'Password' ? '' : `?field=${encodeURIComponent(options.field)}`;
  return `ref+kdbx://${options.path}${params}#${options.entryPath}`;
}

/**
 * "Move to KeePassXC": writes a value into an entry of a KeePass database (made, with its groups,
 * when it is not there), saved beside and renamed over the file so a failure leaves the old one.
 * Returns the reference that reads it back.
 */
export async function writeKdbxEntry(options: {
  path: string;
  password: string | undefined;
  entryPath: string;
  field?: string;
  value: string;
}): Promise<string> {
  const field = options.field ?? 'Password';
  const text = kdbxRefText({ path: options.path, entryPath: options.entryPath, field });
  const ref = parseSecretRef(text);
  const db = await openKdbx(ref, { path: options.path, password: options.password });
  let entry = findKdbxEntry(db, options.entryPath);
  if (!entry) {
    const parts = options.entryPath.split('/').filter((part) => part !== '');
    const title = parts.pop();
    if (!title) throw refError('REF_INVALID', ref, { what: 'names no entry', hint: 'Give the entry as Group/Title.' });
    let group = db.getDefaultGroup();
    for (const name of parts) group = group.groups.find((child) => child.name === name) ?? db.createGroup(group, name);
    entry = db.createEntry(group);
    entry.fields.set('Title', title);
  }
  entry.fields.set(field, kdbxweb.ProtectedValue.fromString(options.value));
  entry.times.update();
  const bytes = new Uint8Array(await db.save());
  const temporary = join(dirname(options.path), `.${basename(options.path)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, bytes, { mode: 0o600 });
    await rename(temporary, options.path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw refError('REF_UNAVAILABLE', ref, {
      what: `${options.path} could not be written`,
      hint: 'Check that the folder is writable and the database is not open read-only elsewhere.',
      cause: error,
    });
  }
  return text;
}
