import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVaultExport } from '../../../src/main/core/vault/vault-transfer.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../../fixtures/simulators/kaisa.ts';
import { FakeKeychain } from '../../support/fake-keychain.ts';
import { filesUnder } from './canary-scan.ts';
import { newUserDataDir, removeTempDirs, startApp, type App } from './profile.ts';

const PASSPHRASE = 'fault test passphrase';
const GNOME = 'the GNOME keyring (gnome_libsecret)';
/** An asymmetric matcher where a string is expected. */
const matching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;

let sim: KaisaSimulator;
/** Other Kaisa origins: their tokens have other ledger keys. */
let other: KaisaSimulator;
let third: KaisaSimulator;
beforeAll(async () => {
  [sim, other, third] = await Promise.all([startKaisaSimulator(), startKaisaSimulator(), startKaisaSimulator()]);
});
afterAll(async () => {
  await Promise.all([sim.close(), other.close(), third.close()]);
  removeTempDirs();
});

const kaisaValues = () => ({ tokenUrl: sim.tokenUrl, clientId: KAISA_CLIENT.clientId, bodyFormat: 'form' });

/** A first run on the GNOME keyring: a saved request with its secret, a draft secret and a token. */
async function seeded(dir: string) {
  const app = await startApp(dir, { keychain: new FakeKeychain({ backend: 'gnome_libsecret' }) });
  const saved = await app.call('requests:save', {
    name: 'Kaisa',
    profileId: 'kaisa',
    values: { ...kaisaValues(), clientSecret: KAISA_CLIENT.clientSecret },
  });
  const report = await app.call('grant:run', { profileId: 'kaisa', savedRequestId: saved.id, values: {} });
  expect(report.error).toBeUndefined();
  await app.call('grant:run', {
    profileId: 'kaisa',
    values: { ...kaisaValues(), tokenUrl: other.tokenUrl, clientSecret: KAISA_CLIENT.clientSecret },
  });
  const ledger = await app.call('ledger:list', {});
  expect(ledger).toHaveLength(2);
  await app.close();
  const onDisk = app.onDisk();
  expect(Object.values(onDisk.vault.secrets)).toHaveLength(2);
  for (const sealed of [...Object.values(onDisk.vault.secrets), ...onDisk.ledger.entries.map((entry) => entry.sealed)])
    expect(sealed).toMatch(new RegExp(`^tsv2\\.dk\\.${onDisk.vault.dataKey?.id}\\.`));
  // The data key those are sealed with is in the app's slot, wrapped by gnome_libsecret.
  expect(onDisk.vault.dataKey?.slots.app?.backend).toBe('gnome_libsecret');
  return { saved, ledger, onDisk, bytes: app.localBytes() };
}

/** What must survive a fault: every sealed secret and ledger entry, as they were. */
function sealedParts(app: App) {
  const { vault, ledger } = app.onDisk();
  return { secrets: vault.secrets, ledger: ledger.entries.map((entry) => entry.sealed).toSorted() };
}

async function expectLockedRun(app: App, savedId: string, code: string, message: RegExp) {
  const masks = await app.call('secrets:masks', { profileId: 'kaisa', savedRequestId: savedId });
  expect(masks).toEqual({ clientSecret: { locked: matching(message) } });
  const before = sim.requests.length;
  const report = await app.call('grant:run', { profileId: 'kaisa', savedRequestId: savedId, values: {} });
  expect(report.error).toMatchObject({ code, message: matching(message) });
  expect(report.error?.hint).toBeTruthy();
  expect(report.steps).toEqual([]);
  expect(sim.requests.length).toBe(before);
  expect(JSON.stringify(report)).not.toContain(KAISA_CLIENT.clientSecret);
}

describe('no usable keychain on a fresh profile', () => {
  it.each([
    ['unavailable', new FakeKeychain({ available: false }), /^The operating system keychain is not available\./],
    ['basic_text', new FakeKeychain({ backend: 'basic_text' }), /^The keychain backend is basic_text \(no keyring/],
  ])(
    '%s → no protection; the message asks for a passphrase; no secret is kept any other way',
    async (_name, keychain, why) => {
      const app = await startApp(newUserDataDir(), { keychain });
      const { vault, notices } = await app.call('vault:state', {});
      expect(notices).toEqual([]);
      expect(vault).toMatchObject({ protection: null, locked: true, lockedEntries: [], keychainUsable: false });
      expect(vault.message).toMatch(why);
      expect(vault.message).toMatch(
        /Choose a passphrase to protect your secrets; Tokensmith will not store them less safely\.$/,
      );

      const error = await app.refused('requests:save', {
        name: 'Kaisa',
        profileId: 'kaisa',
        values: { ...kaisaValues(), clientSecret: KAISA_CLIENT.clientSecret },
      });
      expect(error.code).toBe('VAULT_NEEDS_SETUP');
      expect(error.hint).toMatch(/Choose a passphrase/);

      const report = await app.call('grant:run', {
        profileId: 'kaisa',
        values: { ...kaisaValues(), clientSecret: KAISA_CLIENT.clientSecret },
      });
      expect(report.error).toBeUndefined();
      expect(report.warnings).toContain('The vault is not set up: Client secret was used for this run but not kept.');
      expect(keychain.encryptCalls).toBe(0);
      expect(app.onDisk()).toMatchObject({ vault: { protection: null, secrets: {} }, ledger: { entries: [] } });
      expect(app.workspaceOnDisk().requests).toEqual([]);
      for (const file of [...Object.values(app.files), ...filesUnder(app.workspaceDir)])
        expect(readFileSync(file, 'utf8'), file).not.toContain(KAISA_CLIENT.clientSecret);

      // With a passphrase the same save works, sealed by it.
      await app.call('vault:use-passphrase', { passphrase: PASSPHRASE });
      await app.call('requests:save', {
        name: 'Kaisa',
        profileId: 'kaisa',
        values: { ...kaisaValues(), clientSecret: KAISA_CLIENT.clientSecret },
      });
      await app.close();
      for (const sealed of Object.values(app.onDisk().vault.secrets)) expect(sealed).toMatch(/^tsv2\.dk\./);
      expect(Object.keys(app.onDisk().vault.dataKey?.slots ?? {})).toEqual(['passphrase']);
      expect(keychain.encryptCalls).toBe(0);
    },
  );
});

describe('faults of the keychain after secrets were sealed with gnome_libsecret', () => {
  it('the backend changed (kwallet5): entries locked and listed, the message names both, nothing rewritten', async () => {
    const dir = newUserDataDir();
    const { saved, ledger } = await seeded(dir);
    const app = await startApp(dir, { keychain: new FakeKeychain({ backend: 'kwallet5' }) });
    const before = sealedParts(app);
    const { vault } = await app.call('vault:state', {});
    expect(vault).toMatchObject({ protection: 'keychain', locked: false, keychainUsable: true, secretCount: 2 });
    expect(vault.lockedEntries.toSorted()).toEqual(
      [`request:${saved.id}/clientSecret`, 'draft:kaisa/clientSecret'].toSorted(),
    );
    expect(vault.message).toBe(
      `Your secrets were encrypted with ${GNOME}, but this session uses KWallet 5 (kwallet5). 2 secret(s) are locked: enter them again.`,
    );
    await expectLockedRun(
      app,
      saved.id,
      'VAULT_ENTRY_LOCKED',
      /GNOME keyring \(gnome_libsecret\), which this session cannot use/,
    );
    expect(await app.call('ledger:list', {})).toEqual([]);
    await app.close();
    expect(sealedParts(app)).toEqual(before);

    // Back where they were sealed, everything opens: nothing was lost.
    const back = await startApp(dir, { keychain: new FakeKeychain({ backend: 'gnome_libsecret' }) });
    expect((await back.call('vault:state', {})).vault).toMatchObject({ lockedEntries: [] });
    expect((await back.call('ledger:list', {})).map((entry) => entry.id).toSorted()).toEqual(
      ledger.map((entry) => entry.id).toSorted(),
    );
    const report = await back.call('grant:run', { profileId: 'kaisa', savedRequestId: saved.id, values: {} });
    expect(report.error).toBeUndefined();
    await back.close();
  });

  it('the backend changed, secrets entered again: the export says which tokens it could not carry', async () => {
    const dir = newUserDataDir();
    const { saved } = await seeded(dir);
    const app = await startApp(dir, { keychain: new FakeKeychain({ backend: 'kwallet5' }) });
    // Both locked secrets entered again; the scratch form's secret with a grant from a third server.
    await app.call('requests:save', {
      id: saved.id,
      name: 'Kaisa',
      profileId: 'kaisa',
      values: { ...kaisaValues(), clientSecret: KAISA_CLIENT.clientSecret },
    });
    const fresh = await app.call('grant:run', {
      profileId: 'kaisa',
      values: { ...kaisaValues(), tokenUrl: third.tokenUrl, clientSecret: KAISA_CLIENT.clientSecret },
    });
    expect(fresh.error).toBeUndefined();
    expect((await app.call('vault:state', {})).vault.lockedEntries).toEqual([]);

    const { path: exported, tokensLeftOut } = await app.call('vault:export', {
      withSecrets: true,
      passphrase: PASSPHRASE,
    });
    expect(tokensLeftOut).toBe(2);
    const payload = await readVaultExport(readFileSync(exported!), PASSPHRASE);
    expect(payload.ledger.map((entry) => entry.id)).toEqual([fresh.ledgerId]);
    expect(Object.keys(payload.secrets)).toHaveLength(2);
    await app.close();
    // The two tokens it could not open are still in the store, for the keychain that sealed them.
    expect(app.onDisk().ledger.entries).toHaveLength(3);
  });

  it('decrypt throws (the keychain key changed): VAULT_ENTRY_LOCKED naming the keychain; data intact', async () => {
    const dir = newUserDataDir();
    const { saved, ledger } = await seeded(dir);
    const app = await startApp(dir, { keychain: new FakeKeychain({ backend: 'gnome_libsecret', failDecrypt: true }) });
    const before = sealedParts(app);
    expect((await app.call('vault:state', {})).vault).toMatchObject({ protection: 'keychain', locked: false });
    await expectLockedRun(
      app,
      saved.id,
      'VAULT_ENTRY_LOCKED',
      /^The keychain \(the GNOME keyring \(gnome_libsecret\)\) could not decrypt this secret\.$/,
    );
    const report = await app.call('grant:run', { profileId: 'kaisa', savedRequestId: saved.id, values: {} });
    expect(report.error?.hint).toMatch(/keychain key changed .*Enter the secret again/);
    expect(await app.call('ledger:list', {})).toEqual([]);

    // A token got in this run is written beside the entries that could not be opened.
    const fresh = await app.call('grant:run', {
      profileId: 'kaisa',
      values: {
        ...kaisaValues(),
        tokenUrl: third.tokenUrl,
        clientSecret: KAISA_CLIENT.clientSecret,
      },
    });
    expect(fresh.ledgerId).toBeDefined();
    await app.close();
    const after = sealedParts(app);
    expect(after.secrets[`request:${saved.id}/clientSecret`]).toBe(before.secrets[`request:${saved.id}/clientSecret`]);
    expect(after.ledger).toEqual(expect.arrayContaining(before.ledger));

    const healed = await startApp(dir, { keychain: new FakeKeychain({ backend: 'gnome_libsecret' }) });
    expect((await healed.call('ledger:list', {})).map((entry) => entry.id).toSorted()).toEqual(
      [...ledger.map((entry) => entry.id), fresh.ledgerId!].toSorted(),
    );
    expect(await healed.call('secrets:masks', { profileId: 'kaisa', savedRequestId: saved.id })).toEqual({
      clientSecret: { masked: '••••' },
    });
    await healed.close();
  });

  it.each([
    ['unavailable', () => new FakeKeychain({ available: false }), 'the operating system keychain is not available.'],
    ['basic_text', () => new FakeKeychain({ backend: 'basic_text' }), 'the keychain backend is basic_text'],
  ])(
    'the keychain is %s in a later run: locked, kept, the message says what to do; a passphrase keeps them too',
    async (_name, keychain, why) => {
      const dir = newUserDataDir();
      const { saved, bytes } = await seeded(dir);
      const app = await startApp(dir, { keychain: keychain() });
      const before = sealedParts(app);
      const { vault } = await app.call('vault:state', {});
      expect(vault).toMatchObject({ protection: 'keychain', description: GNOME, locked: true, keychainUsable: false });
      expect(vault.message).toContain(`Your secrets were encrypted with ${GNOME}, but ${why}`);
      expect(vault.message).toMatch(
        /They are kept, locked; switch to a passphrase and enter them again, or start Tokensmith where that keychain is available\.$/,
      );
      await expectLockedRun(app, saved.id, 'VAULT_NEEDS_SETUP', /^Your secrets were encrypted with the GNOME keyring/);
      expect(app.localBytes()).toBe(bytes);

      // Switching to a passphrase here keeps every sealed secret and token, listed as locked.
      const state = await app.call('vault:use-passphrase', { passphrase: PASSPHRASE });
      expect(state).toMatchObject({ protection: 'passphrase', locked: false });
      expect(state.lockedEntries).toHaveLength(2);
      expect(state.message).toBe('2 secret(s) cannot be opened with your passphrase: enter them again.');
      await app.call('grant:run', {
        profileId: 'kaisa',
        values: {
          ...kaisaValues(),
          tokenUrl: third.tokenUrl,
          clientSecret: KAISA_CLIENT.clientSecret,
        },
      });
      await app.close();
      const after = sealedParts(app);
      // The typed draft secret was entered again (now sealed by the passphrase's new key); the saved one is as it was.
      const ref = `request:${saved.id}/clientSecret`;
      expect(after.secrets[ref]).toBe(before.secrets[ref]);
      expect(after.secrets['draft:kaisa/clientSecret']).toMatch(/^tsv2\.dk\./);
      expect(after.secrets['draft:kaisa/clientSecret']?.split('.')[2]).not.toBe(before.secrets[ref]?.split('.')[2]);
      expect(after.ledger).toEqual(expect.arrayContaining(before.ledger));
      expect(after.ledger).toHaveLength(before.ledger.length + 1);
    },
  );
});
