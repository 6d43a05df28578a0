import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryTokenLedger, type NewLedgerEntry } from '../../../../../src/main/core/ledger/token-ledger.ts';
import { VaultTokenLedger } from '../../../../../src/main/core/ledger/vault-token-ledger.ts';
import type { LocalStores } from '../../../../../src/main/core/store/local-stores.ts';
import { openStorage } from '../../../../../src/main/core/store/storage.ts';
import {
  VAULT_FILE_VERSION,
  type StoredLedgerEntry,
  type VaultData,
  type VaultFile,
} from '../../../../../src/main/core/store/store-schema.ts';
import { createKeychainCipher, type OsKeychain } from '../../../../../src/main/core/vault/keychain-cipher.ts';
import {
  createPassphraseCipher,
  deriveKey,
  newSalt,
  sealAesGcm,
} from '../../../../../src/main/core/vault/passphrase-cipher.ts';
import type { SecretCipher } from '../../../../../src/main/core/vault/secret-cipher.ts';
import { Vault } from '../../../../../src/main/core/vault/vault.ts';
import { AppError } from '../../../../../src/shared/domain/errors.ts';
import { V1_PASSPHRASE, V1_TOKEN } from '../../../../fixtures/store/v1-values.ts';
import { CHEAP_KDF, confFile } from '../../../../support/conf-store.ts';
import { FakeKeychain } from '../../../../support/fake-keychain.ts';
import { MemoryKeyring } from '../../../../support/memory-keyring.ts';

const PASSPHRASE = 'key slots test passphrase';
const SECRETS = {
  'request:r1/clientSecret': 'first secret value 0123456789',
  'draft:kaisa/clientSecret': 'second, with "quotes" and ü',
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tokensmith-slots-'));
  dirs.push(dir);
  return dir;
}

function token(n: number): NewLedgerEntry {
  return {
    profileId: 'kaisa',
    environment: `https://env-${n}.example`,
    clientId: `client-${n}`,
    scope: 'api',
    token: { accessToken: `access-token-${n}-0f1e2d3c4b5a6978`, tokenType: 'Bearer', warnings: [] },
    obtainedAt: '2029-12-31T23:55:00.000Z',
    values: { clientId: `client-${n}`, clientSecret: `client-secret-${n}-9a8b7c6d` },
    vars: [],
  };
}

/** The vault's and the ledger's files of `dir` as one document, as these tests look at them. */
interface OneDocument {
  vault: VaultFile;
  ledger: StoredLedgerEntry[];
}

function onDisk(dir: string): OneDocument {
  const read = (name: string): unknown => JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8'));
  return { vault: read('vault') as VaultFile, ledger: (read('ledger') as { entries: StoredLedgerEntry[] }).entries };
}

/** The two files of a run, read and written as one document. */
function oneDocument(stores: LocalStores) {
  return {
    data: {
      get vault(): VaultFile {
        return stores.vault.data;
      },
      set vault(value: VaultData) {
        stores.vault.data = { ...value, schemaVersion: VAULT_FILE_VERSION };
      },
      get ledger(): StoredLedgerEntry[] {
        return stores.ledger.data.entries;
      },
      set ledger(entries: StoredLedgerEntry[]) {
        stores.ledger.data = { ...stores.ledger.data, entries };
      },
    },
    save: () => {
      stores.vault.save(stores.vault.data);
      stores.ledger.save(stores.ledger.data);
    },
  };
}

/** One run of the app on the files in `dir` (an older single-file store moved into them first), counting the vault's writes. */
async function run(dir: string, keychain?: OsKeychain) {
  const { stores } = openStorage({ dataDir: dir, createFile: confFile, owner: 'a test' });
  let saves = 0;
  const vault = await Vault.open({
    data: stores.vault.data,
    save: () => {
      saves++;
      stores.vault.save(stores.vault.data);
    },
    keychain,
    kdf: CHEAP_KDF,
  });
  const ledger = new VaultTokenLedger(stores.ledger, vault);
  return { store: oneDocument(stores), vault, ledger, saves: () => saves, file: () => onDisk(dir) };
}

/**
 * A store as the version before key slots wrote it: every secret and ledger entry sealed directly
 * by the keychain (tsv2.os) or the passphrase key (tsv2.pw), bound to its reference, and no data key.
 */
async function previousVersionStore(dir: string, protection: 'keychain' | 'passphrase'): Promise<void> {
  const { store } = await run(dir);
  const memory = new MemoryTokenLedger();
  const entries = [memory.put(token(1)), memory.put(token(2))];
  let cipher: SecretCipher;
  if (protection === 'keychain') {
    cipher = createKeychainCipher(new FakeKeychain({ backend: 'gnome_libsecret' }));
    store.data.vault = { protection, keychainBackend: 'gnome_libsecret', secrets: {}, format: 2 };
  } else {
    const salt = newSalt();
    const key = await deriveKey(PASSPHRASE, salt, CHEAP_KDF);
    cipher = createPassphraseCipher(key);
    const check = sealAesGcm(key, Buffer.from('tokensmith vault passphrase check')).toString('base64url');
    store.data.vault = {
      protection,
      passphrase: { salt: salt.toString('base64url'), ...CHEAP_KDF, check },
      secrets: {},
      format: 2,
    };
  }
  for (const [ref, value] of Object.entries(SECRETS)) store.data.vault.secrets[ref] = await cipher.encrypt(value, ref);
  store.data.ledger = await Promise.all(
    entries.map(async ({ token: tokenSet, values, vars, ...meta }) => ({
      id: meta.id,
      key: meta.key,
      profileId: meta.profileId,
      environment: meta.environment,
      clientId: meta.clientId,
      scope: meta.scope,
      obtainedAt: meta.obtainedAt,
      revoked: meta.revoked,
      sealed: await cipher.encrypt(JSON.stringify({ token: tokenSet, values, vars }), `ledger:${meta.id}`),
    })),
  );
  store.save();
}

async function failure(run: () => unknown): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('a vault of the version before key slots moves to one data key on its first open', () => {
  it.each([
    ['passphrase', 'pw', undefined],
    ['keychain', 'os', new FakeKeychain({ backend: 'gnome_libsecret' })],
  ] as const)(
    '%s: secrets and ledger tokens all open; the secrets move in one write',
    async (protection, algorithm, keychain) => {
      const dir = tempDir();
      await previousVersionStore(dir, protection);
      const before = onDisk(dir);
      const first = await run(dir, keychain);
      for (const sealed of [...Object.values(before.vault.secrets), ...before.ledger.map((entry) => entry.sealed)])
        expect(sealed).toMatch(new RegExp(`^tsv2\\.${algorithm}\\.`));
      if (protection === 'passphrase') {
        expect(first.saves()).toBe(0);
        await first.vault.unlock(PASSPHRASE);
      }
      // One write moved every secret, with the slot that unwraps their key.
      expect(first.saves()).toBe(1);
      const written = first.file();
      const keyId = written.vault.dataKey?.id;
      expect(Object.keys(written.vault.dataKey?.slots ?? {})).toEqual([
        protection === 'keychain' ? 'app' : 'passphrase',
      ]);
      for (const sealed of Object.values(written.vault.secrets))
        expect(sealed).toMatch(new RegExp(`^tsv2\\.dk\\.${keyId}\\.`));
      for (const [ref, value] of Object.entries(SECRETS)) expect(await first.vault.get(ref)).toBe(value);

      // The ledger's tokens, sealed the old way, open, and are sealed again with the data key.
      await first.ledger.load();
      await first.ledger.flushed();
      expect(
        first.ledger
          .list()
          .map((entry) => entry.token.accessToken)
          .toSorted(),
      ).toEqual(['access-token-1-0f1e2d3c4b5a6978', 'access-token-2-0f1e2d3c4b5a6978']);
      const migrated = first.file();
      for (const entry of migrated.ledger) expect(entry.sealed).toMatch(new RegExp(`^tsv2\\.dk\\.${keyId}\\.`));

      // The next run opens the same key, moves nothing, and has everything.
      const again = await run(dir, keychain ?? new FakeKeychain({ available: false }));
      if (protection === 'passphrase') await again.vault.unlock(PASSPHRASE);
      await again.ledger.load();
      expect(again.saves()).toBe(0);
      expect(again.store.data.vault.dataKey?.id).toBe(keyId);
      expect(again.ledger.list()).toHaveLength(2);
      for (const [ref, value] of Object.entries(SECRETS)) expect(await again.vault.get(ref)).toBe(value);
    },
  );
});

describe('the store fixtures (schema v1 and v2, tsv1 values) move to the data key on their first unlock', () => {
  it.each(['v1.json', 'v2.json'])('%s: its secrets in one write, its sealed token opens', async (fixture) => {
    const dir = tempDir();
    copyFileSync(
      path.join(import.meta.dirname, '../../../../fixtures/store', fixture),
      path.join(dir, 'tokensmith.json'),
    );
    const app = await run(dir);
    const names = Object.keys(app.store.data.vault.secrets).toSorted();
    expect(names.length).toBeGreaterThan(0);
    const saves = app.saves();
    await app.vault.unlock(V1_PASSPHRASE);
    expect(app.saves() - saves).toBe(1);
    const { vault } = app.store.data;
    expect(Object.keys(vault.secrets).toSorted()).toEqual(names);
    for (const sealed of Object.values(vault.secrets))
      expect(sealed).toMatch(new RegExp(`^tsv2\\.dk\\.${vault.dataKey?.id}\\.`));
    await app.ledger.load();
    await app.ledger.flushed();
    expect(app.ledger.list().map((entry) => entry.token.accessToken)).toEqual([V1_TOKEN.token.accessToken]);
    expect(app.store.data.ledger.map((entry) => entry.sealed.slice(0, 8))).toEqual(['tsv2.dk.']);

    // The keyring slot then opens all of it without the passphrase.
    const keyring = new MemoryKeyring();
    await app.vault.allowCli(keyring);
    const cli = await run(dir);
    expect(await cli.vault.unlockWithKeyring(keyring)).toBe(true);
    await cli.ledger.load();
    expect(cli.ledger.list().map((entry) => entry.values.clientSecret)).toEqual([V1_TOKEN.values.clientSecret]);
  });
});

describe('the command line slot (OS keyring)', () => {
  async function passphraseVault(dir: string) {
    const app = await run(dir);
    await app.vault.usePassphrase(PASSPHRASE);
    for (const [ref, value] of Object.entries(SECRETS)) await app.vault.put(ref, value);
    app.ledger.put(token(1));
    await app.ledger.flushed();
    return app;
  }

  it('adding and removing it seals nothing again: secrets and tokens are byte-identical', async () => {
    const dir = tempDir();
    const app = await passphraseVault(dir);
    const keyring = new MemoryKeyring();
    const sealed = () => {
      const { vault, ledger } = app.file();
      return { secrets: vault.secrets, ledger: ledger.map((entry) => entry.sealed) };
    };
    const before = sealed();
    await app.vault.allowCli(keyring);
    expect(sealed()).toEqual(before);
    expect(app.vault.cliAllowed).toBe(true);
    expect(app.vault.state().cliAllowed).toBe(true);
    const keyId = app.store.data.vault.dataKey?.id;
    expect([...keyring.entries.keys()]).toEqual([`tokensmith/vault-${keyId}`]);
    await app.vault.denyCli(keyring);
    expect(sealed()).toEqual(before);
    expect(keyring.entries.size).toBe(0);
    expect(app.vault.cliAllowed).toBe(false);
  });

  it('lists its slots by kind and date, never key material', async () => {
    const dir = tempDir();
    const app = await passphraseVault(dir);
    const keyring = new MemoryKeyring();
    await app.vault.allowCli(keyring);
    const slots = app.vault.slots();
    expect(slots.map((slot) => slot.kind)).toEqual(['passphrase', 'keyring']);
    for (const slot of slots) expect(Date.parse(slot.addedAt)).not.toBeNaN();
    const key = [...keyring.entries.values()][0]!;
    expect(JSON.stringify(slots)).not.toContain(key);
    expect(JSON.stringify(app.file())).not.toContain(key);
    expect(slots[1]?.detail).toContain(`vault-${app.store.data.vault.dataKey?.id}`);
  });

  it('needs an open vault to add or remove it: locked → VAULT_LOCKED, the keyring untouched', async () => {
    const dir = tempDir();
    await passphraseVault(dir);
    const locked = await run(dir);
    const keyring = new MemoryKeyring();
    expect((await failure(() => locked.vault.allowCli(keyring))).code).toBe('VAULT_LOCKED');
    expect(keyring.entries.size).toBe(0);
    expect(locked.store.data.vault.dataKey?.slots.keyring).toBeUndefined();
    await locked.vault.unlock(PASSPHRASE);
    await locked.vault.allowCli(keyring);
    locked.vault.lock();
    expect((await failure(() => locked.vault.denyCli(keyring))).code).toBe('VAULT_LOCKED');
    expect(keyring.entries.size).toBe(1);
  });

  it('opens a passphrase vault without the passphrase; a changed passphrase keeps it', async () => {
    const dir = tempDir();
    const app = await passphraseVault(dir);
    const keyring = new MemoryKeyring();
    expect(await (await run(dir)).vault.unlockWithKeyring(keyring)).toBe(false);
    await app.vault.allowCli(keyring);
    await app.vault.usePassphrase('another long passphrase', PASSPHRASE);
    expect(app.store.data.vault.dataKey?.slots.keyring).toBeDefined();

    const cli = await run(dir);
    expect(await cli.vault.unlockWithKeyring(keyring)).toBe(true);
    for (const [ref, value] of Object.entries(SECRETS)) expect(await cli.vault.get(ref)).toBe(value);
    await cli.ledger.load();
    expect(cli.ledger.list().map((entry) => entry.clientId)).toEqual(['client-1']);
    expect(cli.saves()).toBe(0);
  });

  it('a key gone from the keyring → VAULT_CLI_NOT_ALLOWED; another key → VAULT_CORRUPTED; the vault stays locked', async () => {
    const dir = tempDir();
    const app = await passphraseVault(dir);
    const keyring = new MemoryKeyring();
    await app.vault.allowCli(keyring);
    const [entryName] = [...keyring.entries.keys()];

    keyring.entries.set(entryName!, Buffer.alloc(32, 7).toString('base64url'));
    const wrongKey = await run(dir);
    expect((await failure(() => wrongKey.vault.unlockWithKeyring(keyring))).code).toBe('VAULT_CORRUPTED');
    expect(wrongKey.vault.unlocked).toBe(false);

    keyring.entries.clear();
    const gone = await run(dir);
    const error = await failure(() => gone.vault.unlockWithKeyring(keyring));
    expect(error.code).toBe('VAULT_CLI_NOT_ALLOWED');
    expect(error.hint).toMatch(/tokensmith vault allow-cli/);
    expect(gone.vault.unlocked).toBe(false);
  });
});
