import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewLedgerEntry } from '../../../../../src/main/core/ledger/token-ledger.ts';
import { VaultTokenLedger } from '../../../../../src/main/core/ledger/vault-token-ledger.ts';
import { openLocalStores } from '../../../../../src/main/core/store/local-stores.ts';
import type { OsKeychain } from '../../../../../src/main/core/vault/keychain-cipher.ts';
import { Vault } from '../../../../../src/main/core/vault/vault.ts';
import { CHEAP_KDF, confFile } from '../../../../support/conf-store.ts';
import { FakeKeychain } from '../../../../support/fake-keychain.ts';

const PASSPHRASE = 'ledger test passphrase';
/** An asymmetric matcher where a string is expected. */
const matching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tokensmith-ledger-'));
  dirs.push(dir);
  return dir;
}

/** One run of the app: the vault and ledger files read from disk, the ledger loaded if it can be. */
async function run(dir: string, keychain?: OsKeychain) {
  const stores = openLocalStores({ dir, createFile: confFile });
  const vault = await Vault.open({
    data: stores.vault.data,
    save: () => stores.vault.save(stores.vault.data),
    keychain,
    kdf: CHEAP_KDF,
  });
  const ledger = new VaultTokenLedger(stores.ledger, vault);
  if (vault.unlocked) await ledger.load();
  return {
    store: stores.ledger,
    vaultStore: stores.vault,
    vault,
    ledger,
    file: () => readFileSync(path.join(dir, 'ledger.json'), 'utf8'),
  };
}

function entry(n: number): NewLedgerEntry {
  return {
    profileId: 'kaisa',
    environment: `https://env-${n}.example`,
    clientId: `client-${n}`,
    scope: 'api',
    token: {
      accessToken: `access-token-${n}-0f1e2d3c4b5a69788796a5b4c3d2e1f0`,
      tokenType: 'Bearer',
      expiresIn: 300,
      expiresAt: '2030-01-01T00:00:00.000Z',
      refreshToken: `refresh-token-${n}-a1b2c3d4e5f6`,
      warnings: [],
    },
    obtainedAt: '2029-12-31T23:55:00.000Z',
    values: { clientId: `client-${n}`, clientSecret: `client-secret-${n}-9a8b7c6d5e4f` },
    vars: [['discovered.token_endpoint', { value: 'https://env.example/token' }]],
  };
}

describe('the token ledger at rest', () => {
  it('seals every token and field value; only what the list shows is in clear', async () => {
    const dir = tempDir();
    const { ledger, store, file } = await run(dir, new FakeKeychain());
    const stored = [ledger.put(entry(1)), ledger.put(entry(2))];
    await ledger.flushed();
    expect(ledger.lastWriteError).toBeUndefined();
    const text = file();
    for (const n of [1, 2]) {
      expect(text).not.toContain(`access-token-${n}`);
      expect(text).not.toContain(`refresh-token-${n}`);
      expect(text).not.toContain(`client-secret-${n}`);
    }
    expect(store.data.entries.map(({ sealed, ...meta }) => [meta, sealed])).toEqual(
      stored.map(({ id, key, profileId, environment, clientId, scope, obtainedAt, revoked }) => [
        { id, key, profileId, environment, clientId, scope, obtainedAt, revoked },
        matching(/^tsv2\.dk\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/),
      ]),
    );

    const again = await run(dir, new FakeKeychain());
    expect(again.ledger.list()).toEqual(stored);
  });

  it('writes are chained: many changes at once all reach the store', async () => {
    const dir = tempDir();
    const { ledger } = await run(dir, new FakeKeychain({ jitter: true }));
    const stored = Array.from({ length: 25 }, (_, n) => ledger.put(entry(n)));
    ledger.update(stored[3]!.id, { revoked: true });
    ledger.delete(stored[4]!.id);
    await Promise.all([ledger.flushed(), Promise.resolve().then(() => ledger.put(entry(100)))]);
    await ledger.flushed();
    const again = await run(dir, new FakeKeychain());
    expect(
      again.ledger
        .list()
        .map((item) => item.clientId)
        .toSorted(),
    ).toEqual(
      [
        ...Array.from({ length: 25 }, (_, n) => `client-${n}`).filter((id) => id !== 'client-4'),
        'client-100',
      ].toSorted(),
    );
    expect(again.ledger.get(stored[3]!.id)?.revoked).toBe(true);
  });

  it('entries of another keychain backend stay in the store untouched, and come back on that backend', async () => {
    const dir = tempDir();
    const first = await run(dir, new FakeKeychain({ backend: 'gnome_libsecret' }));
    const old = first.ledger.put(entry(1));
    await first.ledger.flushed();
    const sealedOld = first.store.data.entries[0]!.sealed;

    const other = await run(dir, new FakeKeychain({ backend: 'kwallet5' }));
    expect(other.ledger.list()).toEqual([]);
    other.ledger.put(entry(2));
    await other.ledger.flushed();
    // kwallet5 cannot unwrap the data key of gnome_libsecret's slot: it seals with itself meanwhile.
    expect(other.store.data.entries.map((item) => item.sealed.split('.').slice(0, 2).join('.'))).toEqual([
      'tsv2.os',
      'tsv2.dk',
    ]);
    expect(other.store.data.entries[0]!.sealed).toMatch(/^tsv2\.os\.kwallet5\./);
    expect(other.store.data.entries[1]!.sealed).toBe(sealedOld);

    const back = await run(dir, new FakeKeychain({ backend: 'gnome_libsecret' }));
    expect(back.ledger.list()).toEqual([old]);
  });

  it('a locked passphrase vault keeps the sealed entries; they come back on unlock', async () => {
    const dir = tempDir();
    const first = await run(dir);
    await first.vault.usePassphrase(PASSPHRASE);
    const old = first.ledger.put(entry(1));
    await first.ledger.flushed();
    const before = first.file();

    const locked = await run(dir);
    expect(locked.vault.unlocked).toBe(false);
    expect(locked.ledger.list()).toEqual([]);
    expect(locked.file()).toBe(before);
    await locked.vault.unlock(PASSPHRASE);
    await locked.ledger.load();
    expect(locked.ledger.list()).toEqual([old]);
  });

  it('a token kept while the vault was locked reaches the store once it is unlocked', async () => {
    const dir = tempDir();
    const first = await run(dir);
    await first.vault.usePassphrase(PASSPHRASE);
    first.ledger.put(entry(1));
    await first.ledger.flushed();

    const second = await run(dir);
    const fresh = second.ledger.put(entry(2));
    await second.ledger.flushed();
    expect(second.ledger.lastWriteError).toMatchObject({ code: 'VAULT_LOCKED' });
    expect(second.store.data.entries).toHaveLength(1);
    await second.vault.unlock(PASSPHRASE);
    await second.ledger.load();
    await second.ledger.flushed();
    expect(second.ledger.lastWriteError).toBeUndefined();

    const third = await run(dir);
    await third.vault.unlock(PASSPHRASE);
    await third.ledger.load();
    expect(
      third.ledger
        .list()
        .map((item) => item.clientId)
        .toSorted(),
    ).toEqual(['client-1', 'client-2']);
    expect(third.ledger.get(fresh.id)).toEqual(fresh);
  });

  it('a token got while locked replaces the stored one of the same key once unlocked (one per key)', async () => {
    const dir = tempDir();
    const first = await run(dir);
    await first.vault.usePassphrase(PASSPHRASE);
    first.ledger.put(entry(1));
    first.ledger.put(entry(2));
    await first.ledger.flushed();

    const second = await run(dir);
    const newer = second.ledger.put({ ...entry(1), obtainedAt: '2030-01-01T00:00:00.000Z' });
    await second.vault.unlock(PASSPHRASE);
    await second.ledger.load();
    await second.ledger.flushed();
    expect(second.ledger.list().map((item) => [item.clientId, item.obtainedAt])).toEqual([
      ['client-1', '2030-01-01T00:00:00.000Z'],
      ['client-2', entry(2).obtainedAt],
    ]);
    expect(second.store.data.entries.map((item) => item.id)).toContain(newer.id);
    expect(second.store.data.entries).toHaveLength(2);
  });

  it('a run that could not open the ledger (keychain gone) keeps every stored entry when it writes', async () => {
    const dir = tempDir();
    const first = await run(dir, new FakeKeychain());
    first.ledger.put(entry(1));
    await first.ledger.flushed();
    const sealedOld = first.store.data.entries[0]!.sealed;

    const second = await run(dir, new FakeKeychain({ available: false }));
    expect(second.vault.unlocked).toBe(false);
    await second.vault.usePassphrase(PASSPHRASE);
    await second.ledger.reseal();
    second.ledger.put(entry(2));
    await second.ledger.flushed();
    expect(second.store.data.entries.map((item) => item.sealed)).toEqual([matching(/^tsv2\.dk\./), sealedOld]);
    // A new key: the old one, in the app's slot of a keychain gone, is not the passphrase's.
    expect(second.store.data.entries[0]!.sealed.split('.')[2]).not.toBe(sealedOld.split('.')[2]);
    const third = await run(dir, new FakeKeychain());
    await third.vault.unlock(PASSPHRASE);
    await third.ledger.load();
    expect(third.ledger.list().map((item) => item.clientId)).toEqual(['client-2']);
    expect(third.store.data.entries.map((item) => item.sealed)).toContain(sealedOld);
  });

  it('after switching to a passphrase every entry opens with it (the data key moved to its slot)', async () => {
    const dir = tempDir();
    const { ledger, vault, store, vaultStore } = await run(dir, new FakeKeychain());
    const stored = [ledger.put(entry(1)), ledger.put(entry(2))];
    await ledger.flushed();
    await vault.usePassphrase(PASSPHRASE);
    await ledger.reseal();
    for (const item of store.data.entries) expect(item.sealed).toMatch(/^tsv2\.dk\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(Object.keys(vaultStore.data.dataKey?.slots ?? {})).toEqual(['passphrase']);
    const again = await run(dir, new FakeKeychain());
    await again.vault.unlock(PASSPHRASE);
    await again.ledger.load();
    expect(again.ledger.list()).toEqual(stored);
  });
});
