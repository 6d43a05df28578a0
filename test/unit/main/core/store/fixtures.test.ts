import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultTokenLedger } from '../../../../../src/main/core/ledger/vault-token-ledger.ts';
import { openStorage } from '../../../../../src/main/core/store/storage.ts';
import {
  ledgerFileSchema,
  settingsFileSchema,
  SINGLE_FILE_VERSION,
  vaultFileSchema,
} from '../../../../../src/main/core/store/store-schema.ts';
import { Vault } from '../../../../../src/main/core/vault/vault.ts';
import { secretRef } from '../../../../../src/main/core/workspace/secret-refs.ts';
import { maskSecret, maskToken } from '../../../../../src/shared/domain/secrets.ts';
import type { SavedRequest } from '../../../../../src/shared/domain/workspace.ts';
import { confFile } from '../../../../support/conf-store.ts';
import { startCore } from '../../../../support/core.ts';
import { FakeKeychain } from '../../../../support/fake-keychain.ts';
import { workspaceOnDisk } from '../../../../support/workspace.ts';
import {
  V1_DRAFT_SECRET,
  V1_ENVIRONMENT,
  V1_KDF,
  V1_PASSPHRASE,
  V1_REQUESTS,
  V1_TOKEN,
} from '../../../../fixtures/store/v1-values.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../fixtures/store');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Opens the store and the workspace of a user-data folder as the app does. */
const open = (dir: string) => openStorage({ dataDir: dir, createFile: confFile, owner: 'Tokensmith (test)' });

/** A user-data folder holding the fixture as its store file. */
function profileWith(fixture: string): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'tokensmith-fixture-'));
  dirs.push(dir);
  const file = path.join(dir, 'tokensmith.json');
  copyFileSync(path.join(FIXTURES, fixture), file);
  return { dir, file };
}

describe('single-file stores written by every version before the split open', () => {
  const versions = Array.from({ length: SINGLE_FILE_VERSION }, (_, index) => index + 1);

  it('there is a fixture for every schema version up to this one', () => {
    const kept = readdirSync(FIXTURES).filter((name) => /^v\d+\.json$/.test(name));
    expect(kept.toSorted()).toEqual(versions.map((version) => `v${version}.json`).toSorted());
  });

  it.each(versions)(
    'v%i.json moves into vault.json, ledger.json and settings.json without a notice, and is kept renamed',
    (version) => {
      const { dir, file } = profileWith(`v${version}.json`);
      const before = readFileSync(file, 'utf8');
      const old = JSON.parse(before) as { schemaVersion: number; vault: object; ledger: unknown[]; settings: object };
      expect(old).toMatchObject({ schemaVersion: version });
      const { stores, notices } = open(dir);
      expect(notices).toEqual([]);
      expect(vaultFileSchema.parse(stores.vault.data)).toEqual({ ...old.vault, schemaVersion: 1 });
      expect(ledgerFileSchema.parse(stores.ledger.data)).toEqual({ schemaVersion: 1, entries: old.ledger });
      expect(settingsFileSchema.parse(stores.settings.data)).toEqual({ ...old.settings, schemaVersion: 1 });
      for (const name of ['vault', 'ledger', 'settings'] as const)
        expect(JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8'))).toEqual(stores[name].data);
      expect(existsSync(file)).toBe(false);
      expect(readFileSync(`${file}.v${version}`, 'utf8')).toBe(before);
      expect(readdirSync(dir).some((name) => name.includes('.corrupt-'))).toBe(false);
    },
  );
});

describe('a move into the three files that fails', () => {
  it('leaves tokensmith.json as it was and says so in one line', () => {
    const { dir, file } = profileWith('v2.json');
    const before = readFileSync(file, 'utf8');
    // A folder where the ledger's file would go: it cannot be written.
    mkdirSync(path.join(dir, 'ledger.json'));
    expect(() => open(dir)).toThrow(
      expect.objectContaining({
        code: 'STORE_UNREADABLE',
        message: expect.stringMatching(
          /^Tokensmith could not move .*tokensmith\.json into vault\.json, ledger\.json and settings\.json \(.*\); .*tokensmith\.json is left as it was\.$/,
        ) as string,
      }),
    );
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(existsSync(`${file}.v2`)).toBe(false);
  });
});

describe('v1.json: what it holds comes back', () => {
  it('validates, keeps its passphrase settings, and its secrets and ledger decrypt', async () => {
    const { dir, file } = profileWith('v1.json');
    const { stores, workspace } = open(dir);
    expect(stores.vault.data).toMatchObject({ protection: 'passphrase', passphrase: V1_KDF });
    expect(workspace.environments()).toContainEqual(V1_ENVIRONMENT);
    // What another process reads: the requests and environments in the workspace folder, the old file kept.
    const onDisk = workspaceOnDisk(dir);
    expect(onDisk.environments).toContainEqual(V1_ENVIRONMENT);
    // The files keep no time: a request's times are those of its file, read at one moment or another.
    const timeless = (requests: SavedRequest[]) =>
      requests.map(({ createdAt: _created, updatedAt: _updated, ...rest }) => rest);
    expect(timeless(onDisk.requests)).toEqual(timeless(workspace.requests()));
    expect(readFileSync(`${file}.v1`, 'utf8')).toBe(readFileSync(path.join(FIXTURES, 'v1.json'), 'utf8'));
    const vault = await Vault.open({
      data: stores.vault.data,
      save: () => stores.vault.save(stores.vault.data),
      keychain: new FakeKeychain(),
    });
    expect(vault.state()).toMatchObject({ protection: 'passphrase', locked: true, secretCount: 4 });
    await vault.unlock(V1_PASSPHRASE);
    for (const expected of Object.values(V1_REQUESTS)) {
      const saved = workspace.requests().find((request) => request.name === expected.name);
      expect(saved).toMatchObject({
        profileId: expected.profileId,
        folder: expected.folder,
        values: expected.values,
        secretFields: Object.keys(expected.secrets),
      });
      for (const [field, value] of Object.entries(expected.secrets))
        expect(await vault.get(secretRef({ kind: 'request', id: saved!.id }, field))).toBe(value);
    }
    expect(await vault.get(V1_DRAFT_SECRET.ref)).toBe(V1_DRAFT_SECRET.value);
    const ledger = new VaultTokenLedger(stores.ledger, vault);
    await ledger.load();
    expect(ledger.list()).toEqual([expect.objectContaining({ ...V1_TOKEN, revoked: false })]);
  });

  it('through the core: unlock, then requests, masks and the ledger are there', async () => {
    const { dir } = profileWith('v1.json');
    const { stores, workspace } = open(dir);
    const app = await startCore({
      stores,
      workspace,
      keychain: new FakeKeychain({ available: false }),
      autoRenew: false,
    });
    try {
      expect((await app.call('vault:state', {})).notices).toEqual([]);
      await app.call('vault:unlock', { passphrase: V1_PASSPHRASE });
      const { requests } = await app.call('requests:list', {});
      expect(requests.map((request) => request.name).toSorted()).toEqual(
        Object.values(V1_REQUESTS)
          .map((request) => request.name)
          .toSorted(),
      );
      const oauth = requests.find((request) => request.profileId === 'oauth2')!;
      expect(await app.call('secrets:masks', { profileId: 'oauth2', savedRequestId: oauth.id })).toEqual({
        clientSecret: { masked: maskSecret(V1_REQUESTS.oauth2.secrets.clientSecret) },
        password: { masked: maskSecret(V1_REQUESTS.oauth2.secrets.password) },
      });
      expect(await app.call('ledger:list', {})).toEqual([
        expect.objectContaining({
          profileId: 'kaisa',
          clientId: V1_TOKEN.clientId,
          accessTokenMasked: maskToken(V1_TOKEN.token.accessToken),
          expiresAt: V1_TOKEN.token.expiresAt,
        }),
      ]);
    } finally {
      await app.close();
    }
    expect(existsSync(path.join(dir, 'tokensmith.json.v1'))).toBe(true);
  });
});
