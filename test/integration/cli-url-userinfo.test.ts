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
import { PROFILES } from '../../src/shared/providers/index.ts';
import { SNIPPET_LANGS } from '../../src/shared/snippets/index.ts';
import { startSimServer, type SimServer } from '../fixtures/simulators/sim-server.ts';
import { tokensmith } from '../support/cli.ts';
import { workspaceOnDisk } from '../support/workspace.ts';
import { runBash } from '../support/shell.ts';

/**
 * A `user:password@` in a URL: cURL and the snippets would send it as HTTP Basic, in clear in every
 * export mode, while the engine dropped it. It is refused where requests are built, naming the
 * field, and an import moves it into the client credentials (or leaves it out, saying so).
 */

const SECRET = 'oauth2-client-secret-0001';
const USERINFO_PASSWORD = 'url-pass-0001';
const VAULT_PASSPHRASE = 'correct horse battery staple';
const createFile = (options: StoreFileOptions): StoreFile<unknown> => new Conf<Record<string, unknown>>(options);
const REFUSAL =
  'tokensmith: Token URL contains a user name or password; put them in Client ID and Client secret instead. — Take "user:password@" out of Token URL.\n';

let server: SimServer;
let root: string;
beforeAll(async () => {
  [server, root] = await Promise.all([
    startSimServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"access_token":"t-0001","token_type":"Bearer"}');
    }),
    mkdtemp(path.join(tmpdir(), 'tokensmith-userinfo-')),
  ]);
});
afterAll(() => Promise.all([server.close(), rm(root, { recursive: true, force: true })]));

const fields = (): string[] =>
  Object.entries({
    grantType: 'client_credentials',
    tokenUrl: `${server.origin.replace('//', `//joe:${USERINFO_PASSWORD}@`)}/token`,
    clientId: 'app',
    clientAuth: 'form',
  }).flatMap(([name, value]) => ['--set', `${name}=${value}`]);
const ENV = { TOKENSMITH_OAUTH2_CLIENT_SECRET: SECRET };

describe('a URL with user:password@ is refused by the engine and by every export', () => {
  it('tokensmith curl (default and --mask): no command that bash would run with the userinfo', async () => {
    for (const mode of [[], ['--mask']]) {
      const printed = await tokensmith(['curl', 'oauth2', ...mode, ...fields()], { env: ENV });
      const before = server.requests.length;
      // Whatever was printed is run, as a user pasting it would: nothing may reach the server with the userinfo.
      const shell = await runBash(printed.stdout, ENV);
      const reached = server.requests.slice(before);
      expect(reached.map((request) => request.headers.authorization)).toEqual(reached.map(() => undefined));
      expect(shell.code).toBe(0);
      expect(printed).toEqual({ code: 1, stdout: '', stderr: REFUSAL });
    }
  });

  it.each(SNIPPET_LANGS)('tokensmith snippet --lang %s: refused, the password nowhere in the output', async (lang) => {
    const printed = await tokensmith(['snippet', 'oauth2', '--lang', lang, ...fields()], { env: ENV });
    expect(printed.stdout).not.toContain(USERINFO_PASSWORD);
    expect(printed).toEqual({ code: 1, stdout: '', stderr: REFUSAL });
  });

  it('tokensmith grant: refused before anything is sent', async () => {
    const before = server.requests.length;
    const granted = await tokensmith(['grant', 'oauth2', ...fields()], { env: ENV });
    expect(granted).toEqual({ code: 1, stdout: '', stderr: REFUSAL });
    expect(server.requests.length).toBe(before);
  });
});

describe('a follow-up whose URL (or the variable in it) has user:password@', () => {
  it('is refused with INVALID_INPUT, and nothing reaches the server', async () => {
    const before = server.requests.length;
    const run = await sendFollowUp({
      request: {
        id: '0b7c2f55-0d5e-4c1b-9f0e-6f3a4b2c1d10',
        name: 'Me',
        method: 'GET',
        url: '{{env.base}}/v1/me',
        headers: [],
        body: '',
      },
      profile: PROFILES.find((profile) => profile.id === 'oauth2')!,
      token: undefined,
      variables: { base: server.origin.replace('//', '//joe:pw-0005@') },
      http: createHttpClient(),
    });
    expect([run.error?.code, run.error?.message]).toEqual([
      'INVALID_INPUT',
      'The URL of "Me" contains a user name or password.',
    ]);
    expect(server.requests.length).toBe(before);
  });
});

describe('an import with user:password@ in its URLs stores none of them', () => {
  async function importFile(name: string, text: string) {
    const file = path.join(root, name);
    const dataDir = path.join(root, `${name}.app`);
    await writeFile(file, text);
    const result = await tokensmith(['import', file, '--data-dir', dataDir], {
      env: { TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE },
    });
    const stores = openLocalStores({ dir: dataDir, createFile });
    const vault = await Vault.open({ data: stores.vault.data, save: () => stores.vault.save(stores.vault.data) });
    await vault.unlock(VAULT_PASSPHRASE);
    const workspace = workspaceOnDisk(dataDir);
    const entries = await readdir(workspace.dir, { recursive: true, withFileTypes: true });
    const files = await Promise.all(
      entries
        .filter((entry) => entry.isFile())
        .map((entry) => readFile(path.join(entry.parentPath, entry.name), 'utf8')),
    );
    // What is stored in clear: the ledger and settings, and every file of the workspace folder.
    const stored = [JSON.stringify([stores.ledger.data, stores.settings.data]), ...files].join('\n');
    return { result, vault, requests: workspace.requests, stored };
  }

  it('Postman: the token URL userinfo becomes Client ID and Client secret; a call and a variable lose theirs', async () => {
    const collection = {
      info: { name: 'P', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      auth: {
        type: 'oauth2',
        oauth2: [
          { key: 'accessTokenUrl', value: 'https://cid:s3cret-0001@login.example.com/oauth/token' },
          { key: 'grant_type', value: 'client_credentials' },
        ],
      },
      item: [{ name: 'Me', request: { method: 'GET', url: 'https://joe:pw-0001@api.example.com/v1/me' } }],
      variable: [{ key: 'base', value: 'https://ann:pw-0002@api.example.com' }],
    };
    const { result, vault, requests, stored } = await importFile(
      'userinfo.postman_collection.json',
      JSON.stringify(collection),
    );
    expect(result).toEqual({
      code: 0,
      stdout: '',
      stderr: [
        'Importing 1 saved request(s) and 1 environment(s)…',
        'warning: The Token URL of "P" held a user name and password: they are now its Client ID and Client secret.',
        'warning: The URL of "Me" held a user name and password, which were left out (a follow-up is stored in clear).',
        'warning: The variable "base" of the environment "P" held a user name and password, which were left out.',
        'Imported 1 saved request(s), 1 environment(s) and 1 secret(s) from Postman.',
        '',
      ].join('\n'),
    });
    const [saved] = requests;
    expect(saved).toMatchObject({
      values: { tokenUrl: 'https://login.example.com/oauth/token', clientId: 'cid', clientAuth: 'basic' },
      followUps: [expect.objectContaining({ url: 'https://api.example.com/v1/me' })],
    });
    expect(await vault.get(secretRef({ kind: 'request', id: saved!.id }, 'clientSecret'))).toBe('s3cret-0001');
    for (const leaked of ['s3cret-0001', 'pw-0001', 'pw-0002', '@login', '@api']) expect(stored).not.toContain(leaked);
  });

  it('OpenAPI: the token URL and the server URL lose their userinfo', async () => {
    const document = {
      openapi: '3.0.0',
      info: { title: 'T' },
      servers: [{ url: 'https://joe:pw-0003@api.example.com' }],
      components: {
        securitySchemes: {
          o: {
            type: 'oauth2',
            flows: {
              clientCredentials: { tokenUrl: 'https://cid:s3cret-0004@login.example.com/oauth/token', scopes: {} },
            },
          },
        },
      },
      security: [{ o: [] }],
      paths: { '/v1/me': { get: { summary: 'Me' } } },
    };
    const { result, vault, requests, stored } = await importFile('userinfo.openapi.json', JSON.stringify(document));
    expect(result.code, result.stderr).toBe(0);
    const [saved] = requests;
    expect(saved?.values).toMatchObject({ tokenUrl: 'https://login.example.com/oauth/token', clientId: 'cid' });
    expect(await vault.get(secretRef({ kind: 'request', id: saved!.id }, 'clientSecret'))).toBe('s3cret-0004');
    for (const leaked of ['s3cret-0004', 'pw-0003', '@login', '@api']) expect(stored).not.toContain(leaked);
  });
});
