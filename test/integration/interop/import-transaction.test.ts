import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyImportPlan } from '../../../src/main/core/interop/apply-import.ts';
import { importText } from '../../../src/main/core/interop/import-text.ts';
import { openStorage } from '../../../src/main/core/store/storage.ts';
import type { VaultFile } from '../../../src/main/core/store/store-schema.ts';
import { Vault } from '../../../src/main/core/vault/vault.ts';
import { Workspace } from '../../../src/main/core/workspace/workspace.ts';
import type { SavedRequest } from '../../../src/shared/domain/workspace.ts';
import { PROFILES } from '../../../src/shared/providers/index.ts';
import { start, tokensmith } from '../../support/cli.ts';
import { oauthCollection } from '../../support/postman-collection.ts';
import { startApp } from '../vault/profile.ts';
import { CHEAP_KDF, confFile } from '../../support/conf-store.ts';
import { workspaceOnDisk } from '../../support/workspace.ts';

/**
 * An import is one transaction: staged, then one atomic write. The attacks of the review, rerun
 * against the real command line and real store and workspace files: kill -9 at random points, Ctrl-C, the same
 * file twice, and a collection over every limit of the store's schema.
 */

const PASSPHRASE = 'import transaction passphrase';
const ENV = { TOKENSMITH_VAULT_PASSPHRASE: PASSPHRASE };
let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'tokensmith-import-tx-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Opens the store and the workspace of a user-data folder as the app does. */
function open(dir: string) {
  return openStorage({ dataDir: dir, createFile: confFile, owner: 'Tokensmith (test)' });
}

/** A user-data folder with a passphrase vault (cheap KDF) and one saved request with its secret. */
async function baseFolder(): Promise<string> {
  const dir = mkdtempSync(path.join(root, 'base-'));
  const { stores, workspace } = open(dir);
  const vault = await Vault.open({
    data: stores.vault.data,
    save: () => stores.vault.save(stores.vault.data),
    kdf: CHEAP_KDF,
  });
  await vault.usePassphrase(PASSPHRASE);
  await new Workspace({ files: workspace, vault, profiles: PROFILES }).saveRequest({
    name: 'Already here',
    profileId: 'kaisa',
    values: { tokenUrl: 'https://auth.example/oauth2/token', clientId: 'kept', clientSecret: 'kept secret 0123456789' },
  });
  vault.close();
  return dir;
}

function copyOf(base: string): string {
  const dir = mkdtempSync(path.join(root, 'run-'));
  cpSync(base, dir, { recursive: true });
  return dir;
}

/** The vault's file and the saved requests of the workspace folder, as they are on disk now. */
function onDisk(dir: string): { vault: VaultFile; requests: SavedRequest[] } {
  return {
    vault: JSON.parse(readFileSync(path.join(dir, 'vault.json'), 'utf8')) as VaultFile,
    requests: workspaceOnDisk(dir).requests,
  };
}

/** Every byte the import could change: the vault's file and every file of the workspace folder. */
function bytesOf(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
    (name) => name === 'vault.json' || (name.startsWith(`workspace${path.sep}`) && name.endsWith('.yaml')),
  );
  return Object.fromEntries(files.toSorted().map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
}

/** Every sealed secret of a request belongs to a request that is there: nothing half-imported. */
function orphanSecrets({ vault, requests }: { vault: VaultFile; requests: SavedRequest[] }): string[] {
  const ids = new Set(requests.map((request) => request.id));
  return Object.keys(vault.secrets).filter((ref) => {
    const id = /^request:([^/]+)\//.exec(ref)?.[1];
    return id !== undefined && !ids.has(id);
  });
}

/** `count` requests, each with its own client and secret (`bulk-secret-<n>-0123456789`). */
const bulk = (count: number): string =>
  oauthCollection({ count, secret: (index) => `bulk-secret-${index}-0123456789` });

describe('an import is one transaction', () => {
  it('kill -9 at 30 random points: the store holds the old state or the whole import, never part of it', async () => {
    const COUNT = 300;
    const file = path.join(root, 'kill.json');
    writeFileSync(file, bulk(COUNT));
    const base = await baseFolder();

    // How long a whole import takes here, so the kills land before, during and after its write:
    // the faster of two, as the first also fills Node's compile cache for the command line.
    let duration = Infinity;
    for (let warm = 0; warm < 2; warm++) {
      const timed = copyOf(base);
      const started = performance.now();
      const whole = await tokensmith(['import', file, '--data-dir', timed], { env: ENV });
      duration = Math.min(duration, performance.now() - started);
      expect(whole.code, whole.stderr).toBe(0);
      expect(onDisk(timed).requests).toHaveLength(COUNT + 1);
    }

    const outcomes = { old: 0, whole: 0 };
    for (let round = 0; round < 30; round++) {
      const dir = copyOf(base);
      const before = bytesOf(dir);
      const child = start(process.execPath, ['bin/tokensmith.js', 'import', file, '--data-dir', dir], { env: ENV });
      await new Promise((resolve) => setTimeout(resolve, duration * (0.3 + 0.9 * Math.random())));
      child.signal('SIGKILL');
      await child.done;
      // Opening it as the app does finds nothing to set aside and no file it cannot read (and
      // finishes a batch the killed process left in the workspace's journal).
      const opened = open(dir);
      expect(opened.notices).toEqual([]);
      expect(opened.workspace.problems()).toEqual([]);
      const data = onDisk(dir);
      expect(orphanSecrets(data)).toEqual([]);
      if (data.requests.length === 1) {
        expect(bytesOf(dir)).toEqual(before);
        outcomes.old++;
      } else {
        expect(data.requests).toHaveLength(COUNT + 1);
        expect(Object.keys(data.vault.secrets)).toHaveLength(COUNT + 1);
        outcomes.whole++;
      }
    }
    // The kills did land before the write: the test saw the old state survive.
    expect(outcomes.old).toBeGreaterThan(0);
  }, 240_000);

  it('Ctrl-C (SIGINT) and SIGTERM cancel the import: it says so, and nothing is written', async () => {
    const file = path.join(root, 'cancel.json');
    writeFileSync(file, bulk(4000));
    const base = await baseFolder();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const dir = copyOf(base);
      const before = bytesOf(dir);
      const child = start(process.execPath, ['bin/tokensmith.js', 'import', file, '--data-dir', dir], { env: ENV });
      await child.stderrMatch(/Importing 4000 saved request/);
      child.signal(signal);
      const result = await child.done;
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain('tokensmith: The import was cancelled; nothing was written.');
      expect(bytesOf(dir)).toEqual(before);
    }
  });

  it('importing the same file again changes nothing: no duplicates, not a byte', async () => {
    const file = path.join(root, 'twice.json');
    writeFileSync(file, bulk(50));
    const dir = copyOf(await baseFolder());
    const first = await tokensmith(['import', file, '--data-dir', dir], { env: ENV });
    expect(first.stderr).toContain('Imported 50 saved request(s), 0 environment(s) and 50 secret(s) from Postman.');
    const after = bytesOf(dir);
    const second = await tokensmith(['import', file, '--data-dir', dir], { env: ENV });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(
      'Imported 0 saved request(s) (50 already there, unchanged), 0 environment(s) and 0 secret(s) from Postman.',
    );
    expect(bytesOf(dir)).toEqual(after);
    expect(onDisk(dir).requests).toHaveLength(51);
  });

  it('a changed secret in a re-import replaces the stored one, in the same saved request', async () => {
    const dir = copyOf(await baseFolder());
    const file = path.join(root, 'rotate.json');
    writeFileSync(file, bulk(2));
    await tokensmith(['import', file, '--data-dir', dir], { env: ENV });
    const ids = onDisk(dir).requests.map((request) => request.id);
    writeFileSync(file, bulk(2).replace('bulk-secret-1-0123456789', 'rotated-secret-1-987654'));
    const again = await tokensmith(['import', file, '--data-dir', dir], { env: ENV });
    expect(again.stderr).toContain(
      'Imported 1 saved request(s) (1 already there, unchanged), 0 environment(s) and 1 secret(s)',
    );
    const data = onDisk(dir);
    expect(data.requests.map((request) => request.id)).toEqual(ids);
    const { stores } = open(dir);
    const vault = await Vault.open({ data: stores.vault.data, save: () => stores.vault.save(stores.vault.data) });
    await vault.unlock(PASSPHRASE);
    const rotated = data.requests.find((request) => request.name === 'Item 1 token');
    expect(await vault.get(`request:${rotated!.id}/clientSecret`)).toBe('rotated-secret-1-987654');
  });
});

describe('an import writes only what the store can read back', () => {
  it('over every limit: what does not fit is left out with a warning naming it; the next start sets nothing aside', async () => {
    const dir = copyOf(await baseFolder());
    const file = path.join(root, 'limits.json');
    const huge = 'x'.repeat(9000);
    writeFileSync(
      file,
      JSON.stringify({
        info: { name: 'Limits', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
        auth: {
          type: 'oauth2',
          oauth2: [
            { key: 'grant_type', value: 'client_credentials' },
            { key: 'accessTokenUrl', value: 'https://auth.example/oauth2/token' },
            { key: 'clientId', value: 'limits-client' },
            { key: 'clientSecret', value: 'limits-secret-0123456789' },
          ],
        },
        variable: [
          { key: 'baseUrl', value: 'https://api.example' },
          { key: 'bigVariable', value: huge },
        ],
        item: [
          { name: 'Fine', request: { method: 'GET', url: '{{baseUrl}}/fine' } },
          { name: 'Long URL', request: { method: 'GET', url: `https://api.example/${huge}` } },
          {
            name: 'Many headers',
            request: {
              method: 'GET',
              url: 'https://api.example/headers',
              header: Array.from({ length: 101 }, (_, index) => ({ key: `X-H${index}`, value: 'v' })),
            },
          },
          {
            name: 'Big body',
            request: {
              method: 'POST',
              url: 'https://api.example/body',
              body: { mode: 'raw', raw: 'b'.repeat(1024 * 1024 + 1) },
            },
          },
        ],
      }),
    );
    const result = await tokensmith(['import', file, '--data-dir', dir], { env: ENV });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'warning: "Limits": the request "Long URL" was left out: url: longer than 8192 characters.',
    );
    expect(result.stderr).toContain(
      'warning: "Limits": the request "Many headers" was left out: headers: more than 100 entries.',
    );
    expect(result.stderr).toContain(
      'warning: "Limits": the request "Big body" was left out: body: longer than 1048576 characters.',
    );
    expect(result.stderr).toContain(
      'warning: Environment "Limits": the variable "bigVariable" was left out: longer than 8 KB.',
    );

    const { stores, notices, workspace } = open(dir);
    expect(notices).toEqual([]);
    expect(workspace.problems()).toEqual([]);
    const imported = workspace.requests().find((request) => request.name === 'Limits');
    expect(imported?.followUps.map((followUp) => followUp.name)).toEqual(['Fine']);
    expect(workspace.requests().map((request) => request.name)).toContain('Already here');
    expect(Object.keys(stores.vault.data.secrets)).toHaveLength(2);
  });

  it('the app imports in slices and writes the store and the workspace once, however many requests', async () => {
    const dir = copyOf(await baseFolder());
    const { stores, workspace } = open(dir);
    const store = stores.vault;
    let writes = 0;
    const save = store.save.bind(store);
    store.save = (next) => {
      writes++;
      save(next);
    };
    const batches: number[] = [];
    const saveBatch = workspace.saveBatch.bind(workspace);
    workspace.saveBatch = (batch, commitSecrets) => {
      batches.push(batch.requests.length);
      saveBatch(batch, commitSecrets);
    };
    workspace.saveRequests = () => {
      throw new Error('an import writes its requests in one batch');
    };
    const vault = await Vault.open({ data: store.data, save: () => store.save(store.data), kdf: CHEAP_KDF });
    await vault.unlock(PASSPHRASE);
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const summary = await applyImportPlan(
      { workspace: new Workspace({ files: workspace, vault, profiles: PROFILES }), vault, profiles: PROFILES },
      importText(bulk(1000)),
    );
    clearInterval(ticker);
    expect(summary).toMatchObject({ requests: 1000, unchanged: 0, secrets: 1000 });
    expect(writes).toBe(1);
    expect(batches).toEqual([1000]);
    // Timers ran while it staged: the event loop (the app's main process) was not held for the whole import.
    expect(turns).toBeGreaterThan(5);
    expect(workspaceOnDisk(dir).requests).toHaveLength(1001);
  });
});

describe('in the app, an import is read off the main thread', () => {
  it('import:text of 4,000 requests: the main event loop keeps turning while it is read and stored', async () => {
    const dir = copyOf(await baseFolder());
    const app = await startApp(dir, {
      importWorker: new URL('../../../src/main/core/interop/import-worker.ts', import.meta.url),
    });
    await app.call('vault:unlock', { passphrase: PASSPHRASE });
    const text = bulk(4000);
    // The baseline, in the same run: how long reading it holds the thread it runs on.
    const started = performance.now();
    importText(text);
    const inline = performance.now() - started;
    let longest = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 5);
    const summary = await app.call('import:text', { text });
    clearInterval(ticker);
    expect(summary).toMatchObject({ kind: 'postman', requests: 4000, unchanged: 0, secrets: 4000 });
    expect(app.workspaceOnDisk().requests).toHaveLength(4001);
    // Read inline, the loop would stop for the whole read; with the worker the longest pause is a
    // slice of staging or the one write, a fraction of it.
    expect(longest).toBeLessThan(inline / 2);
    await app.close();
  }, 90_000);

  it('a file the worker cannot read comes back as the same clear error as inline', async () => {
    const app = await startApp(copyOf(await baseFolder()), {
      importWorker: new URL('../../../src/main/core/interop/import-worker.ts', import.meta.url),
    });
    expect(await app.refused('import:text', { text: 'this is not a collection' })).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Tokensmith cannot tell what this is.',
    });
    await app.close();
  });
});
