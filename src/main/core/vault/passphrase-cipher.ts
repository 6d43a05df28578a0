import crypto, { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { AppError } from '../../../shared/domain/errors.ts';
import { openEnvelope, sealEnvelope } from './envelope.ts';
import { boundTo, type SecretCipher } from './secret-cipher.ts';

/** Argon2id cost: 64 MiB, 3 passes, 4 lanes (OWASP's first recommended configuration). */
export interface KdfParams {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

export const DEFAULT_KDF: KdfParams = { memoryKiB: 64 * 1024, iterations: 3, parallelism: 4 };

/**
 * The Argon2id costs Tokensmith accepts from a file (the store or an export), checked before any
 * memory is allocated, so a tampered file cannot make it spend gigabytes or hours. The bounds cover
 * our default (64 MiB, t=3, p=4) with room to raise it 16-fold in memory and 5-fold in passes:
 * 1 GiB is what an export may already ask for and still fits a laptop; above t=16 an unlock would
 * take minutes; p=16 lanes is more than the cores of most machines. The lower memory bound is
 * OWASP's smallest configuration (tests use it, as it is fast).
 */
export const KDF_LIMITS = {
  memoryKiB: { min: 8 * 1024, max: 1024 * 1024 },
  iterations: { min: 1, max: 16 },
  parallelism: { min: 1, max: 16 },
} as const;

/** The first parameter outside KDF_LIMITS, described for an error message; undefined when all fit. */
export function kdfOutOfBounds(params: KdfParams): string | undefined {
  for (const name of ['memoryKiB', 'iterations', 'parallelism'] as const) {
    const { min, max } = KDF_LIMITS[name];
    const value = params[name];
    if (!Number.isInteger(value) || value < min || value > max) return `${name} ${value}, outside ${min}–${max}`;
  }
  return undefined;
}
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Derives a 256-bit key from a passphrase with Argon2id (RFC 9106). Node's own Argon2 (OpenSSL 3.2+,
 * Node 24.7+: the command line) runs natively on the thread pool, about half again as fast as
 * hash-wasm's WebAssembly, which Electron (BoringSSL has no Argon2) and older Nodes use. Both give
 * the same key: the RFC's test vector checks each.
 * @see https://www.rfc-editor.org/rfc/rfc9106
 */
export async function deriveKey(passphrase: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
  const password = passphrase.normalize('NFC');
  if (typeof crypto.argon2 === 'function') return nativeArgon2id(password, salt, params);
  return wasmArgon2id(password, salt, params);
}

/** Argon2id with Node's crypto.argon2; exported for the test that checks it against the RFC. */
export function nativeArgon2id(password: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.argon2(
      'argon2id',
      {
        message: password,
        nonce: salt,
        memory: params.memoryKiB,
        passes: params.iterations,
        parallelism: params.parallelism,
        tagLength: KEY_BYTES,
      },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** Argon2id with hash-wasm; exported for the test that checks it against the RFC. */
export async function wasmArgon2id(password: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
  // Loaded by the first derivation: a command that opens no passphrase never loads the WebAssembly.
  const { argon2id } = await import('hash-wasm');
  const key = await argon2id({
    password,
    salt,
    memorySize: params.memoryKiB,
    iterations: params.iterations,
    parallelism: params.parallelism,
    hashLength: KEY_BYTES,
    outputType: 'binary',
  });
  return Buffer.from(key);
}

export function newSalt(): Buffer {
  return randomBytes(16);
}

/** Random bytes drawn a page at a time: one 12-byte randomBytes call cost as much as the AES it serves. */
const ivPool = { bytes: Buffer.alloc(0), used: 0 };

/** A fresh random IV: bytes of the pool no other IV was given (IVs are public, their uniqueness is what counts). */
function freshIv(): Buffer {
  if (ivPool.used + IV_BYTES > ivPool.bytes.length) {
    ivPool.bytes = randomBytes(IV_BYTES * 256);
    ivPool.used = 0;
  }
  const iv = ivPool.bytes.subarray(ivPool.used, ivPool.used + IV_BYTES);
  ivPool.used += IV_BYTES;
  return iv;
}

/** AES-256-GCM with a fresh 12-byte IV; the result is iv | ciphertext | tag. */
export function sealAesGcm(key: Buffer | KeyObject, plaintext: Buffer, additionalData?: Buffer): Buffer {
  const iv = freshIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (additionalData) cipher.setAAD(additionalData);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]);
}

/** Opens iv | ciphertext | tag; throws when the key is wrong or a byte changed. */
export function openAesGcm(key: Buffer | KeyObject, sealed: Buffer, additionalData?: Buffer): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  if (additionalData) decipher.setAAD(additionalData);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
}

/** The cipher of a passphrase vault, holding the derived key (only while the vault is unlocked). */
export function createPassphraseCipher(rawKey: Buffer): SecretCipher {
  // A KeyObject once, rather than node:crypto importing the raw key again for every secret.
  const key = createSecretKey(rawKey);
  return {
    owner: 'pw',
    description: 'your passphrase',
    encrypt: (plaintext, ref) =>
      Promise.resolve(
        sealEnvelope({
          version: 2,
          algorithm: 'pw',
          payload: sealAesGcm(key, Buffer.from(plaintext, 'utf8'), boundTo(ref)),
        }),
      ),
    decrypt: (sealed, ref) => {
      const envelope = openEnvelope(sealed);
      if (envelope.algorithm !== 'pw')
        throw new AppError('VAULT_ENTRY_LOCKED', 'This secret was encrypted by the keychain, not the passphrase.', {
          hint: 'Enter it again.',
        });
      try {
        // Version 1 values were sealed before entries were bound to their reference.
        const additional = envelope.version === 1 ? undefined : boundTo(ref);
        return Promise.resolve(openAesGcm(key, envelope.payload, additional).toString('utf8'));
      } catch (error) {
        throw new AppError(
          'VAULT_CORRUPTED',
          'A stored secret does not open under its own entry with the passphrase key: it was moved from another entry or damaged.',
          { hint: 'Enter the secret again.', cause: error },
        );
      }
    },
  };
}
