import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMainStore } from '../../src/main/core/store/main-store.ts';
import type { StoreFile, StoreFileOptions } from '../../src/main/core/store/open-store.ts';
import { Vault } from '../../src/main/core/vault/vault.ts';
import { tokensmith } from '../support/cli.ts';

/**
 * What `tokensmith import FILE` produces from files that try to leak, or that are merely large:
 * the real CLI, spawned, with the app's own store files read back through the conf engine.
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

async function openApp(dataDir: string) {
  const store = openMainStore({ dir: dataDir, createFile });
  const vault = await Vault.open({ data: store.data.vault, save: () => store.save(store.data) });
  await vault.unlock(VAULT_PASSPHRASE);
  return { store, vault };
}

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
      stderr: 'Imported 25 saved request(s), 0 environment(s) and 0 secret(s) from cURL.\n',
    });
    const { store } = await openApp(dataDir);
    expect(store.data.savedRequests.map((request) => request.followUps.length)).toEqual(Array(25).fill(80));
    expect(store.data.savedRequests[0]?.followUps[79]?.url).toBe('https://api0.example.com/v1/items/1975');
  });

  it('one cURL command of 100 KB (a large JSON body) imports whole', async () => {
    const body = JSON.stringify({ items: Array.from({ length: 5000 }, (_, i) => `item-${i}-${'x'.repeat(12)}`) });
    expect(body.length).toBeGreaterThan(100_000);
    const { result, dataDir } = await importFile(
      'big-body.sh',
      `curl https://api.example.com/v1/bulk -H 'Content-Type: application/json' -d '${body}'\n`,
    );
    expect(result.code, result.stderr).toBe(0);
    const { store } = await openApp(dataDir);
    expect(store.data.savedRequests[0]?.followUps[0]?.body).toBe(body);
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
    const { store } = await openApp(dataDir);
    expect(store.data.savedRequests.flatMap((request) => request.followUps.map((call) => call.url))).toEqual([
      'https://api.example.com/v1/me',
    ]);
  });
});
