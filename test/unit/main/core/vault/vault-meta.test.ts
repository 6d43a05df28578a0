import { describe, expect, it } from 'vitest';
import type { VaultData } from '../../../../../src/main/core/store/store-schema.ts';
import { Vault } from '../../../../../src/main/core/vault/vault.ts';
import { FakeKeychain } from '../../../../support/fake-keychain.ts';

const REF = 'request:r1/clientSecret';

async function keychainVault() {
  const data: VaultData = { protection: null, secrets: {} };
  let saves = 0;
  const vault = await Vault.open({ data, save: () => saves++, keychain: new FakeKeychain() });
  await vault.put(REF, 'first secret value');
  return { data, vault, saves: () => saves };
}

describe('what the vault knows of a secret besides its value', () => {
  it('records when a secret was set, and its last use at most once a minute', async () => {
    const { data, vault, saves } = await keychainVault();
    expect(Date.parse(vault.metaOf(REF).setAt ?? '')).not.toBeNaN();
    const before = saves();
    const at = new Date('2026-12-03T07:00:00Z');
    vault.markUsed([REF, 'request:gone/clientSecret'], at);
    expect(vault.metaOf(REF).usedAt).toBe(at.toISOString());
    expect(data.meta?.['request:gone/clientSecret']).toBeUndefined();
    // A grant a few seconds later writes nothing; one a minute and more later does.
    vault.markUsed([REF], new Date(at.getTime() + 30_000));
    expect(saves()).toBe(before + 1);
    vault.markUsed([REF], new Date(at.getTime() + 61_000));
    expect(saves()).toBe(before + 2);
    expect(vault.metaOf(REF).usedAt).toBe(new Date(at.getTime() + 61_000).toISOString());
    vault.close();
  });

  it('remove takes the sealed value, its origins and its times out in one write; restore puts them back as they were', async () => {
    const { data, vault, saves } = await keychainVault();
    vault.allowOrigin(REF, 'https://auth.example.com');
    const sealed = data.secrets[REF];
    const meta = data.meta?.[REF];
    const before = saves();
    const removed = vault.remove([REF, 'request:never/there']);
    expect(removed).toEqual([{ ref: REF, sealed, origins: ['https://auth.example.com'], meta }]);
    expect(saves()).toBe(before + 1);
    expect(data.secrets).toEqual({});
    expect(data.origins).toEqual({});
    expect(data.meta).toEqual({});
    expect(vault.protectionOf(REF)).toBe('unknown');
    vault.restore(removed);
    expect(data.secrets[REF]).toBe(sealed);
    expect(vault.originsOf(REF)).toEqual(['https://auth.example.com']);
    expect(await vault.get(REF)).toBe('first secret value');
    expect(vault.protectionOf(REF)).toBe('keychain');
    vault.close();
  });
});
