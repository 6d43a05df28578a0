import { AppError } from '../../../shared/domain/errors.ts';
import { openEnvelope, sealEnvelope } from './envelope.ts';
import type { SecretCipher } from './secret-cipher.ts';

/**
 * Electron's safeStorage as the core sees it (src/main/electron adapts the real one): encryption
 * with a key the operating system keeps in its keychain.
 * @see https://www.electronjs.org/docs/latest/api/safe-storage
 */
export interface OsKeychain {
  /** Resolves once the keychain is ready; false when there is none. */
  isAvailable(): Promise<boolean>;
  /** Linux: basic_text, gnome_libsecret, kwallet, kwallet5, kwallet6 or unknown; elsewhere the platform's keychain. */
  backend(): string;
  encrypt(plaintext: string): Promise<Buffer>;
  decrypt(ciphertext: Buffer): Promise<string>;
}

const DESCRIPTIONS: Record<string, string> = {
  gnome_libsecret: 'the GNOME keyring (gnome_libsecret)',
  kwallet: 'KWallet (kwallet)',
  kwallet5: 'KWallet 5 (kwallet5)',
  kwallet6: 'KWallet 6 (kwallet6)',
  keychain: 'the macOS Keychain',
  dpapi: 'Windows DPAPI',
  basic_text: 'basic_text (no keyring: a key hard-coded in Chromium)',
};

export function describeBackend(backend: string): string {
  return DESCRIPTIONS[backend] ?? backend;
}

/**
 * Backends that do not protect anything: basic_text encrypts with a key compiled into Chromium,
 * and unknown means safeStorage was asked before the app was ready.
 */
export function isWeakBackend(backend: string): boolean {
  return backend === 'basic_text' || backend === 'unknown';
}

/**
 * safeStorage takes no additional data, so a version 2 value seals its reference with it (a JSON
 * pair) and opens only where the reference matches.
 */
function bind(ref: string, plaintext: string): string {
  return JSON.stringify([ref, plaintext]);
}

function unbind(ref: string, opened: string): string {
  let pair: unknown;
  try {
    pair = JSON.parse(opened);
  } catch {
    pair = undefined;
  }
  if (!Array.isArray(pair) || pair.length !== 2 || pair[0] !== ref || typeof pair[1] !== 'string') {
    throw new AppError(
      'VAULT_CORRUPTED',
      'A stored secret does not belong to its own entry: it was moved from another entry or damaged.',
      { hint: 'Enter the secret again.' },
    );
  }
  return pair[1];
}

export function createKeychainCipher(keychain: OsKeychain): SecretCipher {
  const backend = keychain.backend();
  return {
    owner: `os:${backend}`,
    description: describeBackend(backend),
    encrypt: async (plaintext, ref) =>
      sealEnvelope({ version: 2, algorithm: 'os', backend, payload: await keychain.encrypt(bind(ref, plaintext)) }),
    decrypt: async (sealed, ref) => {
      const envelope = openEnvelope(sealed);
      if (envelope.algorithm !== 'os' || envelope.backend !== backend) {
        throw new AppError('VAULT_ENTRY_LOCKED', 'This secret was encrypted by another protection.', {
          hint: 'Enter it again.',
        });
      }
      let opened: string;
      try {
        opened = await keychain.decrypt(envelope.payload);
      } catch (error) {
        throw new AppError(
          'VAULT_ENTRY_LOCKED',
          `The keychain (${describeBackend(backend)}) could not decrypt this secret.`,
          {
            hint: 'The keychain key changed (a new login keyring or another user profile). Enter the secret again.',
            cause: error,
          },
        );
      }
      // Version 1 values were sealed before entries were bound to their reference.
      return envelope.version === 1 ? opened : unbind(ref, opened);
    },
  };
}
