import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodedSecretForms, secretForms } from '../../../src/shared/domain/secrets.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../../fixtures/simulators/kaisa.ts';
import { tokensmith, tokensmithOnTerminal, type CliResult } from '../../support/cli.ts';
import {
  kdbxVersion,
  makeKdbxwebDatabase,
  makeKeepassxcDatabase,
  makeKeyFileDatabase,
  makePassStore,
} from '../../support/password-stores.ts';
import { comparable, runProgram } from '../../support/shell.ts';
import { workspaceOnDisk } from '../../support/workspace.ts';

/**
 * `ref+…` secrets on the command line, end to end: a real password store (GnuPG key made here),
 * real KeePass databases (keepassxc-cli and kdbxweb), the real CLI against the Kaisa simulator.
 */

const KDBX_PASSWORD = 'kdbx master pässword';
const VAULT_PASSPHRASE = 'correct horse battery staple';

let root: string;
let kaisa: KaisaSimulator;
let passEnv: Record<string, string>;
let keepassxcDb: string;
let kdbxwebDb: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tokensmith-refs-'));
  kaisa = await startKaisaSimulator();
  const store = await makePassStore(root);
  passEnv = store.env;
  await store.insert('kaisa/client-secret', KAISA_CLIENT.clientSecret);
  keepassxcDb = path.join(root, 'team.kdbx');
  kdbxwebDb = path.join(root, 'made by kdbxweb.kdbx');
  await makeKeepassxcDatabase({
    file: keepassxcDb,
    password: KDBX_PASSWORD,
    group: 'Kaisa',
    title: 'Prod',
    entryPassword: KAISA_CLIENT.clientSecret,
    username: KAISA_CLIENT.clientId,
  });
  await makeKdbxwebDatabase({
    file: kdbxwebDb,
    password: KDBX_PASSWORD,
    group: 'Kaisa',
    title: 'Prod',
    entryPassword: 'not this one',
    custom: { 'API secret': KAISA_CLIENT.clientSecret },
  });
}, 120_000);
afterAll(async () => {
  await Promise.all([kaisa.close(), rm(root, { recursive: true, force: true })]);
});

const kaisaSets = (secret: string): string[] => [
  '--set',
  `tokenUrl=${kaisa.tokenUrl}`,
  '--set',
  `clientId=${KAISA_CLIENT.clientId}`,
  '--set',
  `clientSecret=${secret}`,
];

function expectNoSecret(text: string): void {
  for (const form of [...secretForms(KAISA_CLIENT.clientSecret), ...encodedSecretForms(KAISA_CLIENT.clientSecret)])
    expect(text).not.toContain(form);
}

/** A failure: exit 1, nothing on stdout, one `tokensmith: …` line, no secret. */
function failureLine(result: CliResult): string {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n')).toHaveLength(2);
  expectNoSecret(result.stderr);
  return result.stderr.trimEnd();
}

function expectToken(result: CliResult): void {
  expect(result.code, result.stderr).toBe(0);
  expect(kaisa.issued).toContain(result.stdout.trimEnd());
  expectNoSecret(result.stderr);
}

describe.concurrent('tokensmith grant with references', () => {
  it('ref+pass:// reads the first line of the entry through pass', async () => {
    expectToken(await tokensmith(['grant', 'kaisa', ...kaisaSets('ref+pass://kaisa/client-secret')], { env: passEnv }));
  });

  it('ref+kdbx:// reads a KDBX 4 database made by keepassxc-cli, with the password from TOKENSMITH_KDBX_PASSWORD', async () => {
    expect(await kdbxVersion(keepassxcDb)).toBe(4);
    expectToken(
      await tokensmith(['grant', 'kaisa', ...kaisaSets(`ref+kdbx://${keepassxcDb}#Kaisa/Prod`)], {
        env: { TOKENSMITH_KDBX_PASSWORD: KDBX_PASSWORD },
      }),
    );
  });

  it('ref+kdbx:// takes the database password from the first line of a piped stdin, as keepassxc-cli does', async () => {
    expectToken(
      await tokensmith(['grant', 'kaisa', ...kaisaSets(`ref+kdbx://${keepassxcDb}#Kaisa/Prod`)], {
        stdin: `${KDBX_PASSWORD}\n`,
      }),
    );
    const line = failureLine(
      await tokensmith(['grant', 'kaisa', ...kaisaSets(`ref+kdbx://${keepassxcDb}#Kaisa/Prod`)], { stdin: '' }),
    );
    expect(line).toContain(`: no password was given for ${keepassxcDb}. — Give the KeePass password`);
  });

  it('ref+kdbx:// reads a custom attribute of a KDBX 4 (Argon2) database made by kdbxweb', async () => {
    expect(await kdbxVersion(kdbxwebDb)).toBe(4);
    expectToken(
      await tokensmith(['grant', 'kaisa', ...kaisaSets(`ref+kdbx://${kdbxwebDb}?field=API%20secret#Kaisa/Prod`)], {
        env: { TOKENSMITH_KDBX_PASSWORD: KDBX_PASSWORD },
      }),
    );
  });

  it('ref+env:// and ref+file:// with a JSON pointer', async () => {
    const file = path.join(root, 'secrets.yaml');
    await writeFile(file, `kaisa:\n  secret: ${JSON.stringify(KAISA_CLIENT.clientSecret)}\n`);
    expectToken(
      await tokensmith(['grant', 'kaisa', ...kaisaSets('ref+env://KAISA_SECRET')], {
        env: { KAISA_SECRET: KAISA_CLIENT.clientSecret },
      }),
    );
    expectToken(await tokensmith(['grant', 'kaisa', ...kaisaSets(`ref+file://${file}#/kaisa/secret`)]));
  });

  it('a wrong KeePass password: one line naming the reference, exit 1, no value', async () => {
    const ref = `ref+kdbx://${keepassxcDb}#Kaisa/Prod`;
    const line = failureLine(
      await tokensmith(['grant', 'kaisa', ...kaisaSets(ref)], { env: { TOKENSMITH_KDBX_PASSWORD: 'wrong' } }),
    );
    expect(line).toBe(
      `tokensmith: ${ref}: the password does not open ${keepassxcDb}. — Check the KeePass password (command line: TOKENSMITH_KDBX_PASSWORD, or type it at the prompt), and the key file.`,
    );
  });

  it('each failure is one line that names the reference and what to do', async () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      [
        'ref+pass://kaisa/nope',
        passEnv,
        /^tokensmith: ref\+pass:\/\/kaisa\/nope: there is no such entry in the password store\. — Check the path with `pass ls`/,
      ],
      [
        'ref+pass://kaisa/client-secret',
        { PASSWORD_STORE_DIR: path.join(root, 'no-store'), GNUPGHOME: passEnv.GNUPGHOME! },
        /^tokensmith: ref\+pass:\/\/kaisa\/client-secret: (there is no password store here|there is no such entry in the password store)\./,
      ],
      [
        'ref+op://Team/Kaisa/secret',
        { PATH: '/usr/bin:/bin' },
        /^tokensmith: ref\+op:\/\/Team\/Kaisa\/secret: op is not installed \(the 1Password command line\)\. — Install it/,
      ],
      [`ref+file://${root}/absent.txt`, {}, /: there is no file .*absent\.txt\. — Check the path/],
      [
        `ref+kdbx://${keepassxcDb}#Kaisa/Staging`,
        { TOKENSMITH_KDBX_PASSWORD: KDBX_PASSWORD },
        /has no entry Kaisa\/Staging\. — Check the groups and the title/,
      ],
      ['ref+env://TOKENSMITH_TEST_UNSET', {}, /the environment variable TOKENSMITH_TEST_UNSET is not set/],
    ];
    for (const [ref, env, expected] of cases) {
      expect(failureLine(await tokensmith(['grant', 'kaisa', ...kaisaSets(ref)], { env }))).toMatch(expected);
    }
    expect(kaisa.requests.filter((request) => request.body.toString().includes('nope'))).toEqual([]);
  });
});

describe('references that did not come from the command line need approval', () => {
  it('a saved request imported with a ref+pass:// secret is not read without --allow-refs', async () => {
    const dataDir = path.join(root, 'app');
    const file = path.join(root, 'kaisa.sh');
    await writeFile(
      file,
      `curl -X POST ${kaisa.tokenUrl} -d grant_type=client_credentials -d client_id=${KAISA_CLIENT.clientId} --data-urlencode client_secret=ref+pass://kaisa/client-secret\n`,
    );
    const env = { ...passEnv, TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE };
    const imported = await tokensmith(['import', file, '--data-dir', dataDir], { env });
    expect(imported.code, imported.stderr).toBe(0);
    // A reference is not a secret: it is in the request's file, where a teammate gets it, not in the vault.
    expect(workspaceOnDisk(dataDir).requests).toMatchObject([
      { refs: { clientSecret: 'ref+pass://kaisa/client-secret' }, secretFields: [] },
    ]);
    const before = kaisa.requests.length;
    // cURL imports are saved under the generic profile's name.
    const name = 'Generic OAuth 2.0 token';
    const refusedRun = await tokensmith(['grant', '--saved', name, '--data-dir', dataDir], { env });
    const refused = failureLine(refusedRun);
    expect(refused).toMatch(
      /^tokensmith: ref\+pass:\/\/kaisa\/client-secret: .* not approved on this machine\. — Add --allow-refs/,
    );
    expect(kaisa.requests.length).toBe(before);
    expectToken(await tokensmith(['grant', '--saved', name, '--data-dir', dataDir, '--allow-refs'], { env }));
  });
});

describe('the exported cURL command fetches the reference itself', () => {
  it.each([
    ['pass', 'ref+pass://kaisa/client-secret', `"$(pass show kaisa/client-secret | head -n 1)"`],
    ['kdbx', 'KDBX', `"$(keepassxc-cli show -s -a Password`],
  ])('%s: bash sends the same request as the engine', async (_name, given, fetch) => {
    const ref = given === 'KDBX' ? `ref+kdbx://${keepassxcDb}#Kaisa/Prod` : given;
    const env = { ...passEnv, TOKENSMITH_KDBX_PASSWORD: KDBX_PASSWORD };
    const exported = await tokensmith(['curl', 'kaisa', ...kaisaSets(ref)], { env });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(fetch);
    expect(exported.stdout).not.toContain('export TOKENSMITH_KAISA_CLIENT_SECRET');
    expectNoSecret(exported.stdout);

    const engineAt = kaisa.requests.length;
    expectToken(await tokensmith(['grant', 'kaisa', ...kaisaSets(ref)], { env }));
    const engine = kaisa.requests[engineAt]!;

    const curlAt = kaisa.requests.length;
    // keepassxc-cli asks for the database password on the terminal: here it reads it from stdin.
    const ran = await runProgram('bash', ['-c', `printf '%s\\n' "$KDBX" | {\n${exported.stdout.trimEnd()}\n}`], {
      ...passEnv,
      KDBX: KDBX_PASSWORD,
    });
    expect(ran.code, ran.stderr).toBe(0);
    expect(comparable(kaisa.requests[curlAt]!)).toEqual(comparable(engine));
  });
});

describe('a KeePass reference with a key file', () => {
  it('the exported cURL opens the database with the key file alone: no password asked, the same request as the engine', async () => {
    const db = path.join(root, 'key file only.kdbx');
    const keyFile = path.join(root, 'team.keyx');
    await makeKeyFileDatabase({
      file: db,
      keyFile,
      group: 'Kaisa',
      title: 'Prod',
      entryPassword: KAISA_CLIENT.clientSecret,
    });
    const ref = `ref+kdbx://${db}?keyfile=${keyFile}#Kaisa/Prod`;
    const exported = await tokensmith(['curl', 'kaisa', ...kaisaSets(ref)]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(
      `"$(keepassxc-cli show --no-password -k ${keyFile} -s -a Password '${db}' Kaisa/Prod)"`,
    );
    expectNoSecret(exported.stdout);

    const engineAt = kaisa.requests.length;
    expectToken(await tokensmith(['grant', 'kaisa', ...kaisaSets(ref)]));
    const engine = kaisa.requests[engineAt]!;
    const curlAt = kaisa.requests.length;
    // No terminal and nothing on stdin: a command that asked for a password would get none.
    const ran = await runProgram('bash', ['-c', exported.stdout]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).not.toContain('Enter password');
    expect(comparable(kaisa.requests[curlAt]!)).toEqual(comparable(engine));

    // On a terminal too, the key file opens it: no password is asked (an empty answer would be taken as one).
    const onTerminal = await tokensmithOnTerminal(['grant', 'kaisa', ...kaisaSets(ref)], { stdin: '\n' });
    expect(onTerminal.stdout).not.toContain('Password of the KeePass database');
    expect(onTerminal.code, onTerminal.stdout).toBe(0);
    expect(kaisa.issued.some((token) => onTerminal.stdout.includes(token))).toBe(true);
  });
});

describe('a snippet in a shell language fetches the reference itself', () => {
  it.each(['curl', 'httpie'])('snippet --lang %s: nothing to set first for it', async (lang) => {
    const ref = 'ref+pass://kaisa/client-secret';
    const exported = await tokensmith(['snippet', 'kaisa', '--lang', lang, ...kaisaSets(ref)], { env: passEnv });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(`"$(pass show kaisa/client-secret | head -n 1)"`);
    expect(exported.stdout.split('\n')[0]).toBe('# 1. Request a token');
    expectNoSecret(exported.stdout);
  });
});
