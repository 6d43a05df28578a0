import { describe, expect, it } from 'vitest';
import { envelopeOwner, openEnvelope, sealEnvelope } from '../../../../../src/main/core/vault/envelope.ts';
import {
  createKeychainCipher,
  describeBackend,
  isWeakBackend,
} from '../../../../../src/main/core/vault/keychain-cipher.ts';
import {
  createPassphraseCipher,
  deriveKey,
  newSalt,
  openAesGcm,
  sealAesGcm,
} from '../../../../../src/main/core/vault/passphrase-cipher.ts';
import { AppError, type ErrorCode } from '../../../../../src/shared/domain/errors.ts';
import { CHEAP_KDF } from '../../../../support/conf-store.ts';
import { FakeKeychain } from '../../../../support/fake-keychain.ts';

async function failure(run: () => unknown): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

async function codeOf(run: () => unknown): Promise<ErrorCode> {
  return (await failure(run)).code;
}

const SECRET = 'a client secret with spaces, "quotes" and ü';
const REF = 'request:r1/clientSecret';

describe('envelopes: every ciphertext names its format version and algorithm', () => {
  it('seals and opens both kinds, and says who can open them', () => {
    const payload = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);
    const os = sealEnvelope({ version: 1, algorithm: 'os', backend: 'kwallet5', payload });
    const pw = sealEnvelope({ version: 1, algorithm: 'pw', payload });
    expect(os).toMatch(/^tsv1\.os\.kwallet5\.[A-Za-z0-9_-]+$/);
    expect(pw).toMatch(/^tsv1\.pw\.[A-Za-z0-9_-]+$/);
    expect(openEnvelope(os)).toEqual({ version: 1, algorithm: 'os', backend: 'kwallet5', payload });
    expect(openEnvelope(pw)).toEqual({ version: 1, algorithm: 'pw', payload });
    expect(envelopeOwner(os)).toBe('os:kwallet5');
    expect(envelopeOwner(pw)).toBe('pw');
  });

  it.each([
    ['a clear value', 'hunter2'],
    ['a newer format', 'tsv3.pw.AAAA'],
    ['an empty string', ''],
  ])('%s → VAULT_CORRUPTED saying it is of an unknown format', async (_name, text) => {
    const error = await failure(() => openEnvelope(text));
    expect(error.code).toBe('VAULT_CORRUPTED');
    expect(error.message).toMatch(/unknown format/);
    expect(error.hint).toMatch(/enter the secret again/i);
  });

  it.each([
    ['no payload', 'tsv1.pw'],
    ['an unknown algorithm', 'tsv1.xx.AAAA'],
    ['an os envelope without a backend', 'tsv1.os..AAAA'],
    ['an os envelope with too many parts', 'tsv1.os.gnome_libsecret.AA.BB'],
  ])('%s → VAULT_CORRUPTED (damaged)', async (_name, text) => {
    expect(await codeOf(() => openEnvelope(text))).toBe('VAULT_CORRUPTED');
  });
});

describe('the fake keychain behaves like safeStorage on one machine', () => {
  it('really encrypts, and two runs with the same machine and backend open each other’s ciphertexts', async () => {
    const first = new FakeKeychain({ machineSecret: 'machine-a', backend: 'gnome_libsecret' });
    const second = new FakeKeychain({ machineSecret: 'machine-a', backend: 'gnome_libsecret' });
    const sealed = await first.encrypt(SECRET);
    expect(sealed.includes(Buffer.from(SECRET))).toBe(false);
    expect(await second.decrypt(sealed)).toBe(SECRET);
    expect((await first.encrypt(SECRET)).equals(sealed)).toBe(false);
  });

  it('another machine or another backend cannot open them; failDecrypt throws like a changed key', async () => {
    const sealed = await new FakeKeychain({ machineSecret: 'machine-a' }).encrypt(SECRET);
    await expect(new FakeKeychain({ machineSecret: 'machine-b' }).decrypt(sealed)).rejects.toThrow(/decrypting/);
    await expect(new FakeKeychain({ machineSecret: 'machine-a', backend: 'kwallet5' }).decrypt(sealed)).rejects.toThrow(
      /decrypting/,
    );
    await expect(new FakeKeychain({ machineSecret: 'machine-a', failDecrypt: true }).decrypt(sealed)).rejects.toThrow(
      /decrypting/,
    );
  });
});

describe('the keychain cipher', () => {
  it('seals into tsv2.os.<backend>.<base64url> and opens it in a later run', async () => {
    const cipher = createKeychainCipher(new FakeKeychain({ backend: 'kwallet5' }));
    expect(cipher.owner).toBe('os:kwallet5');
    expect(cipher.description).toBe('KWallet 5 (kwallet5)');
    const sealed = await cipher.encrypt(SECRET, REF);
    expect(sealed).toMatch(/^tsv2\.os\.kwallet5\.[A-Za-z0-9_-]+$/);
    expect(await createKeychainCipher(new FakeKeychain({ backend: 'kwallet5' })).decrypt(sealed, REF)).toBe(SECRET);
  });

  it('refuses an envelope of another backend or of the passphrase → VAULT_ENTRY_LOCKED', async () => {
    const sealed = await createKeychainCipher(new FakeKeychain({ backend: 'gnome_libsecret' })).encrypt(SECRET, REF);
    const kwallet = createKeychainCipher(new FakeKeychain({ backend: 'kwallet5' }));
    const error = await failure(() => kwallet.decrypt(sealed, REF));
    expect(error.code).toBe('VAULT_ENTRY_LOCKED');
    expect(error.hint).toMatch(/enter it again/i);
    const pw = await createPassphraseCipher(Buffer.alloc(32, 7)).encrypt(SECRET, REF);
    expect(await codeOf(() => kwallet.decrypt(pw, REF))).toBe('VAULT_ENTRY_LOCKED');
  });

  it('a decrypt that throws (the keychain key changed) → VAULT_ENTRY_LOCKED naming the keychain', async () => {
    const keychain = new FakeKeychain({ backend: 'gnome_libsecret' });
    const cipher = createKeychainCipher(keychain);
    const sealed = await cipher.encrypt(SECRET, REF);
    keychain.failDecrypt = true;
    const error = await failure(() => cipher.decrypt(sealed, REF));
    expect(error.code).toBe('VAULT_ENTRY_LOCKED');
    expect(error.message).toBe('The keychain (the GNOME keyring (gnome_libsecret)) could not decrypt this secret.');
    expect(error.hint).toMatch(/keychain key changed.*Enter the secret again/);
    expect(error.message).not.toContain(SECRET);
  });

  it('a value opens only under the reference it was sealed for; a v1 value (unbound) still opens', async () => {
    const keychain = new FakeKeychain({ backend: 'kwallet5' });
    const cipher = createKeychainCipher(keychain);
    const sealed = await cipher.encrypt(SECRET, REF);
    expect(await codeOf(() => cipher.decrypt(sealed, 'request:other/clientSecret'))).toBe('VAULT_CORRUPTED');
    const v1 = sealEnvelope({
      version: 1,
      algorithm: 'os',
      backend: 'kwallet5',
      payload: await keychain.encrypt(SECRET),
    });
    expect(await cipher.decrypt(v1, 'any ref')).toBe(SECRET);
  });

  it('names backends for people and knows the weak ones', () => {
    expect(describeBackend('gnome_libsecret')).toBe('the GNOME keyring (gnome_libsecret)');
    expect(describeBackend('basic_text')).toMatch(/^basic_text \(no keyring/);
    expect(describeBackend('some_new_backend')).toBe('some_new_backend');
    expect(isWeakBackend('basic_text')).toBe(true);
    expect(isWeakBackend('unknown')).toBe(true);
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6', 'keychain', 'dpapi'])
      expect(isWeakBackend(backend)).toBe(false);
  });
});

describe('the passphrase cipher (Argon2id + AES-256-GCM)', () => {
  it('derives the same key from the same passphrase and salt (NFC-normalised), another from another salt', async () => {
    const salt = newSalt();
    const composed = await deriveKey('caf\u00e9 passphrase', salt, CHEAP_KDF);
    expect(composed).toHaveLength(32);
    expect((await deriveKey('cafe\u0301 passphrase', salt, CHEAP_KDF)).equals(composed)).toBe(true);
    expect((await deriveKey('caf\u00e9 passphrase', newSalt(), CHEAP_KDF)).equals(composed)).toBe(false);
    expect((await deriveKey('Caf\u00e9 passphrase', salt, CHEAP_KDF)).equals(composed)).toBe(false);
  });

  it('AES-GCM: a fresh IV every time; a wrong key, other additional data, a flipped byte or a stub all fail', () => {
    const key = Buffer.alloc(32, 1);
    const plaintext = Buffer.from(SECRET);
    const aad = Buffer.from('header');
    const sealed = sealAesGcm(key, plaintext, aad);
    const again = sealAesGcm(key, plaintext, aad);
    expect(sealed.subarray(0, 12).equals(again.subarray(0, 12))).toBe(false);
    expect(sealed).toHaveLength(12 + plaintext.length + 16);
    expect(openAesGcm(key, sealed, aad).equals(plaintext)).toBe(true);
    expect(() => openAesGcm(Buffer.alloc(32, 2), sealed, aad)).toThrow();
    expect(() => openAesGcm(key, sealed, Buffer.from('other'))).toThrow();
    expect(() => openAesGcm(key, sealed)).toThrow();
    for (let index = 0; index < sealed.length; index++) {
      const flipped = Buffer.from(sealed);
      flipped[index]! ^= 0x01;
      expect(() => openAesGcm(key, flipped, aad)).toThrow();
    }
    expect(() => openAesGcm(key, sealed.subarray(0, 27), aad)).toThrow(/too short/);
  });

  it('seals into tsv2.pw.*; a damaged entry → VAULT_CORRUPTED, a keychain entry → VAULT_ENTRY_LOCKED', async () => {
    const cipher = createPassphraseCipher(Buffer.alloc(32, 3));
    const sealed = await cipher.encrypt(SECRET, REF);
    expect(sealed).toMatch(/^tsv2\.pw\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(Buffer.from(SECRET).toString('base64url').slice(0, 12));
    expect(await cipher.decrypt(sealed, REF)).toBe(SECRET);
    expect(await createPassphraseCipher(Buffer.alloc(32, 3)).decrypt(sealed, REF)).toBe(SECRET);

    const payload = openEnvelope(sealed).payload;
    payload[20]! ^= 0xff;
    const damaged = sealEnvelope({ version: 2, algorithm: 'pw', payload });
    const error = await failure(() => cipher.decrypt(damaged, REF));
    expect(error.code).toBe('VAULT_CORRUPTED');
    expect(error.hint).toMatch(/enter the secret again/i);
    expect(await codeOf(() => createPassphraseCipher(Buffer.alloc(32, 4)).decrypt(sealed, REF))).toBe(
      'VAULT_CORRUPTED',
    );

    const os = await createKeychainCipher(new FakeKeychain()).encrypt(SECRET, REF);
    expect(await codeOf(() => cipher.decrypt(os, REF))).toBe('VAULT_ENTRY_LOCKED');
  });

  it('the reference is additional data: another reference → VAULT_CORRUPTED; a v1 value opens without it', async () => {
    const key = Buffer.alloc(32, 5);
    const cipher = createPassphraseCipher(key);
    const sealed = await cipher.encrypt(SECRET, REF);
    expect(await codeOf(() => cipher.decrypt(sealed, 'request:other/clientSecret'))).toBe('VAULT_CORRUPTED');
    const v1 = sealEnvelope({ version: 1, algorithm: 'pw', payload: sealAesGcm(key, Buffer.from(SECRET)) });
    expect(await cipher.decrypt(v1, 'any ref')).toBe(SECRET);
  });
});
