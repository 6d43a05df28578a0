import type { KeySlots, VaultData } from '../store/store-schema.ts';
import { describeBackend } from './keychain-cipher.ts';

/** A key slot as `tokensmith vault slots` lists it: what it is and since when, never key material. */
export interface KeySlotInfo {
  kind: keyof KeySlots;
  addedAt: string;
  /** For people: which keychain, which KDF, which keyring entry. */
  detail: string;
}

/** The vault's key slots, in a fixed order: the app's, the passphrase's, the command line's. */
export function listKeySlots(data: VaultData): KeySlotInfo[] {
  const slots = data.dataKey?.slots ?? {};
  const params = data.passphrase;
  const list: KeySlotInfo[] = [];
  if (slots.app) list.push({ kind: 'app', addedAt: slots.app.addedAt, detail: describeBackend(slots.app.backend) });
  if (slots.passphrase)
    list.push({
      kind: 'passphrase',
      addedAt: slots.passphrase.addedAt,
      detail: params
        ? `Argon2id, ${params.memoryKiB / 1024} MiB, ${params.iterations} passes, ${params.parallelism} lanes`
        : 'Argon2id',
    });
  if (slots.keyring)
    list.push({
      kind: 'keyring',
      addedAt: slots.keyring.addedAt,
      detail: `OS keyring, service "${slots.keyring.service}", account "${slots.keyring.account}"`,
    });
  return list;
}
