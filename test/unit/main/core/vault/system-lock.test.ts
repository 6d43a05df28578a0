import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { VaultData } from '../../../../../src/main/core/store/store-schema.ts';
import { lockVaultWithSystem, SYSTEM_LOCK_EVENTS } from '../../../../../src/main/core/vault/system-lock.ts';
import { Vault } from '../../../../../src/main/core/vault/vault.ts';
import { CHEAP_KDF } from '../../../../support/conf-store.ts';
import { FakeKeychain } from '../../../../support/fake-keychain.ts';

const PASSPHRASE = 'a long enough passphrase';

async function passphraseVault() {
  const data: VaultData = { protection: null, secrets: {} };
  let changes = 0;
  const vault = await Vault.open({ data, save: () => undefined, kdf: CHEAP_KDF, onChange: () => changes++ });
  await vault.usePassphrase(PASSPHRASE);
  await vault.put('request:r1/clientSecret', 'a secret value 0123456789');
  return { vault, changes: () => changes };
}

describe('a passphrase vault locks when the OS locks the screen or suspends', () => {
  it('listens to lock-screen and suspend, as Electron powerMonitor names them', () => {
    expect(SYSTEM_LOCK_EVENTS).toEqual(['lock-screen', 'suspend']);
  });

  it.each(['lock-screen', 'suspend'] as const)(
    '%s → locked, the key forgotten; unlock brings it back',
    async (event) => {
      const { vault, changes } = await passphraseVault();
      const system = new EventEmitter();
      lockVaultWithSystem(system, vault);
      expect(vault.unlocked).toBe(true);
      const before = changes();
      system.emit(event);
      expect(vault.unlocked).toBe(false);
      expect(vault.state().locked).toBe(true);
      expect(changes()).toBe(before + 1);
      await expect(vault.get('request:r1/clientSecret')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
      await vault.unlock(PASSPHRASE);
      expect(await vault.get('request:r1/clientSecret')).toBe('a secret value 0123456789');
      vault.close();
    },
  );

  it('other power events (resume, unlock-screen) leave it as it is; a keychain vault is not locked', async () => {
    const { vault } = await passphraseVault();
    const system = new EventEmitter();
    lockVaultWithSystem(system, vault);
    for (const event of ['resume', 'unlock-screen', 'on-ac', 'on-battery']) system.emit(event);
    expect(vault.unlocked).toBe(true);
    vault.close();

    const keychainVault = await Vault.open({
      data: { protection: null, secrets: {} },
      save: () => undefined,
      keychain: new FakeKeychain(),
    });
    lockVaultWithSystem(system, keychainVault);
    system.emit('lock-screen');
    expect(keychainVault.unlocked).toBe(true);
  });
});
