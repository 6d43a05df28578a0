import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openLocalStores } from '../../../../../src/main/core/store/local-stores.ts';
import type { VaultData } from '../../../../../src/main/core/store/store-schema.ts';
import { openEnvelope } from '../../../../../src/main/core/vault/envelope.ts';
import type { OsKeychain } from '../../../../../src/main/core/vault/keychain-cipher.ts';
import { MIN_PASSPHRASE_LENGTH, Vault, type VaultOptions } from '../../../../../src/main/core/vault/vault.ts';
import { AppError } from '../../../../../src/shared/domain/errors.ts';
import { CHEAP_KDF, confFile } from '../../../../support/conf-store.ts';
import { FakeKeychain } from '../../../../support/fake-keychain.ts';

const PASSPHRASE = 'a long enough passphrase';
const SECRETS = {
  'request:r1/clientSecret': 'first secret value 0123456789',
  'request:r2/clientSecret': 'second secret, with "quotes" and ü',
  'draft:kaisa/clientSecret': 'third',
};

async function failure(run: () => unknown): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

function emptyVault(): VaultData {
  return { protection: null, secrets: {} };
}

async function open(data: VaultData, keychain?: OsKeychain, options: Partial<VaultOptions> = {}) {
  let saves = 0;
  const changes = { count: 0 };
  const vault = await Vault.open({
    data,
    save: () => saves++,
    keychain,
    kdf: CHEAP_KDF,
    onChange: () => changes.count++,
    ...options,
  });
  return { vault, saves: () => saves, changes };
}

async function putAll(vault: Vault): Promise<void> {
  for (const [ref, value] of Object.entries(SECRETS)) await vault.put(ref, value);
}

const vaults: Vault[] = [];
afterEach(() => {
  for (const vault of vaults.splice(0)) vault.close();
  vi.useRealTimers();
});

describe('choosing a protection', () => {
  it('uses a real keychain on a fresh vault: one data key in its app slot seals every value as tsv2.dk.<key id>', async () => {
    const data = emptyVault();
    const keychain = new FakeKeychain({ backend: 'gnome_libsecret' });
    const { vault, saves } = await open(data, keychain);
    expect(data).toMatchObject({ protection: 'keychain', keychainBackend: 'gnome_libsecret' });
    expect(saves()).toBe(1);
    const keyId = data.dataKey?.id;
    expect(keyId).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(Object.keys(data.dataKey?.slots ?? {})).toEqual(['app']);
    expect(data.dataKey?.slots.app?.backend).toBe('gnome_libsecret');
    await putAll(vault);
    for (const [ref, value] of Object.entries(SECRETS)) {
      const sealed = data.secrets[ref]!;
      expect(sealed).toMatch(new RegExp(`^tsv2\\.dk\\.${keyId}\\.[A-Za-z0-9_-]+$`));
      expect(sealed).not.toContain(value);
      expect(openEnvelope(sealed).payload.includes(Buffer.from(value))).toBe(false);
      expect(await vault.get(ref)).toBe(value);
    }
    expect(vault.state()).toEqual({
      protection: 'keychain',
      description: 'the GNOME keyring (gnome_libsecret)',
      locked: false,
      secretCount: 3,
      lockedEntries: [],
      keychainUsable: true,
      autoLockMinutes: 0,
      cliAllowed: false,
    });
  });

  it.each([
    ['an unavailable keychain', new FakeKeychain({ available: false }), /operating system keychain is not available/],
    ['basic_text', new FakeKeychain({ backend: 'basic_text' }), /basic_text \(no keyring.*does not protect secrets/],
    ['the unknown backend', new FakeKeychain({ backend: 'unknown' }), /unknown, which does not protect secrets/],
    ['no keychain at all (the CLI)', undefined, /no operating system keychain here/],
  ])('%s on a fresh vault → no protection, asks for a passphrase, stores nothing', async (_name, keychain, reason) => {
    const data = emptyVault();
    const { vault, saves } = await open(data, keychain);
    const state = vault.state();
    expect(state).toMatchObject({ protection: null, locked: true, keychainUsable: false, lockedEntries: [] });
    expect(state.message).toMatch(reason);
    expect(state.message).toMatch(
      /Choose a passphrase to protect your secrets; Tokensmith will not store them less safely/,
    );
    const error = await failure(() => vault.put('request:r1/clientSecret', 'value'));
    expect(error.code).toBe('VAULT_NEEDS_SETUP');
    expect(error.hint).toMatch(/Choose a passphrase/);
    expect(data).toEqual({ protection: null, secrets: {} });
    expect(saves()).toBe(0);
    if (keychain instanceof FakeKeychain) expect(keychain.encryptCalls).toBe(0);
  });

  it('a keychain whose availability check fails counts as unavailable', async () => {
    const keychain = new FakeKeychain();
    keychain.isAvailable = () => Promise.reject(new Error('dbus went away'));
    const { vault } = await open(emptyVault(), keychain);
    expect(vault.state()).toMatchObject({ protection: null, keychainUsable: false });
    expect(vault.state().message).toMatch(/not available/);
  });
});

describe('faults of the keychain between runs', () => {
  async function sealedByGnome(): Promise<VaultData> {
    const data = emptyVault();
    const { vault } = await open(data, new FakeKeychain({ backend: 'gnome_libsecret' }));
    await putAll(vault);
    return data;
  }

  it('another backend in this run: the entries are locked and listed, the message names both backends', async () => {
    const data = await sealedByGnome();
    const before = structuredClone(data);
    const { vault, saves } = await open(data, new FakeKeychain({ backend: 'kwallet5' }));
    const state = vault.state();
    expect(state).toMatchObject({ protection: 'keychain', locked: false, secretCount: 3, keychainUsable: true });
    expect(state.lockedEntries.toSorted()).toEqual(Object.keys(SECRETS).toSorted());
    expect(state.message).toBe(
      'Your secrets were encrypted with the GNOME keyring (gnome_libsecret), but this session uses KWallet 5 (kwallet5). 3 secret(s) are locked: enter them again.',
    );
    const error = await failure(() => vault.get('request:r1/clientSecret', 'Client secret'));
    expect(error.code).toBe('VAULT_ENTRY_LOCKED');
    expect(error.message).toBe(
      'Client secret was encrypted with the GNOME keyring (gnome_libsecret), which this session cannot use.',
    );
    expect(error.hint).toBe('Enter Client secret again.');
    expect(data).toEqual(before);
    expect(saves()).toBe(0);

    // Entering one again seals it with this backend; the others stay as they were.
    await vault.put('request:r1/clientSecret', 'entered again');
    expect(vault.state().lockedEntries.toSorted()).toEqual(
      ['draft:kaisa/clientSecret', 'request:r2/clientSecret'].toSorted(),
    );
    expect(data.secrets['request:r1/clientSecret']).toMatch(/^tsv2\.os\.kwallet5\./);
    expect(data.secrets['request:r2/clientSecret']).toBe(before.secrets['request:r2/clientSecret']);
  });

  it('back on the first backend, everything opens again', async () => {
    const data = await sealedByGnome();
    await open(data, new FakeKeychain({ backend: 'kwallet5' }));
    const { vault } = await open(data, new FakeKeychain({ backend: 'gnome_libsecret' }));
    expect(vault.state()).toMatchObject({ lockedEntries: [], locked: false });
    expect(vault.state().message).toBeUndefined();
    for (const [ref, value] of Object.entries(SECRETS)) expect(await vault.get(ref)).toBe(value);
  });

  it.each([
    ['unavailable', new FakeKeychain({ available: false }), 'the operating system keychain is not available.'],
    ['basic_text', new FakeKeychain({ backend: 'basic_text' }), 'the keychain backend is basic_text'],
  ])('the keychain %s in this run: locked, kept, and the message says what to do', async (_name, keychain, why) => {
    const data = await sealedByGnome();
    const before = structuredClone(data);
    const { vault } = await open(data, keychain);
    const state = vault.state();
    expect(state).toMatchObject({ protection: 'keychain', locked: true, keychainUsable: false, secretCount: 3 });
    expect(state.description).toBe('the GNOME keyring (gnome_libsecret)');
    expect(state.message).toContain('Your secrets were encrypted with the GNOME keyring (gnome_libsecret), but');
    expect(state.message).toContain(why);
    expect(state.message).toMatch(/They are kept, locked; switch to a passphrase and enter them again/);
    const error = await failure(() => vault.get('request:r1/clientSecret'));
    expect(error.code).toBe('VAULT_NEEDS_SETUP');
    expect(error.hint).toMatch(/Choose a passphrase/);
    expect(data).toEqual(before);
    expect(keychain.encryptCalls + keychain.decryptCalls).toBe(0);
  });

  it('a decrypt that throws → VAULT_ENTRY_LOCKED naming the keychain; nothing is changed', async () => {
    const data = await sealedByGnome();
    const before = structuredClone(data);
    const { vault } = await open(data, new FakeKeychain({ backend: 'gnome_libsecret', failDecrypt: true }));
    const error = await failure(() => vault.get('request:r1/clientSecret'));
    expect(error.code).toBe('VAULT_ENTRY_LOCKED');
    expect(error.message).toContain('the GNOME keyring (gnome_libsecret)');
    expect(error.hint).toMatch(/Enter the secret again/);
    expect(data).toEqual(before);
  });

  it('another backend, one secret entered again, then a passphrase: that one moves to the new key and opens', async () => {
    const data = await sealedByGnome();
    const { vault } = await open(data, new FakeKeychain({ backend: 'kwallet5' }));
    await vault.put('request:r1/clientSecret', 'entered again');
    await vault.usePassphrase(PASSPHRASE);
    const later = await open(data);
    await later.vault.unlock(PASSPHRASE);
    expect(await later.vault.get('request:r1/clientSecret')).toBe('entered again');
    expect(later.vault.state().lockedEntries.toSorted()).toEqual(
      ['draft:kaisa/clientSecret', 'request:r2/clientSecret'].toSorted(),
    );
  });

  it('switching to a passphrase keeps what the keychain cannot decrypt, locked, instead of failing', async () => {
    const data = await sealedByGnome();
    const before = structuredClone(data);
    const { vault } = await open(data, new FakeKeychain({ backend: 'gnome_libsecret', failDecrypt: true }));
    await vault.usePassphrase(PASSPHRASE);
    expect(data.protection).toBe('passphrase');
    expect(data.secrets).toEqual(before.secrets);
    expect(vault.state().lockedEntries.toSorted()).toEqual(Object.keys(SECRETS).toSorted());
    expect(vault.state().message).toBe('3 secret(s) cannot be opened with your passphrase: enter them again.');
  });
});

describe('the passphrase', () => {
  it(`needs at least ${MIN_PASSPHRASE_LENGTH} characters → WEAK_PASSPHRASE, and nothing changes`, async () => {
    const data = emptyVault();
    const { vault, saves } = await open(data);
    for (const weak of ['', 'short', '12345678901']) {
      const error = await failure(() => vault.usePassphrase(weak));
      expect(error.code).toBe('WEAK_PASSPHRASE');
      expect(error.message).toBe('A passphrase needs at least 12 characters.');
    }
    expect(data).toEqual(emptyVault());
    expect(saves()).toBe(0);
    await vault.usePassphrase('123456789012');
    expect(vault.state()).toMatchObject({ protection: 'passphrase', locked: false });
  });

  it('stores its Argon2id parameters, salt and a check value, never the passphrase or the key', async () => {
    const data = emptyVault();
    const { vault, changes } = await open(data);
    await vault.usePassphrase(PASSPHRASE);
    expect(data.passphrase).toMatchObject(CHEAP_KDF);
    expect(data.passphrase?.salt).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(data)).not.toContain(PASSPHRASE);
    expect(changes.count).toBe(1);
    await putAll(vault);
    for (const sealed of Object.values(data.secrets))
      expect(sealed).toMatch(/^tsv2\.dk\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(Object.keys(data.dataKey?.slots ?? {})).toEqual(['passphrase']);
    expect(vault.state()).toMatchObject({ description: 'your passphrase (Argon2id, AES-256-GCM)', secretCount: 3 });
  });

  it('a new run starts locked; the wrong passphrase → WRONG_PASSPHRASE and it stays locked', async () => {
    const data = emptyVault();
    const first = await open(data);
    await first.vault.usePassphrase(PASSPHRASE);
    await putAll(first.vault);

    const { vault } = await open(data, new FakeKeychain());
    expect(vault.state()).toMatchObject({ protection: 'passphrase', locked: true, keychainUsable: true });
    expect(vault.state().message).toBeUndefined();
    expect((await failure(() => vault.get('request:r1/clientSecret'))).code).toBe('VAULT_LOCKED');
    expect((await failure(() => vault.seal('x', 'ledger:x'))).code).toBe('VAULT_LOCKED');
    expect((await failure(() => vault.put('request:r3/clientSecret', 'x'))).code).toBe('VAULT_LOCKED');

    for (const wrong of ['A long enough passphrase', 'a long enough passphras', 'something else entirely']) {
      const error = await failure(() => vault.unlock(wrong));
      expect(error.code).toBe('WRONG_PASSPHRASE');
      expect(error.hint).toMatch(/case matters/);
      expect(vault.unlocked).toBe(false);
    }
    expect(vault.state().locked).toBe(true);
    await vault.unlock(PASSPHRASE);
    for (const [ref, value] of Object.entries(SECRETS)) expect(await vault.get(ref)).toBe(value);
  });

  it('lock forgets the key; unlock brings it back; lock does nothing to a keychain vault', async () => {
    const { vault, changes } = await open(emptyVault());
    await vault.usePassphrase(PASSPHRASE);
    await putAll(vault);
    vault.lock();
    expect(vault.state().locked).toBe(true);
    expect(changes.count).toBe(2);
    expect((await failure(() => vault.get('request:r1/clientSecret'))).code).toBe('VAULT_LOCKED');
    await vault.unlock(PASSPHRASE);
    expect(await vault.get('request:r1/clientSecret')).toBe(SECRETS['request:r1/clientSecret']);

    const keychain = await open(emptyVault(), new FakeKeychain());
    keychain.vault.lock();
    expect(keychain.vault.state().locked).toBe(false);
    expect((await failure(() => keychain.vault.unlock(PASSPHRASE))).code).toBe('NOT_SUPPORTED');
  });

  it('switching from the keychain moves the data key to a passphrase slot: no entry is sealed again, the keychain is no longer needed', async () => {
    const data = emptyVault();
    const keychain = new FakeKeychain({ backend: 'gnome_libsecret' });
    const { vault } = await open(data, keychain);
    await putAll(vault);
    const before = structuredClone(data.secrets);
    await vault.usePassphrase(PASSPHRASE);
    expect(data.protection).toBe('passphrase');
    expect(data.keychainBackend).toBeUndefined();
    expect(data.secrets).toEqual(before);
    expect(Object.keys(data.dataKey?.slots ?? {})).toEqual(['passphrase']);
    const later = await open(data, new FakeKeychain({ available: false }));
    await later.vault.unlock(PASSPHRASE);
    for (const [ref, value] of Object.entries(SECRETS)) expect(await later.vault.get(ref)).toBe(value);
  });

  it('changing the passphrase while unlocked re-encrypts; the old one no longer unlocks', async () => {
    const data = emptyVault();
    const { vault } = await open(data);
    await vault.usePassphrase(PASSPHRASE);
    await putAll(vault);
    await vault.usePassphrase('another long passphrase', PASSPHRASE);
    const later = await open(data);
    expect((await failure(() => later.vault.unlock(PASSPHRASE))).code).toBe('WRONG_PASSPHRASE');
    await later.vault.unlock('another long passphrase');
    for (const [ref, value] of Object.entries(SECRETS)) expect(await later.vault.get(ref)).toBe(value);
  });

  it('a locked passphrase vault cannot be given a new passphrase: VAULT_LOCKED, and the old one still opens everything', async () => {
    const data = emptyVault();
    const first = await open(data);
    await first.vault.usePassphrase(PASSPHRASE);
    await putAll(first.vault);
    const before = structuredClone(data);

    const { vault } = await open(data);
    const error = await failure(() => vault.usePassphrase('a brand new passphrase'));
    expect(error.code).toBe('VAULT_LOCKED');
    expect(error.hint).toMatch(/Unlock/);
    expect(data).toEqual(before);
    await vault.unlock(PASSPHRASE);
    for (const [ref, value] of Object.entries(SECRETS)) expect(await vault.get(ref)).toBe(value);
  });

  it('locks itself after the idle time; every use starts the time again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { vault, changes } = await open(emptyVault(), undefined, { autoLockMs: 60_000 });
    vaults.push(vault);
    await vault.usePassphrase(PASSPHRASE);
    await vault.put('request:r1/clientSecret', 'value');
    expect(vault.state().autoLockMinutes).toBe(1);
    vi.advanceTimersByTime(59_000);
    expect(vault.unlocked).toBe(true);
    await vault.get('request:r1/clientSecret');
    vi.advanceTimersByTime(59_000);
    expect(vault.unlocked).toBe(true);
    const changesBefore = changes.count;
    vi.advanceTimersByTime(1_000);
    expect(vault.unlocked).toBe(false);
    expect(vault.state().locked).toBe(true);
    expect(changes.count).toBe(changesBefore + 1);
    expect((await failure(() => vault.get('request:r1/clientSecret'))).code).toBe('VAULT_LOCKED');

    await vault.unlock(PASSPHRASE);
    vi.advanceTimersByTime(60_000);
    expect(vault.unlocked).toBe(false);
  });

  it('autoLockMs 0 never locks', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { vault } = await open(emptyVault(), undefined, { autoLockMs: 0 });
    await vault.usePassphrase(PASSPHRASE);
    vi.advanceTimersByTime(24 * 3600_000);
    expect(vault.unlocked).toBe(true);
  });
});

describe('concurrent writes through a store on disk', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it.each(['keychain', 'passphrase'])(
    'many vault.put at once (%s): all present after reopening the store',
    async (kind) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'tokensmith-vault-race-'));
      dirs.push(dir);
      const store = openLocalStores({ dir, createFile: confFile }).vault;
      const keychain = new FakeKeychain({ jitter: true });
      const vault = await Vault.open({
        data: store.data,
        save: () => store.save(store.data),
        keychain: kind === 'keychain' ? keychain : undefined,
        kdf: CHEAP_KDF,
      });
      if (kind === 'passphrase') await vault.usePassphrase(PASSPHRASE);
      const values = Array.from({ length: 40 }, (_, index) => [`request:r${index}/clientSecret`, `value ${index} ü`]);
      await Promise.all(values.map(([ref, value]) => vault.put(ref!, value!)));

      const reopened = openLocalStores({ dir, createFile: confFile }).vault;
      expect(reopened.notice).toBeUndefined();
      expect(Object.keys(reopened.data.secrets).toSorted()).toEqual(values.map(([ref]) => ref).toSorted());
      const again = await Vault.open({
        data: reopened.data,
        save: () => reopened.save(reopened.data),
        keychain: kind === 'keychain' ? new FakeKeychain() : undefined,
      });
      if (kind === 'passphrase') await again.unlock(PASSPHRASE);
      for (const [ref, value] of values) expect(await again.get(ref!)).toBe(value);
    },
  );
});
