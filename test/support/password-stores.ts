import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import * as kdbxweb from 'kdbxweb';
// Sets kdbxweb's Argon2 (hash-wasm), as the app does, so kdbxweb can write a KDBX 4 database.
import '../../src/main/core/refs/kdbx-ref.ts';

const exec = promisify(execFile);

/** Runs a program with its input on stdin (keepassxc-cli and pass read passwords there). */
function withInput(command: string, args: string[], options: { input: string; env: NodeJS.ProcessEnv }) {
  return new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    const child = execFile(command, args, { env: options.env }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command} ${args.join(' ')}: ${stderr}`)) : resolve({ stdout, stderr }),
    );
    child.stdin?.end(options.input);
  });
}

/** A real password store: a GnuPG key without passphrase in its own GNUPGHOME, and `pass init`. */
export async function makePassStore(
  dir: string,
): Promise<{ env: Record<string, string>; insert(name: string, value: string): Promise<void> }> {
  const env = {
    GNUPGHOME: path.join(dir, 'gnupg'),
    PASSWORD_STORE_DIR: path.join(dir, 'password-store'),
  };
  await mkdir(env.GNUPGHOME, { mode: 0o700 });
  const processEnv = { ...process.env, ...env };
  await exec(
    'gpg',
    [
      '--batch',
      '--passphrase',
      '',
      '--quick-gen-key',
      'Tokensmith Test <test@tokensmith.invalid>',
      'default',
      'default',
      'never',
    ],
    { env: processEnv },
  );
  const { stdout } = await exec('gpg', ['--batch', '--with-colons', '--list-keys'], { env: processEnv });
  const fingerprint = /^fpr:+([0-9A-F]+):/m.exec(stdout)?.[1];
  if (!fingerprint) throw new Error(`no key made: ${stdout}`);
  await exec('pass', ['init', fingerprint], { env: processEnv });
  return {
    env,
    insert: async (name, value) => {
      await withInput('pass', ['insert', '--multiline', name], { input: `${value}\nuser: someone\n`, env: processEnv });
    },
  };
}

/**
 * A KDBX 4 database made by keepassxc-cli: `db-create` writes KDBX 3.1, so the entry is exported to
 * XML, given a custom data item (a KDBX 4 feature) and imported, which keepassxc-cli saves as KDBX 4.
 */
export async function makeKeepassxcDatabase(options: {
  file: string;
  password: string;
  group: string;
  title: string;
  entryPassword: string;
  username?: string;
}): Promise<void> {
  const { file, password } = options;
  const first = `${file}.v3.kdbx`;
  await withInput('keepassxc-cli', ['db-create', '-p', first], {
    input: `${password}\n${password}\n`,
    env: process.env,
  });
  await withInput('keepassxc-cli', ['mkdir', first, options.group], { input: `${password}\n`, env: process.env });
  await withInput(
    'keepassxc-cli',
    ['add', '-p', ...(options.username ? ['-u', options.username] : []), first, `${options.group}/${options.title}`],
    { input: `${password}\n${options.entryPassword}\n`, env: process.env },
  );
  const { stdout: xml } = await withInput('keepassxc-cli', ['export', '-f', 'xml', first], {
    input: `${password}\n`,
    env: process.env,
  });
  const xmlFile = `${file}.xml`;
  await writeFile(
    xmlFile,
    xml.replace(
      '<Entry>',
      '<Entry><CustomData><Item><Key>made-by</Key><Value>tokensmith test</Value></Item></CustomData>',
    ),
  );
  await withInput('keepassxc-cli', ['import', '-p', xmlFile, file], {
    input: `${password}\n${password}\n`,
    env: process.env,
  });
}

/** A database opened by a key file alone (no password), made by keepassxc-cli, with one entry. */
export async function makeKeyFileDatabase(options: {
  file: string;
  keyFile: string;
  group: string;
  title: string;
  entryPassword: string;
}): Promise<void> {
  const { file, keyFile } = options;
  const env = process.env;
  await withInput('keepassxc-cli', ['db-create', '--set-key-file', keyFile, file], { input: '', env });
  await withInput('keepassxc-cli', ['mkdir', '--no-password', '-k', keyFile, file, options.group], { input: '', env });
  await withInput(
    'keepassxc-cli',
    ['add', '--no-password', '-k', keyFile, '-p', file, `${options.group}/${options.title}`],
    { input: `${options.entryPassword}\n`, env },
  );
}

/** The KDBX major version in a database's header (bytes 10–11). */
export async function kdbxVersion(file: string): Promise<number> {
  return (await readFile(file)).readUInt16LE(10);
}

/** A KDBX 4 database with Argon2 made by kdbxweb, with a custom attribute on the entry. */
export async function makeKdbxwebDatabase(options: {
  file: string;
  password: string;
  group: string;
  title: string;
  entryPassword: string;
  custom?: Record<string, string>;
}): Promise<void> {
  const db = kdbxweb.Kdbx.create(new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(options.password)), 'Team');
  const group = db.createGroup(db.getDefaultGroup(), options.group);
  const entry = db.createEntry(group);
  entry.fields.set('Title', options.title);
  entry.fields.set('Password', kdbxweb.ProtectedValue.fromString(options.entryPassword));
  for (const [name, value] of Object.entries(options.custom ?? {}))
    entry.fields.set(name, kdbxweb.ProtectedValue.fromString(value));
  await writeFile(options.file, new Uint8Array(await db.save()));
}
