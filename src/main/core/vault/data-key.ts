import { createSecretKey, randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/domain/errors.ts';
import { openEnvelope, sealEnvelope } from './envelope.ts';
import type { OsKeychain } from './keychain-cipher.ts';
import { openAesGcm, sealAesGcm } from './passphrase-cipher.ts';
import { boundTo, type SecretCipher } from './secret-cipher.ts';

/**
 * The vault's data key: one random AES-256 key seals every secret, and key slots each wrap it a
 * different way (Electron safeStorage for the app, an Argon2id passphrase key, the OS keyring for
 * the command line), as LUKS keyslots and age recipients do. A slot is added or removed by
 * wrapping the same key again, so no secret is ever sealed again for it.
 */
export interface DataKey {
  /** Random, public: names the key in every envelope (`tsv2.dk.<id>.…`) and in the keyring account. */
  id: string;
  key: Buffer;
}

const KEY_BYTES = 32;
const LABEL = 'tokensmith vault data key';

export function newDataKey(): DataKey {
  return { id: randomBytes(9).toString('base64url'), key: randomBytes(KEY_BYTES) };
}

/** The additional data a wrapped key and the check are sealed with: a key wrapped for one vault opens no other. */
function keyLabel(id: string): Buffer {
  return Buffer.from(`${LABEL}\0${id}`, 'utf8');
}

/** A value sealed under the key itself: what tells a key read from the keyring is this vault's. */
export function keyCheck(dataKey: DataKey): string {
  return sealAesGcm(dataKey.key, Buffer.from(LABEL), keyLabel(dataKey.id)).toString('base64url');
}

/** The key, once it is 32 bytes that open the vault's check; undefined otherwise. */
export function verifiedKey(key: Buffer, stored: { id: string; check: string }): DataKey | undefined {
  if (key.length !== KEY_BYTES) return undefined;
  try {
    openAesGcm(key, Buffer.from(stored.check, 'base64url'), keyLabel(stored.id));
    return { id: stored.id, key };
  } catch {
    return undefined;
  }
}

/** The passphrase slot: the key under AES-256-GCM with the Argon2id key of the passphrase. */
export function wrapWithPassphraseKey(passphraseKey: Buffer, dataKey: DataKey): string {
  return sealAesGcm(passphraseKey, dataKey.key, keyLabel(dataKey.id)).toString('base64url');
}

export function unwrapWithPassphraseKey(
  passphraseKey: Buffer,
  stored: { id: string; check: string },
  wrapped: string,
): DataKey {
  let key: Buffer | undefined;
  try {
    key = openAesGcm(passphraseKey, Buffer.from(wrapped, 'base64url'), keyLabel(stored.id));
  } catch {
    key = undefined;
  }
  const dataKey = key && verifiedKey(key, stored);
  // The passphrase itself was checked: a slot that does not open under it was altered.
  if (!dataKey)
    throw new AppError('VAULT_CORRUPTED', "The vault's passphrase slot does not open with this passphrase.", {
      hint: 'The store file was altered or damaged; restore it from a backup.',
    });
  return dataKey;
}

/** The app's slot: safeStorage takes no additional data, so the key id is sealed with the key. */
export async function wrapWithKeychain(keychain: OsKeychain, dataKey: DataKey): Promise<string> {
  const sealed = await keychain.encrypt(JSON.stringify([LABEL, dataKey.id, dataKey.key.toString('base64url')]));
  return sealed.toString('base64url');
}

/** The key the app's slot holds; undefined when this keychain cannot open it (a new login keyring, another profile). */
export async function unwrapWithKeychain(
  keychain: OsKeychain,
  stored: { id: string; check: string },
  wrapped: string,
): Promise<DataKey | undefined> {
  let opened: unknown;
  try {
    opened = JSON.parse(await keychain.decrypt(Buffer.from(wrapped, 'base64url')));
  } catch {
    return undefined;
  }
  if (!Array.isArray(opened) || opened[0] !== LABEL || opened[1] !== stored.id || typeof opened[2] !== 'string')
    return undefined;
  return verifiedKey(Buffer.from(opened[2], 'base64url'), stored);
}

/**
 * The cipher of the secrets: AES-256-GCM under the data key, each value bound to its reference
 * (additional data), as the passphrase cipher does. `description` names the slot that opened it,
 * for messages ("cannot be opened with your passphrase").
 */
export function createDataKeyCipher(dataKey: DataKey, description: string): SecretCipher {
  // A KeyObject once, rather than node:crypto importing the raw key again for every secret.
  const key = createSecretKey(dataKey.key);
  return {
    owner: `dk:${dataKey.id}`,
    description,
    encrypt: (plaintext, ref) =>
      Promise.resolve(
        sealEnvelope({
          version: 2,
          algorithm: 'dk',
          keyId: dataKey.id,
          payload: sealAesGcm(key, Buffer.from(plaintext, 'utf8'), boundTo(ref)),
        }),
      ),
    decrypt: (sealed, ref) => {
      const envelope = openEnvelope(sealed);
      if (envelope.algorithm !== 'dk' || envelope.keyId !== dataKey.id)
        throw new AppError('VAULT_ENTRY_LOCKED', 'This secret was sealed with another key.', {
          hint: 'Enter it again.',
        });
      try {
        return Promise.resolve(openAesGcm(key, envelope.payload, boundTo(ref)).toString('utf8'));
      } catch (error) {
        throw new AppError(
          'VAULT_CORRUPTED',
          'A stored secret does not open under its own entry with the vault key: it was moved from another entry or damaged.',
          { hint: 'Enter the secret again.', cause: error },
        );
      }
    },
  };
}
