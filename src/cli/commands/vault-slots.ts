import { createOsKeyring, type OsKeyring } from '../../main/core/vault/os-keyring.ts';
import { Vault, type KeySlotInfo } from '../../main/core/vault/vault.ts';
import { openStorageForCommand, type CommandPlace } from '../store.ts';
import { openVault } from './vault.ts';

const SLOT_NAMES: Record<KeySlotInfo['kind'], string> = {
  app: 'app (operating system keychain, through the app)',
  passphrase: 'passphrase',
  keyring: 'command line (OS keyring)',
};

/**
 * `tokensmith vault allow-cli`: puts the vault's data key into the OS keyring, so commands open
 * the vault without a passphrase. It needs the open vault (the passphrase, once).
 */
export async function allowCliCommand(options: { place: CommandPlace; keyring?: OsKeyring }): Promise<string> {
  const keyring = options.keyring ?? createOsKeyring();
  const { vault, ledger } = await openVault(options.place, {
    create: false,
    writes: true,
    what: 'vault allow-cli',
    keyring,
  });
  await vault.allowCli(keyring);
  await ledger.flushed();
  vault.close();
  return 'The command line now opens the vault with its key in the OS keyring, without a passphrase. Any program you run can read that key: `tokensmith vault deny-cli` takes it out again.';
}

/** `tokensmith vault deny-cli`: takes the key out of the OS keyring and removes its slot. */
export async function denyCliCommand(options: { place: CommandPlace; keyring?: OsKeyring }): Promise<string> {
  const keyring = options.keyring ?? createOsKeyring();
  const { vault, ledger } = await openVault(options.place, {
    create: false,
    writes: true,
    what: 'vault deny-cli',
    keyring,
  });
  const had = vault.cliAllowed;
  await vault.denyCli(keyring);
  await ledger.flushed();
  vault.close();
  return had
    ? "The vault's key is out of the OS keyring: the command line needs the passphrase again."
    : 'The command line was not allowed to open the vault; nothing changed.';
}

/** `tokensmith vault slots`: what can open the vault, and since when; it reads the store only, never a key. */
export async function slotsCommand(options: { place: CommandPlace; json: boolean }): Promise<string> {
  const { stores } = openStorageForCommand(options.place, { readOnly: true, what: 'vault slots' });
  const vault = await Vault.open({ data: stores.vault.data, save: () => undefined });
  const slots = vault.slots();
  vault.close();
  if (options.json) return JSON.stringify(slots, null, 2);
  if (slots.length === 0) return 'The vault has no key slots yet: the app or a first unlock makes them.';
  return slots.map((slot) => `${SLOT_NAMES[slot.kind]}\tadded ${slot.addedAt}\t${slot.detail}`).join('\n');
}
