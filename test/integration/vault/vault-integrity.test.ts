import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskSecret, maskToken } from '../../../src/shared/domain/secrets.ts';
import { V1_PASSPHRASE, V1_REQUESTS, V1_DRAFT_SECRET, V1_TOKEN } from '../../fixtures/store/v1-values.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../../fixtures/simulators/kaisa.ts';
import { FakeKeychain } from '../../support/fake-keychain.ts';
import { newUserDataDir, removeTempDirs, startApp, type App } from './profile.ts';

const PASSPHRASE = 'integrity test passphrase';
const SECRETS = ['first secret 0123456789', 'second secret 9876543210', 'third secret abcdefghij'];

let sim: KaisaSimulator;
beforeAll(async () => {
  sim = await startKaisaSimulator();
});
afterAll(async () => {
  await sim.close();
  removeTempDirs();
});

const noKeychain = () => new FakeKeychain({ available: false });

/** Rewrites the vault's and the ledger's files on disk, as someone with access to them could. */
function tamper(app: App, change: (data: ReturnType<App['onDisk']>) => void): void {
  const data = app.onDisk();
  change(data);
  writeFileSync(app.files.vault, JSON.stringify(data.vault));
  writeFileSync(app.files.ledger, JSON.stringify(data.ledger));
}

/** Three saved requests, each with its own client secret in the vault. */
async function threeRequests(app: App) {
  const saved = [];
  for (const [index, secret] of SECRETS.entries()) {
    saved.push(
      await app.call('requests:save', {
        name: `Request ${index}`,
        profileId: 'kaisa',
        values: { tokenUrl: sim.tokenUrl, clientId: KAISA_CLIENT.clientId, clientSecret: secret, bodyFormat: 'form' },
      }),
    );
  }
  return saved;
}

const OTHER_CLIENT = { clientId: 'other-client', clientSecret: 'other client secret 42' };
const refOf = (id: string) => `request:${id}/clientSecret`;

describe('each sealed value is bound to its reference (AES-GCM additional data)', () => {
  it.each([
    ['a passphrase vault', noKeychain, true],
    ['a keychain vault', () => new FakeKeychain(), false],
  ])(
    '%s: two entries swapped in the file → VAULT_CORRUPTED naming each; the third still works',
    async (_, keychain, unlock) => {
      const dir = newUserDataDir();
      const first = await startApp(dir, { keychain: keychain() });
      if (unlock) await first.call('vault:use-passphrase', { passphrase: PASSPHRASE });
      const [one, two, three] = await threeRequests(first);
      await first.close();
      for (const sealed of Object.values(first.onDisk().vault.secrets)) expect(sealed).toMatch(/^tsv2\./);
      expect(first.onDisk().vault.format).toBe(2);
      tamper(first, (data) => {
        const a = data.vault.secrets[refOf(one!.id)]!;
        data.vault.secrets[refOf(one!.id)] = data.vault.secrets[refOf(two!.id)]!;
        data.vault.secrets[refOf(two!.id)] = a;
      });

      const app = await startApp(dir, { keychain: keychain() });
      if (unlock) await app.call('vault:unlock', { passphrase: PASSPHRASE });
      const before = sim.requests.length;
      for (const request of [one!, two!]) {
        const report = await app.call('grant:run', { profileId: 'kaisa', savedRequestId: request.id, values: {} });
        expect(report.error?.code).toBe('VAULT_CORRUPTED');
        expect(report.error?.message).toContain(refOf(request.id));
        expect(report.error?.message).toContain('Client secret');
        const masks = await app.call('secrets:masks', { profileId: 'kaisa', savedRequestId: request.id });
        expect(masks.clientSecret).toEqual({ locked: expect.stringContaining(refOf(request.id)) as string });
      }
      expect(sim.requests.length).toBe(before);
      expect(JSON.stringify(app.events)).not.toContain(SECRETS[0]);

      // The rest of the vault is untouched: the third request runs, and its secret masks.
      const report = await app.call('grant:run', { profileId: 'kaisa', savedRequestId: three!.id, values: {} });
      expect(report.error?.code).toBe('INVALID_CLIENT');
      expect(new URLSearchParams(sim.requests.at(-1)!.body.toString()).get('client_secret')).toBe(SECRETS[2]);
      expect(await app.call('secrets:masks', { profileId: 'kaisa', savedRequestId: three!.id })).toEqual({
        clientSecret: { masked: maskSecret(SECRETS[2]!) },
      });
      expect((await app.call('vault:state', {})).vault).toMatchObject({ locked: false, secretCount: 3 });
      // Entering the secret again repairs the entry.
      await app.call('requests:save', {
        id: one!.id,
        name: 'Request 0',
        profileId: 'kaisa',
        values: {
          tokenUrl: sim.tokenUrl,
          clientId: KAISA_CLIENT.clientId,
          clientSecret: SECRETS[0]!,
          bodyFormat: 'form',
        },
      });
      expect(await app.call('secrets:masks', { profileId: 'kaisa', savedRequestId: one!.id })).toEqual({
        clientSecret: { masked: maskSecret(SECRETS[0]!) },
      });
      await app.close();
    },
  );

  it('a v1 store (values sealed without additional data) opens, and is re-sealed as v2 on unlock', async () => {
    const dir = newUserDataDir();
    copyFileSync(path.join(import.meta.dirname, '../../fixtures/store/v1.json'), path.join(dir, 'tokensmith.json'));
    const app = await startApp(dir, { keychain: noKeychain() });
    const old = app.onDisk();
    expect(Object.values(old.vault.secrets).every((sealed) => sealed.startsWith('tsv1.pw.'))).toBe(true);
    expect(old.vault.format).toBeUndefined();

    await app.call('vault:unlock', { passphrase: V1_PASSPHRASE });
    const migrated = app.onDisk();
    expect(Object.keys(migrated.vault.secrets).toSorted()).toEqual(Object.keys(old.vault.secrets).toSorted());
    // Moved to the vault's data key (in its passphrase slot), the token of the ledger too.
    for (const sealed of Object.values(migrated.vault.secrets)) expect(sealed).toMatch(/^tsv2\.dk\./);
    expect(migrated.vault.format).toBe(2);
    expect(Object.keys(migrated.vault.dataKey?.slots ?? {})).toEqual(['passphrase']);
    expect(migrated.ledger.entries.map((entry) => entry.sealed.slice(0, 8))).toEqual(['tsv2.dk.']);

    const { requests } = await app.call('requests:list', {});
    const oauth = requests.find((request) => request.profileId === 'oauth2')!;
    expect(await app.call('secrets:masks', { profileId: 'oauth2', savedRequestId: oauth.id })).toEqual({
      clientSecret: { masked: maskSecret(V1_REQUESTS.oauth2.secrets.clientSecret) },
      password: { masked: maskSecret(V1_REQUESTS.oauth2.secrets.password) },
    });
    expect(await app.call('secrets:masks', { profileId: 'kaisa' })).toEqual({
      clientSecret: { masked: maskSecret(V1_DRAFT_SECRET.value) },
    });
    expect((await app.call('ledger:list', {}))[0]?.accessTokenMasked).toBe(maskToken(V1_TOKEN.token.accessToken));
    await app.close();

    // Once migrated, an old v1 value put back in place of an entry is refused, not opened.
    const draft = old.vault.secrets[V1_DRAFT_SECRET.ref]!;
    tamper(app, (data) => {
      data.vault.secrets[refOf(oauth.id)] = draft;
    });
    const again = await startApp(dir, { keychain: noKeychain() });
    await again.call('vault:unlock', { passphrase: V1_PASSPHRASE });
    const masks = await again.call('secrets:masks', { profileId: 'oauth2', savedRequestId: oauth.id });
    expect(masks.clientSecret).toEqual({ locked: expect.stringContaining(refOf(oauth.id)) as string });
    expect(masks.password).toEqual({ masked: maskSecret(V1_REQUESTS.oauth2.secrets.password) });
    await again.close();
  });

  it('two ledger entries swapped in the file stay unopened; nothing else is lost', async () => {
    const dir = newUserDataDir();
    const first = await startApp(dir, { keychain: noKeychain() });
    await first.call('vault:use-passphrase', { passphrase: PASSPHRASE });
    const saved = await first.call('requests:save', {
      name: 'Kaisa',
      profileId: 'kaisa',
      values: { tokenUrl: sim.tokenUrl, ...KAISA_CLIENT, bodyFormat: 'form' },
    });
    await first.call('grant:run', { profileId: 'kaisa', savedRequestId: saved.id, values: {} });
    const other = await startKaisaSimulator(OTHER_CLIENT);
    await first.call('grant:run', {
      profileId: 'kaisa',
      values: { tokenUrl: other.tokenUrl, ...OTHER_CLIENT, bodyFormat: 'form' },
    });
    await other.close();
    await first.close();
    const ledger = first.onDisk().ledger.entries;
    expect(ledger).toHaveLength(2);
    tamper(first, (data) => {
      const a = data.ledger.entries[0]!.sealed;
      data.ledger.entries[0]!.sealed = data.ledger.entries[1]!.sealed;
      data.ledger.entries[1]!.sealed = a;
    });
    const app = await startApp(dir, { keychain: noKeychain() });
    await app.call('vault:unlock', { passphrase: PASSPHRASE });
    expect(await app.call('ledger:list', {})).toEqual([]);
    expect(await app.call('secrets:masks', { profileId: 'kaisa', savedRequestId: saved.id })).toEqual({
      clientSecret: { masked: maskSecret(KAISA_CLIENT.clientSecret) },
    });
    await app.close();
    // The swapped entries are kept as they were, for no write to lose them.
    expect(
      app
        .onDisk()
        .ledger.entries.map((entry) => entry.id)
        .toSorted(),
    ).toEqual(ledger.map((entry) => entry.id).toSorted());
  });
});

describe('the Argon2id parameters read from the store have upper bounds', () => {
  it.each([
    ['memoryKiB', 16 * 1024 * 1024, 'memoryKiB 16777216, outside 8192–1048576'],
    ['iterations', 100_000, 'iterations 100000, outside 1–16'],
    ['parallelism', 1000, 'parallelism 1000, outside 1–16'],
  ] as const)('%s tampered to %i → VAULT_KDF_REJECTED at once; nothing changes', async (name, value, text) => {
    const dir = newUserDataDir();
    const first = await startApp(dir, { keychain: noKeychain() });
    await first.call('vault:use-passphrase', { passphrase: PASSPHRASE });
    await threeRequests(first);
    await first.close();
    tamper(first, (data) => {
      data.vault.passphrase![name] = value;
    });
    const tampered = first.localBytes();

    const app = await startApp(dir, { keychain: noKeychain() });
    const started = performance.now();
    const error = await app.refused('vault:unlock', { passphrase: PASSPHRASE });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.code).toBe('VAULT_KDF_REJECTED');
    expect(error.message).toContain(text);
    expect(error.hint).toBeTruthy();
    expect((await app.call('vault:state', {})).vault).toMatchObject({ locked: true, secretCount: 3 });
    await app.close();
    expect(first.localBytes()).toBe(tampered);
  });
});

describe('changing the passphrase', () => {
  async function passphraseVault() {
    const dir = newUserDataDir();
    const app = await startApp(dir, { keychain: noKeychain() });
    await app.call('vault:use-passphrase', { passphrase: PASSPHRASE });
    await threeRequests(app);
    return app;
  }

  it('needs the current passphrase: missing or wrong → WRONG_PASSPHRASE, and nothing changes', async () => {
    const app = await passphraseVault();
    const before = app.onDisk();
    for (const input of [
      { passphrase: 'a brand new passphrase' },
      { passphrase: 'a brand new passphrase', current: 'not the current one' },
    ]) {
      const error = await app.refused('vault:use-passphrase', input);
      expect(error.code).toBe('WRONG_PASSPHRASE');
      expect(app.onDisk()).toEqual(before);
    }
    await app.call('vault:lock', {});
    await app.call('vault:unlock', { passphrase: PASSPHRASE });
    await app.close();
  });

  it('with the current one it re-encrypts, even while locked; the old one no longer unlocks', async () => {
    const app = await passphraseVault();
    await app.call('vault:lock', {});
    expect(
      await app.call('vault:use-passphrase', { passphrase: 'a brand new passphrase', current: PASSPHRASE }),
    ).toMatchObject({ protection: 'passphrase', locked: false, secretCount: 3, lockedEntries: [] });
    await app.call('vault:lock', {});
    expect((await app.refused('vault:unlock', { passphrase: PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
    await app.call('vault:unlock', { passphrase: 'a brand new passphrase' });
    const { requests } = await app.call('requests:list', {});
    expect(await app.call('secrets:masks', { profileId: 'kaisa', savedRequestId: requests[0]!.id })).toEqual({
      clientSecret: { masked: maskSecret(SECRETS[0]!) },
    });
    await app.close();
  });

  it('a new passphrase needs at least 12 characters (ASVS 6.2.1) → WEAK_PASSPHRASE', async () => {
    const app = await startApp(newUserDataDir(), { keychain: noKeychain() });
    const error = await app.refused('vault:use-passphrase', { passphrase: 'elevenchars' });
    expect(error).toMatchObject({ code: 'WEAK_PASSPHRASE', message: 'A passphrase needs at least 12 characters.' });
    expect(app.onDisk().vault).toEqual({ schemaVersion: 1, protection: null, secrets: {} });
    expect(await app.call('vault:use-passphrase', { passphrase: 'twelve chars' })).toMatchObject({
      protection: 'passphrase',
    });
    await app.close();
  });
});
