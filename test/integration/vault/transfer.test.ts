import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../../src/main/core/store/storage.ts';
import { sealExport } from '../../../src/main/core/vault/export-file.ts';
import { DEFAULT_KDF } from '../../../src/main/core/vault/passphrase-cipher.ts';
import { readVaultExport } from '../../../src/main/core/vault/vault-transfer.ts';
import type { VaultEntry } from '../../../src/shared/domain/vault-inventory.ts';
import type { Environment, SavedRequest } from '../../../src/shared/domain/workspace.ts';
import { startKaisaSimulator, type KaisaSimulator } from '../../fixtures/simulators/kaisa.ts';
import { CHEAP_KDF, confFile } from '../../support/conf-store.ts';
import { FakeKeychain } from '../../support/fake-keychain.ts';
import { newUserDataDir, removeTempDirs, startApp, type App } from './profile.ts';

const EXPORT_PASSPHRASE = 'export passphrase for the move';
const VAULT_PASSPHRASE = 'the new machine passphrase';
const CLIENT_A = { clientId: 'transfer-client-a', clientSecret: 'transfer secret A 8c1f2e3d4a5b6c7d' };
const CLIENT_B = { clientId: 'transfer-client-b', clientSecret: 'transfer secret B "quoted" ü 0a9b8c7d' };

let simA: KaisaSimulator;
let simB: KaisaSimulator;
/** Profile A, exported once for every test. */
let source: {
  exportFile: Buffer;
  /** The saved request whose environment points at simulator A. */
  request: SavedRequest;
  list: { requests: SavedRequest[]; environments: Environment[] };
  masks: Record<string, unknown>;
  secrets: Record<string, string>;
  ledger: unknown[];
  /** When each secret was set and last used, as the source's Vault view showed it. */
  times: Record<string, { setAt?: string; usedAt?: string }>;
};

/** The ledger as the renderer sees it, without the ids each profile gives its own entries. */
const withoutIds = (views: { id: string; environment: string }[]) =>
  views.map((view) => ({ ...view, id: '' })).toSorted((a, b) => a.environment.localeCompare(b.environment));

/**
 * A list with its requests and environments by id: the workspace folder lists them in the order of
 * its files, which a fresh read and a folder that was just written to need not share.
 */
const inFileOrder = <T extends { requests: SavedRequest[]; environments: Environment[] }>(list: T): T => ({
  ...list,
  requests: list.requests.toSorted((a, b) => a.id.localeCompare(b.id)),
  environments: list.environments.toSorted((a, b) => a.id.localeCompare(b.id)),
});

/** The list as another run reads it back: the workspace files keep no time, so its times are those of the files. */
const reread = <T extends { requests: SavedRequest[]; environments: Environment[] }>(list: T): T => {
  const sorted = inFileOrder(list);
  return {
    ...sorted,
    requests: sorted.requests.map((request) => ({
      ...request,
      createdAt: expect.any(String) as string,
      updatedAt: expect.any(String) as string,
    })),
  };
};

async function masksOf(app: App, requests: { id: string; profileId: string }[]) {
  const masks: Record<string, unknown> = {};
  for (const request of requests)
    masks[request.id] = await app.call('secrets:masks', { profileId: request.profileId, savedRequestId: request.id });
  masks.draft = await app.call('secrets:masks', { profileId: 'kaisa' });
  return masks;
}

/** Each secret's set and last-used times, by reference. */
const timesOf = (entries: VaultEntry[]) =>
  Object.fromEntries(entries.map(({ ref, setAt, usedAt }) => [ref, { setAt, usedAt }]));

async function secretsOf(app: App): Promise<Record<string, string>> {
  const secrets: Record<string, string> = {};
  for (const ref of Object.keys(app.stores.vault.data.secrets)) secrets[ref] = await app.core.vault.get(ref);
  return secrets;
}

beforeAll(async () => {
  [simA, simB] = await Promise.all([startKaisaSimulator(CLIENT_A), startKaisaSimulator(CLIENT_B)]);
  const dir = newUserDataDir('tokensmith-source-');
  // An environment of its own beside the default ones (there is no channel for environments yet).
  const seed = openStorage({ dataDir: dir, createFile: confFile, owner: 'Tokensmith (test seed)' });
  seed.workspace.saveEnvironments([
    {
      id: 'kaisa-a',
      profileId: 'kaisa',
      name: 'Simulator A',
      values: { tokenUrl: simA.tokenUrl },
      variables: { apiBase: `${simA.origin}/v3` },
    },
  ]);

  const app = await startApp(dir, { keychain: new FakeKeychain({ machineSecret: 'machine-a' }) });
  const a = await app.call('requests:save', {
    name: 'Kaisa A',
    folder: 'Kaisa',
    profileId: 'kaisa',
    environmentId: 'kaisa-a',
    values: { clientId: CLIENT_A.clientId, clientSecret: CLIENT_A.clientSecret, bodyFormat: 'form' },
  });
  const b = await app.call('requests:save', {
    name: 'Kaisa B',
    folder: 'Kaisa',
    profileId: 'kaisa',
    values: {
      tokenUrl: simB.tokenUrl,
      clientId: CLIENT_B.clientId,
      clientSecret: CLIENT_B.clientSecret,
      bodyFormat: 'json',
    },
    followUps: [
      {
        id: 'me',
        name: 'Customers',
        method: 'GET',
        url: `${simB.origin}/v3/customers`,
        headers: [['Authorization', 'Bearer {{token}}']],
        body: '',
      },
    ],
  });
  await app.call('requests:save', {
    name: 'OAuth',
    profileId: 'oauth2',
    values: {
      grantType: 'password',
      clientId: 'o',
      clientAuth: 'basic',
      clientSecret: 'oauth secret 0123456789',
      username: 'u',
      password: 'oauth password ü 987654',
    },
  });
  for (const request of [a, b]) {
    expect(
      (await app.call('grant:run', { profileId: 'kaisa', savedRequestId: request.id, values: {} })).error,
    ).toBeUndefined();
  }
  // A secret typed into the scratch form.
  await app.call('grant:run', {
    profileId: 'kaisa',
    values: { tokenUrl: simB.tokenUrl, clientId: CLIENT_B.clientId, clientSecret: CLIENT_B.clientSecret },
  });
  const list = await app.call('requests:list', {});
  const ledger = await app.call('ledger:list', {});
  expect(ledger).toHaveLength(2);
  const { path: exportPath } = await app.call('vault:export', { withSecrets: true, passphrase: EXPORT_PASSPHRASE });
  source = {
    exportFile: readFileSync(exportPath!),
    request: a,
    list,
    masks: await masksOf(app, list.requests),
    secrets: await secretsOf(app),
    ledger: withoutIds(ledger),
    times: timesOf(await app.call('vault:list', {})),
  };
  expect(Object.keys(source.secrets)).toHaveLength(5);
  await app.close();
});
afterAll(async () => {
  await Promise.all([simA.close(), simB.close()]);
  removeTempDirs();
});

describe('export → import on an empty profile restores everything', () => {
  it('the export is made with the real Argon2id cost (DEFAULT_KDF in its header)', () => {
    const file = source.exportFile;
    expect(file.subarray(0, 8).toString('ascii')).toBe('TOKNSMTH');
    expect({
      memoryKiB: file.readUInt32BE(9),
      iterations: file.readUInt32BE(13),
      parallelism: file.readUInt8(17),
    }).toEqual(DEFAULT_KDF);
  });

  it.each([
    {
      name: 'a passphrase vault',
      keychain: () => new FakeKeychain({ available: false }),
      sealedAs: /^tsv2\.dk\./,
      slot: 'passphrase',
    },
    {
      name: 'another machine’s keychain (kwallet5)',
      keychain: () => new FakeKeychain({ machineSecret: 'machine-b', backend: 'kwallet5' }),
      sealedAs: /^tsv2\.dk\./,
      slot: 'app',
    },
  ])(
    'into $name: requests, environments, secrets and tokens; a saved request grants',
    async ({ keychain, sealedAs, slot }) => {
      const dir = newUserDataDir('tokensmith-target-');
      const app = await startApp(dir, { keychain: keychain() });
      if ((await app.call('vault:state', {})).vault.protection === null)
        await app.call('vault:use-passphrase', { passphrase: VAULT_PASSPHRASE });
      const file = path.join(dir, 'incoming.tsvault');
      writeFileSync(file, source.exportFile);
      app.dialogs.openPath = file;

      const summary = await app.call('vault:import', { passphrase: EXPORT_PASSPHRASE });
      expect(summary).toEqual({
        path: file,
        requests: 3,
        environments: source.list.environments.length,
        secrets: 5,
        tokens: 2,
      });
      const list = await app.call('requests:list', {});
      expect(inFileOrder(list)).toEqual(inFileOrder(source.list));
      expect(await masksOf(app, list.requests)).toEqual(source.masks);
      expect(await secretsOf(app)).toEqual(source.secrets);
      expect(withoutIds(await app.call('ledger:list', {}))).toEqual(source.ledger);
      for (const sealed of [
        ...Object.values(app.stores.vault.data.secrets),
        ...app.stores.ledger.data.entries.map((entry) => entry.sealed),
      ])
        expect(sealed).toMatch(sealedAs);
      expect(Object.keys(app.stores.vault.data.dataKey?.slots ?? {})).toEqual([slot]);

      const before = simA.requests.length;
      const report = await app.call('grant:run', {
        profileId: 'kaisa',
        savedRequestId: source.request.id,
        values: {},
      });
      expect(report.error).toBeUndefined();
      expect(report.token?.accessTokenMasked).toBe(`••••${simA.issued.at(-1)!.slice(-4)}`);
      expect(simA.requests.length).toBe(before + 1);
      await app.close();

      // And it is all on disk: a new run has the same.
      const again = await startApp(dir, { keychain: keychain() });
      if (again.core.vault.state().locked) await again.call('vault:unlock', { passphrase: VAULT_PASSPHRASE });
      expect(inFileOrder(await again.call('requests:list', {}))).toEqual(reread(source.list));
      expect(await secretsOf(again)).toEqual(source.secrets);
      expect(await again.call('ledger:list', {})).toHaveLength(2);
      await again.close();
    },
  );

  it('keeps when each secret was set and last used', async () => {
    const dir = newUserDataDir('tokensmith-times-');
    const app = await startApp(dir, { keychain: new FakeKeychain() });
    const file = path.join(dir, 'incoming.tsvault');
    writeFileSync(file, source.exportFile);
    app.dialogs.openPath = file;
    await app.call('vault:import', { passphrase: EXPORT_PASSPHRASE });
    expect(Object.values(source.times).every(({ setAt }) => setAt !== undefined)).toBe(true);
    expect(timesOf(await app.call('vault:list', {}))).toEqual(source.times);
    await app.close();
  });

  it('an export without the times (an older Tokensmith), or with one that is not a time, sets them to the import time; a replaced-secret mark is kept', async () => {
    const payload = await readVaultExport(source.exportFile, EXPORT_PASSPHRASE);
    const [first] = Object.keys(payload.secrets);
    const older = {
      ...payload,
      // Only one secret has times in this file, and they are not times.
      secretTimes: { [first!]: { setAt: 'last Tuesday', usedAt: 'never' } },
      ledger: payload.ledger.map((entry, index) => (index === 0 ? { ...entry, replacedSecret: true } : entry)),
    };
    const dir = newUserDataDir('tokensmith-older-');
    const app = await startApp(dir, { keychain: new FakeKeychain() });
    const file = path.join(dir, 'older.tsvault');
    writeFileSync(file, await sealExport(older, EXPORT_PASSPHRASE, CHEAP_KDF));
    app.dialogs.openPath = file;
    const start = Date.now();
    await app.call('vault:import', { passphrase: EXPORT_PASSPHRASE });
    const end = Date.now();
    const times = Object.values(timesOf(await app.call('vault:list', {})));
    expect(times).toHaveLength(Object.keys(source.times).length);
    for (const { setAt, usedAt } of times) {
      expect(Date.parse(setAt ?? '')).toBeGreaterThanOrEqual(start);
      expect(Date.parse(setAt ?? '')).toBeLessThanOrEqual(end);
      expect(usedAt).toBeUndefined();
    }
    const ledger = await app.call('ledger:list', {});
    const marked = ledger.find((view) => view.clientId === payload.ledger[0]!.clientId);
    expect(marked).toMatchObject({ replacedSecret: true, canRenew: false });
    expect(ledger.filter((view) => view.replacedSecret)).toHaveLength(1);
    await app.close();
  });

  it('an export of chosen requests carries only their secrets and no tokens', async () => {
    const payloadDir = newUserDataDir('tokensmith-partial-source-');
    const sourceApp = await startApp(payloadDir, { keychain: new FakeKeychain() });
    const file = path.join(payloadDir, 'full.tsvault');
    writeFileSync(file, source.exportFile);
    sourceApp.dialogs.openPath = file;
    await sourceApp.call('vault:import', { passphrase: EXPORT_PASSPHRASE });
    const { path: partial } = await sourceApp.call('vault:export', {
      withSecrets: true,
      passphrase: EXPORT_PASSPHRASE,
      requestIds: [source.request.id],
    });
    await sourceApp.close();
    const payload = await readVaultExport(readFileSync(partial!), EXPORT_PASSPHRASE);
    expect(payload.savedRequests.map((request) => request.id)).toEqual([source.request.id]);
    expect(payload.secrets).toEqual({ [`request:${source.request.id}/clientSecret`]: CLIENT_A.clientSecret });
    expect(payload.ledger).toEqual([]);
  });
});

describe('a failed import changes nothing', () => {
  let app: App;
  let dir: string;
  beforeAll(async () => {
    dir = newUserDataDir('tokensmith-failed-import-');
    app = await startApp(dir, { keychain: new FakeKeychain() });
    await app.call('requests:save', {
      name: 'Already here',
      profileId: 'kaisa',
      values: { tokenUrl: simA.tokenUrl, clientId: CLIENT_A.clientId, clientSecret: CLIENT_A.clientSecret },
    });
    await app.call('grant:run', {
      profileId: 'kaisa',
      values: { tokenUrl: simA.tokenUrl, clientId: CLIENT_A.clientId, clientSecret: CLIENT_A.clientSecret },
    });
  });
  afterAll(async () => {
    await app.close();
  });

  const flip = (at: (file: Buffer) => number) => (file: Buffer) => {
    const copy = Buffer.from(file);
    copy[at(copy)]! ^= 0xff;
    return copy;
  };
  it.each([
    {
      name: 'a wrong passphrase',
      damage: (file: Buffer) => file,
      passphrase: 'a wrong passphrase 123',
      code: 'WRONG_PASSPHRASE',
    },
    { name: 'a flipped ciphertext byte', damage: flip((file) => file.length - 20), code: 'EXPORT_CORRUPTED' },
    { name: 'a flipped header byte', damage: flip(() => 20), code: 'EXPORT_CORRUPTED' },
    { name: 'a truncated file', damage: (file: Buffer) => file.subarray(0, file.length - 1), code: 'EXPORT_TRUNCATED' },
    { name: 'an empty file', damage: () => Buffer.alloc(0), code: 'EXPORT_TRUNCATED' },
    {
      name: 'the shareable JSON export',
      damage: () => Buffer.from('{"kind":"tokensmith-requests"}'),
      code: 'EXPORT_NOT_A_VAULT_FILE',
    },
    {
      name: 'format version 2',
      damage: (file: Buffer) => Buffer.concat([file.subarray(0, 8), Buffer.from([2]), file.subarray(9)]),
      code: 'EXPORT_UNSUPPORTED_VERSION',
    },
  ])('$name → $code', async ({ damage, passphrase = EXPORT_PASSPHRASE, code }) => {
    await expectUnchangedAfter(damage(source.exportFile), passphrase, code);
  });

  it('an authentic file that is not a vault → EXPORT_CORRUPTED', async () => {
    const file = await sealExport(
      { kind: 'tokensmith-vault', version: 1, savedRequests: 'no' },
      EXPORT_PASSPHRASE,
      CHEAP_KDF,
    );
    await expectUnchangedAfter(file, EXPORT_PASSPHRASE, 'EXPORT_CORRUPTED');
  });

  it('oversized KDF parameters → EXPORT_KDF_REJECTED', async () => {
    const forged = Buffer.from(source.exportFile);
    forged.writeUInt32BE(4 * 1024 * 1024, 9);
    createHash('sha256').update(forged.subarray(0, 54)).digest().subarray(0, 8).copy(forged, 54);
    await expectUnchangedAfter(forged, EXPORT_PASSPHRASE, 'EXPORT_KDF_REJECTED');
  });

  it('a locked vault → VAULT_LOCKED; a vault not set up → VAULT_NEEDS_SETUP', async () => {
    const lockedDir = newUserDataDir();
    const locked = await startApp(lockedDir, { keychain: new FakeKeychain({ available: false }) });
    const file = path.join(lockedDir, 'in.tsvault');
    writeFileSync(file, source.exportFile);
    locked.dialogs.openPath = file;
    const before = locked.localBytes();
    expect((await locked.refused('vault:import', { passphrase: EXPORT_PASSPHRASE })).code).toBe('VAULT_NEEDS_SETUP');
    expect(locked.localBytes()).toBe(before);
    await locked.call('vault:use-passphrase', { passphrase: VAULT_PASSPHRASE });
    await locked.call('vault:lock', {});
    const lockedBefore = structuredClone(locked.inMemory());
    const lockedBytes = locked.localBytes();
    const error = await locked.refused('vault:import', { passphrase: EXPORT_PASSPHRASE });
    expect(error).toMatchObject({ code: 'VAULT_LOCKED', hint: 'Unlock it with your passphrase.' });
    expect(locked.inMemory()).toEqual(lockedBefore);
    expect(locked.localBytes()).toBe(lockedBytes);
    await locked.close();
  });

  it('a cancelled dialog imports nothing', async () => {
    app.dialogs.openPath = undefined;
    const before = app.localBytes();
    expect(await app.call('vault:import', { passphrase: EXPORT_PASSPHRASE })).toEqual({
      path: null,
      requests: 0,
      environments: 0,
      secrets: 0,
      tokens: 0,
    });
    expect(app.localBytes()).toBe(before);
  });

  async function expectUnchangedAfter(file: Buffer, passphrase: string, code: string) {
    const target = path.join(dir, 'incoming.tsvault');
    writeFileSync(target, file);
    app.dialogs.openPath = target;
    const data = structuredClone(app.inMemory());
    const bytes = app.localBytes();
    const ledger = await app.call('ledger:list', {});
    const error = await app.refused('vault:import', { passphrase });
    expect(error.code).toBe(code);
    expect(error.hint).toBeTruthy();
    expect(app.inMemory()).toEqual(data);
    expect(app.localBytes()).toBe(bytes);
    expect(await app.call('ledger:list', {})).toEqual(ledger);
  }
});
