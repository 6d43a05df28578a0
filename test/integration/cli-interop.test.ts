import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalStores } from '../../src/main/core/store/local-stores.ts';
import type { StoreFile, StoreFileOptions } from '../../src/main/core/store/open-store.ts';
import { Vault } from '../../src/main/core/vault/vault.ts';
import { secretRef } from '../../src/main/core/workspace/secret-refs.ts';
import { secretForms } from '../../src/shared/domain/secrets.ts';
import { SNIPPET_LANGS } from '../../src/shared/snippets/index.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../fixtures/simulators/kaisa.ts';
import { ROOT, tokensmith, type CliResult } from '../support/cli.ts';
import { snippetRunner, type SnippetRunner } from '../support/snippet-runtimes.ts';
import { workspaceOnDisk } from '../support/workspace.ts';

/**
 * `tokensmith import FILE` and `tokensmith snippet` end to end: the real CLI, spawned, against the
 * app's own store files, its workspace folder and the Kaisa simulator on 127.0.0.1.
 */

const VAULT_PASSPHRASE = 'correct horse battery staple';
const ENV = { TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE };
const USAGE_HINT = 'Run `tokensmith --help` for usage.';
const createFile = (options: StoreFileOptions): StoreFile<unknown> => new Conf<Record<string, unknown>>(options);

let root: string;
let kaisa: KaisaSimulator;
let runner: SnippetRunner;

beforeAll(async () => {
  [root, kaisa, runner] = await Promise.all([
    mkdtemp(path.join(tmpdir(), 'tokensmith-cli-interop-')),
    startKaisaSimulator(),
    snippetRunner(),
  ]);
});
afterAll(async () => {
  runner.close();
  await Promise.all([kaisa.close(), rm(root, { recursive: true, force: true })]);
});

/** Writes a file to import and runs `tokensmith import` on it with an app folder of its own. */
async function importFile(name: string, text: string, env: Record<string, string> = {}) {
  const file = path.join(root, name);
  const dataDir = path.join(root, `${name}.app`);
  await writeFile(file, text);
  const result = await tokensmith(['import', file, '--data-dir', dataDir], { env: { ...ENV, ...env } });
  return { result, dataDir, file };
}

/**
 * The app's store as the app would open it, its vault unlocked, and the workspace folder: its
 * requests and environments, and the text of every file in it.
 */
async function openApp(dataDir: string) {
  const stores = openLocalStores({ dir: dataDir, createFile });
  const vault = await Vault.open({ data: stores.vault.data, save: () => stores.vault.save(stores.vault.data) });
  await vault.unlock(VAULT_PASSPHRASE);
  const workspace = workspaceOnDisk(dataDir);
  const entries = await readdir(workspace.dir, { recursive: true, withFileTypes: true });
  const files = await Promise.all(
    entries.filter((entry) => entry.isFile()).map((entry) => readFile(path.join(entry.parentPath, entry.name), 'utf8')),
  );
  /** What is stored in clear: the ledger and settings, and every file of the workspace. */
  const inClear = [JSON.stringify([stores.ledger.data, stores.settings.data]), ...files].join('\n');
  return { stores, vault, requests: workspace.requests, environments: workspace.environments, inClear };
}

function expectNoSecret(text: string, secret: string): void {
  for (const form of secretForms(secret)) expect(text).not.toContain(form);
}

/** A failure: exit 1, nothing on stdout, one `tokensmith: …` line on stderr. */
function failure(result: CliResult): string {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n')).toHaveLength(2);
  return result.stderr.trimEnd();
}

describe.concurrent('tokensmith import FILE: the kind is told by the content', () => {
  it('cURL commands: a token request becomes a saved request, its secret in the vault, the call its follow-up', async () => {
    const secret = "cli s3cr3t $HOME 'q' &=+ ü";
    const { result, dataDir } = await importFile(
      'from-docs.sh',
      [
        '# Get a token, then call the API',
        'curl -X POST https://login.example.com/oauth2/token \\',
        '  -u "client-one:$TOKENSMITH_OAUTH2_CLIENT_SECRET" \\',
        "  -d grant_type=client_credentials -d 'scope=read write'",
        '  517  curl -H "Authorization: Bearer <token>" -H "X-Key: $API_KEY" https://api.example.com/v1/me',
      ].join('\n'),
      // Only Tokensmith's own variables are read: $API_KEY stays a reference to fill in.
      { TOKENSMITH_OAUTH2_CLIENT_SECRET: secret, API_KEY: 'not-for-this-file' },
    );
    expect(result).toEqual({
      code: 0,
      stdout: '',
      stderr: [
        'Importing 1 saved request(s) and 0 environment(s)…',
        'warning: {{env.API_KEY}} stands for $API_KEY, which has no value here: set it in an environment.',
        'Imported 1 saved request(s), 0 environment(s) and 1 secret(s) from cURL.',
        '',
      ].join('\n'),
    });
    const { vault, requests, inClear } = await openApp(dataDir);
    const [saved, ...others] = requests;
    expect(others).toEqual([]);
    expect(saved).toMatchObject({
      name: 'Generic OAuth 2.0 token',
      profileId: 'oauth2',
      values: {
        grantType: 'client_credentials',
        tokenUrl: 'https://login.example.com/oauth2/token',
        clientAuth: 'basic',
        clientId: 'client-one',
        scope: 'read write',
      },
      followUps: [
        expect.objectContaining({
          url: 'https://api.example.com/v1/me',
          headers: [
            ['Authorization', 'Bearer {{token}}'],
            ['X-Key', '{{env.API_KEY}}'],
          ],
        }),
      ],
    });
    expect(await vault.get(secretRef({ kind: 'request', id: saved!.id }, 'clientSecret'))).toBe(secret);
    expectNoSecret(inClear, secret);
    expect(inClear).not.toContain('not-for-this-file');
  });

  it('a Postman Collection v2.1: the oauth2 auth block, its requests and its variables as an environment', async () => {
    const { result, dataDir } = await importFile(
      'crm.json',
      await readFile(path.join(ROOT, 'test/fixtures/interop/crm.postman_collection.json'), 'utf8'),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(
      [
        'Importing 1 saved request(s) and 1 environment(s)…',
        'warning: The variable "crmClientSecret" looks like a credential and was not put in the environment.',
        'Imported 1 saved request(s), 1 environment(s) and 1 secret(s) from Postman.',
        '',
      ].join('\n'),
    );
    const { vault, requests, environments, inClear } = await openApp(dataDir);
    const [saved] = requests;
    expect(saved).toMatchObject({
      name: 'CRM API',
      profileId: 'oauth2',
      values: {
        tokenUrl: 'https://login.crm.example.com/oauth2/token',
        clientId: 'crm-cli-client',
        clientAuth: 'basic',
      },
    });
    expect(saved?.followUps.map((call) => `${call.method} ${call.url}`)).toEqual([
      'GET {{env.baseUrl}}/v1/contacts?limit=20',
      'POST {{env.baseUrl}}/v1/contacts',
    ]);
    const environment = environments.find((candidate) => candidate.id === saved?.environmentId);
    expect([environment?.name, environment?.variables]).toEqual([
      'CRM API',
      { authBase: 'https://login.crm.example.com', baseUrl: 'https://api.crm.example.com' },
    ]);
    expect(await vault.get(secretRef({ kind: 'request', id: saved!.id }, 'clientSecret'))).toBe(
      'crm-postman-secret-0001',
    );
    expectNoSecret(inClear, 'crm-postman-secret-0001');
  });

  it('an OpenAPI 3 document in YAML: its OAuth schemes as profiles to fill in, its operations as requests', async () => {
    const { result, dataDir } = await importFile(
      'orders.yaml',
      await readFile(path.join(ROOT, 'test/fixtures/interop/orders.openapi.yaml'), 'utf8'),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /^Imported [1-9]\d* saved request\(s\), 1 environment\(s\) and 0 secret\(s\) from an OpenAPI document\.\n$/m,
    );
    const { requests } = await openApp(dataDir);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((request) => request.profileId === 'oauth2')).toBe(true);
    expect(requests.flatMap((request) => request.followUps).length).toBeGreaterThan(0);
  });

  it('text that is none of these → exit 1 with what it can import', async () => {
    const { result } = await importFile('notes.txt', 'Authorization: Bearer abc\n');
    expect(failure(result)).toBe(
      'tokensmith: Tokensmith cannot tell what this is. — Paste a cURL command, a Postman Collection v2.1 or an OpenAPI 3 document.',
    );
  });

  it('a cURL command with a quote left open → exit 1 saying where', async () => {
    const { result } = await importFile('broken.sh', "curl -H 'Accept: text/plain https://api.example.com/v1/me\n");
    expect(failure(result)).toBe(
      "tokensmith: The ' quote at line 1, column 9 is never closed, so this cURL command cannot be read. — Close the quote, or copy the whole command again.",
    );
  });

  it('a file that is not there → exit 1 naming it; no FILE → exit 2 (usage)', async () => {
    const missing = path.join(root, 'nope.json');
    const result = await tokensmith(['import', missing, '--data-dir', path.join(root, 'unused')], { env: ENV });
    expect(failure(result)).toBe(
      `tokensmith: Cannot read ${missing}: there is no such file. — Give a file with cURL commands, a Postman Collection v2.1 or an OpenAPI 3 document.`,
    );
    const usage = await tokensmith(['import'], { env: ENV });
    expect(usage).toEqual({
      code: 2,
      stdout: '',
      stderr: `tokensmith: import needs the FILE to import.\n${USAGE_HINT}\n`,
    });
  });
});

const kaisaArgs = (sim = kaisa): string[] => [
  '--set',
  `tokenUrl=${sim.tokenUrl}`,
  '--set',
  `clientId=${KAISA_CLIENT.clientId}`,
];
const KAISA_ENV = { TOKENSMITH_KAISA_CLIENT_SECRET: KAISA_CLIENT.clientSecret };
const COMMENT: Record<string, string> = { fetch: '//' };

describe.concurrent('tokensmith snippet <profile> --lang', () => {
  it.for(SNIPPET_LANGS)(
    '%s: no secret by default, the variable named up front; the code runs as printed',
    async (lang, { onTestFinished }) => {
      // A simulator of its own: the languages run at once, and each must send exactly one request.
      // The test's own onTestFinished: the global one cannot tell concurrent tests apart, and
      // closed a simulator while another language still ran against it.
      const sim = await startKaisaSimulator();
      onTestFinished(() => sim.close());
      const result = await tokensmith(['snippet', 'kaisa', '--lang', lang, ...kaisaArgs(sim)], { env: KAISA_ENV });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toBe('');
      expectNoSecret(result.stdout, KAISA_CLIENT.clientSecret);
      const comment = COMMENT[lang] ?? '#';
      expect(result.stdout.split('\n').slice(0, 3)).toEqual([
        `${comment} set TOKENSMITH_KAISA_CLIENT_SECRET=…   (field Client secret)`,
        '',
        `${comment} 1. Request a token`,
      ]);
      if (lang === 'powershell') return;
      const run = await runner.run(lang, result.stdout, KAISA_ENV);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('"token_type":"bearer"');
      expect(sim.requests).toHaveLength(1);
    },
  );

  it('--mask hides the secret, --reveal writes it; both → exit 2; an unknown language → exit 2', async () => {
    const [masked, revealed, both, unknown] = await Promise.all([
      tokensmith(['snippet', 'kaisa', '--lang', 'python', '--mask', ...kaisaArgs()], { env: KAISA_ENV }),
      tokensmith(['snippet', 'kaisa', '--lang', 'python', '--reveal', ...kaisaArgs()], { env: KAISA_ENV }),
      tokensmith(['snippet', 'kaisa', '--lang', 'python', '--mask', '--reveal'], { env: KAISA_ENV }),
      tokensmith(['snippet', 'kaisa', '--lang', 'ruby'], { env: KAISA_ENV }),
    ]);
    expect(masked.code).toBe(0);
    expectNoSecret(masked.stdout, KAISA_CLIENT.clientSecret);
    expect(masked.stdout).toContain('••••');
    expect(masked.stdout).not.toContain('os.environ');
    expect(revealed.code).toBe(0);
    expect(secretForms(KAISA_CLIENT.clientSecret).some((form) => revealed.stdout.includes(form))).toBe(true);
    expect(both).toEqual({
      code: 2,
      stdout: '',
      stderr: `tokensmith: Choose --mask or --reveal, not both.\n${USAGE_HINT}\n`,
    });
    expect(unknown).toEqual({
      code: 2,
      stdout: '',
      stderr: `tokensmith: snippet needs --lang, one of curl, httpie, fetch, python, powershell.\n${USAGE_HINT}\n`,
    });
  });
});
