import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openLocalStores } from '../../../src/main/core/store/local-stores.ts';
import { DEFAULT_KDF } from '../../../src/main/core/vault/passphrase-cipher.ts';
import { maskSecret, maskToken } from '../../../src/shared/domain/secrets.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../../fixtures/simulators/kaisa.ts';
import { confFile } from '../../support/conf-store.ts';
import { FakeKeychain } from '../../support/fake-keychain.ts';
import { newUserDataDir, removeTempDirs, startApp, type App } from './profile.ts';

const PASSPHRASE = 'behaviour test passphrase';

let sim: KaisaSimulator;
let other: KaisaSimulator;
beforeAll(async () => {
  [sim, other] = await Promise.all([startKaisaSimulator(), startKaisaSimulator()]);
});
afterAll(async () => {
  await Promise.all([sim.close(), other.close()]);
  removeTempDirs();
});
afterEach(() => {
  vi.useRealTimers();
});

const values = (tokenUrl = sim.tokenUrl) => ({
  tokenUrl,
  clientId: KAISA_CLIENT.clientId,
  clientSecret: KAISA_CLIENT.clientSecret,
  bodyFormat: 'form',
});

/** A profile with two saved requests (secrets in the vault) and a token from each. */
async function withData(app: App) {
  const saved = [
    await app.call('requests:save', { name: 'One', profileId: 'kaisa', values: values() }),
    await app.call('requests:save', { name: 'Two', profileId: 'kaisa', values: values(other.tokenUrl) }),
  ];
  for (const request of saved)
    expect(
      (await app.call('grant:run', { profileId: 'kaisa', savedRequestId: request.id, values: {} })).error,
    ).toBeUndefined();
  expect(await app.call('ledger:list', {})).toHaveLength(2);
  return saved;
}

describe('setting up a passphrase', () => {
  it('fewer than 12 characters → WEAK_PASSPHRASE, and the vault stays as it was', async () => {
    const app = await startApp(newUserDataDir(), { keychain: new FakeKeychain({ available: false }) });
    const error = await app.refused('vault:use-passphrase', { passphrase: 'elevenchars' });
    expect(error).toMatchObject({ code: 'WEAK_PASSPHRASE', message: 'A passphrase needs at least 12 characters.' });
    expect(error.hint).toBeTruthy();
    expect((await app.call('vault:state', {})).vault).toMatchObject({ protection: null, locked: true });
    expect(app.onDisk().vault).toEqual({ schemaVersion: 1, protection: null, secrets: {} });
    expect(await app.call('vault:use-passphrase', { passphrase: 'twelvecharss' })).toMatchObject({
      protection: 'passphrase',
      locked: false,
    });
    await app.close();
  });

  it('a default passphrase uses DEFAULT_KDF (Argon2id 64 MiB, t=3, p=4), read back from the store', async () => {
    const dir = newUserDataDir();
    const app = await startApp(dir, { keychain: new FakeKeychain({ available: false }), kdf: 'default' });
    await app.call('vault:use-passphrase', { passphrase: PASSPHRASE });
    await app.close();
    expect(DEFAULT_KDF).toEqual({ memoryKiB: 65536, iterations: 3, parallelism: 4 });
    expect(app.onDisk().vault.passphrase).toMatchObject({ memoryKiB: 65536, iterations: 3, parallelism: 4 });
    const again = await startApp(dir, { keychain: new FakeKeychain({ available: false }) });
    expect(await again.call('vault:unlock', { passphrase: PASSPHRASE })).toMatchObject({ locked: false });
    await again.close();
  });
});

describe('locking', () => {
  it('lock → a grant needing a stored secret reports VAULT_LOCKED, sends nothing and shows no secret', async () => {
    const dir = newUserDataDir();
    const app = await startApp(dir, { keychain: new FakeKeychain({ available: false }) });
    await app.call('vault:use-passphrase', { passphrase: PASSPHRASE });
    const [one] = await withData(app);
    expect(await app.call('vault:lock', {})).toMatchObject({ protection: 'passphrase', locked: true });
    expect(app.events.at(-2)).toEqual({ event: 'vault:changed', payload: {} });

    const before = sim.requests.length;
    const report = await app.call('grant:run', { profileId: 'kaisa', savedRequestId: one!.id, values: {} });
    expect(report.error).toMatchObject({
      code: 'VAULT_LOCKED',
      message: 'The vault is locked.',
      hint: 'Unlock it with your passphrase.',
    });
    expect(report.steps).toEqual([]);
    expect(report.token).toBeUndefined();
    expect(sim.requests.length).toBe(before);
    expect(JSON.stringify(report)).not.toContain(KAISA_CLIENT.clientSecret);
    expect(await app.call('secrets:masks', { profileId: 'kaisa', savedRequestId: one!.id })).toEqual({
      clientSecret: { locked: 'The vault is locked.' },
    });
    expect((await app.refused('requests:save', { name: 'New', profileId: 'kaisa', values: values() })).code).toBe(
      'VAULT_LOCKED',
    );
    expect((await app.refused('vault:export', { withSecrets: true, passphrase: PASSPHRASE })).code).toBe(
      'VAULT_LOCKED',
    );

    for (const wrong of ['Behaviour test passphrase', 'not the passphrase at all']) {
      const error = await app.refused('vault:unlock', { passphrase: wrong });
      expect(error).toMatchObject({ code: 'WRONG_PASSPHRASE', hint: 'Type it again; the case matters.' });
      expect((await app.call('vault:state', {})).vault.locked).toBe(true);
    }
    await app.call('vault:unlock', { passphrase: PASSPHRASE });
    expect(
      (await app.call('grant:run', { profileId: 'kaisa', savedRequestId: one!.id, values: {} })).error,
    ).toBeUndefined();
    await app.close();
  });

  it('a new run starts locked: tokens come back on unlock, and one got while locked is kept', async () => {
    const dir = newUserDataDir();
    const first = await startApp(dir, { keychain: new FakeKeychain({ available: false }) });
    await first.call('vault:use-passphrase', { passphrase: PASSPHRASE });
    await withData(first);
    const ledger = await first.call('ledger:list', {});
    await first.close();

    const app = await startApp(dir, { keychain: new FakeKeychain({ available: false }) });
    expect((await app.call('vault:state', {})).vault).toMatchObject({ locked: true, secretCount: 2 });
    expect(await app.call('ledger:list', {})).toEqual([]);
    // Typed secrets still run while locked; they are not kept, the token is (once the vault can seal it).
    const typed = await app.call('grant:run', { profileId: 'kaisa', values: values(sim.tokenUrl) });
    expect(typed.warnings).toContain('The vault is locked: Client secret was used for this run but not kept.');
    await app.call('vault:unlock', { passphrase: PASSPHRASE });
    // The new token replaces the stored one of the same request (one per key, the newest wins).
    const after = await app.call('ledger:list', {});
    expect(after.map((entry) => entry.id).toSorted()).toEqual([ledger[1]!.id, typed.ledgerId!].toSorted());
    expect(after.find((entry) => entry.id === typed.ledgerId)?.accessTokenMasked).toBe(maskToken(sim.issued.at(-1)!));
    await app.close();

    const third = await startApp(dir, { keychain: new FakeKeychain({ available: false }) });
    await third.call('vault:unlock', { passphrase: PASSPHRASE });
    expect((await third.call('ledger:list', {})).map((entry) => entry.id).toSorted()).toEqual(
      after.map((entry) => entry.id).toSorted(),
    );
    await third.close();
  });

  it('locks itself after the idle time the settings give', async () => {
    const dir = newUserDataDir();
    const seed = openLocalStores({ dir, createFile: confFile });
    seed.settings.save({ ...seed.settings.data, autoLockMinutes: 1 });
    const app = await startApp(dir, { keychain: new FakeKeychain({ available: false }) });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const state = await app.call('vault:use-passphrase', { passphrase: PASSPHRASE });
    expect(state).toMatchObject({ locked: false, autoLockMinutes: 1 });
    await app.call('requests:save', { name: 'Kept', profileId: 'kaisa', values: values() });
    vi.advanceTimersByTime(59_000);
    expect((await app.call('vault:state', {})).vault.locked).toBe(false);
    const events = app.events.length;
    vi.advanceTimersByTime(1_000);
    expect((await app.call('vault:state', {})).vault.locked).toBe(true);
    expect(app.events.slice(events)).toEqual([{ event: 'vault:changed', payload: {} }]);
    vi.useRealTimers();
    await app.close();
  });
});

describe('switching from the keychain to a passphrase', () => {
  it('moves the data key from the app slot to a passphrase slot: no secret or ledger entry is sealed again; nothing is lost', async () => {
    const dir = newUserDataDir();
    const app = await startApp(dir, { keychain: new FakeKeychain({ backend: 'gnome_libsecret' }) });
    const saved = await withData(app);
    const ledger = await app.call('ledger:list', {});
    const before = app.onDisk();
    const sealedBefore = [
      ...Object.values(before.vault.secrets),
      ...before.ledger.entries.map((entry) => entry.sealed),
    ];
    expect(sealedBefore).toHaveLength(4);
    for (const sealed of sealedBefore) expect(sealed).toMatch(/^tsv2\.dk\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(Object.keys(before.vault.dataKey?.slots ?? {})).toEqual(['app']);
    expect(before.vault).toMatchObject({ protection: 'keychain', keychainBackend: 'gnome_libsecret' });

    const state = await app.call('vault:use-passphrase', { passphrase: PASSPHRASE });
    expect(state).toMatchObject({ protection: 'passphrase', locked: false, lockedEntries: [], secretCount: 2 });
    expect(state.message).toBeUndefined();
    const after = app.onDisk();
    expect(after.vault.keychainBackend).toBeUndefined();
    expect(after.vault.passphrase).toBeDefined();
    const sealedAfter = [...Object.values(after.vault.secrets), ...after.ledger.entries.map((entry) => entry.sealed)];
    expect(sealedAfter).toHaveLength(4);
    expect(sealedAfter).toEqual(sealedBefore);
    // The keychain no longer opens the vault: the app's slot is gone, the passphrase's holds the key.
    expect(Object.keys(after.vault.dataKey?.slots ?? {})).toEqual(['passphrase']);
    expect(after.vault.dataKey?.id).toBe(before.vault.dataKey?.id);
    expect(await app.call('ledger:list', {})).toEqual(ledger);
    await app.close();

    // The next run needs the passphrase, not the keychain, and has everything.
    const again = await startApp(dir, { keychain: new FakeKeychain({ backend: 'gnome_libsecret' }) });
    expect((await again.call('vault:state', {})).vault).toMatchObject({ protection: 'passphrase', locked: true });
    await again.call('vault:unlock', { passphrase: PASSPHRASE });
    expect(await again.call('ledger:list', {})).toEqual(ledger);
    for (const request of saved) {
      expect(await again.call('secrets:masks', { profileId: 'kaisa', savedRequestId: request.id })).toEqual({
        clientSecret: { masked: maskSecret(KAISA_CLIENT.clientSecret) },
      });
    }
    const report = await again.call('grant:run', { profileId: 'kaisa', savedRequestId: saved[0]!.id, values: {} });
    expect(report.error).toBeUndefined();
    await again.close();
  });

  it('a locked passphrase vault refuses a new passphrase (VAULT_LOCKED) instead of orphaning its secrets', async () => {
    const dir = newUserDataDir();
    const first = await startApp(dir, { keychain: new FakeKeychain({ available: false }) });
    await first.call('vault:use-passphrase', { passphrase: PASSPHRASE });
    await withData(first);
    await first.close();

    const app = await startApp(dir, { keychain: new FakeKeychain({ available: false }) });
    const before = app.onDisk();
    const error = await app.refused('vault:use-passphrase', { passphrase: 'a different passphrase' });
    expect(error.code).toBe('VAULT_LOCKED');
    expect(error.hint).toMatch(/Unlock it with your current passphrase/);
    expect(app.onDisk()).toEqual(before);
    await app.call('vault:unlock', { passphrase: PASSPHRASE });
    expect(await app.call('ledger:list', {})).toHaveLength(2);
    await app.close();
  });
});
