import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { OsKeychain } from '../../src/main/core/vault/keychain-cipher.ts';

/** Chromium's prefix for ciphertexts of its OS-backed key (v11 on Linux). */
const PREFIX = Buffer.from('v11', 'ascii');
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface FakeKeychainOptions {
  /** Stands for the machine and login: two keychains with the same secret and backend share a key. */
  machineSecret?: string;
  /** gnome_libsecret, kwallet5, basic_text, keychain, dpapi … */
  backend?: string;
  available?: boolean;
  /** Decrypt throws as safeStorage does when the keychain's key changed. */
  failDecrypt?: boolean;
  /** Encrypt and decrypt resolve after a random number of event-loop turns, so concurrent calls interleave. */
  jitter?: boolean;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * An OsKeychain (Electron safeStorage, as the core sees it) that really encrypts: AES-256-GCM with
 * a key derived from a per-"machine" secret and the backend name, so another machine or another
 * backend cannot open what this one sealed, and two runs of the app on one machine can. The knobs
 * are plain fields a test may change between calls.
 */
export class FakeKeychain implements OsKeychain {
  available: boolean;
  backendName: string;
  failDecrypt: boolean;
  jitter: boolean;
  readonly machineSecret: string;
  encryptCalls = 0;
  decryptCalls = 0;

  constructor(options: FakeKeychainOptions = {}) {
    this.machineSecret = options.machineSecret ?? 'test-machine';
    this.backendName = options.backend ?? 'gnome_libsecret';
    this.available = options.available ?? true;
    this.failDecrypt = options.failDecrypt ?? false;
    this.jitter = options.jitter ?? false;
  }

  #key(): Buffer {
    return Buffer.from(hkdfSync('sha256', this.machineSecret, 'fake-os-keychain', this.backendName, 32));
  }

  async #delay(): Promise<void> {
    if (!this.jitter) return;
    const turns = Math.floor(Math.random() * 4);
    for (let turn = 0; turn < turns; turn++) await nextTurn();
  }

  isAvailable(): Promise<boolean> {
    return Promise.resolve(this.available);
  }

  backend(): string {
    return this.backendName;
  }

  async encrypt(plaintext: string): Promise<Buffer> {
    this.encryptCalls++;
    await this.#delay();
    if (!this.available)
      throw new Error(
        'Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.',
      );
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key(), iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([PREFIX, iv, ciphertext, cipher.getAuthTag()]);
  }

  async decrypt(ciphertext: Buffer): Promise<string> {
    this.decryptCalls++;
    await this.#delay();
    const fail = (): never => {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    };
    if (this.failDecrypt || !this.available) fail();
    if (
      ciphertext.length < PREFIX.length + IV_BYTES + TAG_BYTES ||
      !ciphertext.subarray(0, PREFIX.length).equals(PREFIX)
    )
      fail();
    const iv = ciphertext.subarray(PREFIX.length, PREFIX.length + IV_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.#key(), iv);
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(ciphertext.subarray(PREFIX.length + IV_BYTES, ciphertext.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return fail();
    }
  }
}
