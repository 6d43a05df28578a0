import crypto, { createHash, createHmac } from 'node:crypto';
import type * as NodeCrypto from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXPORT_VERSION, KDF_LIMITS, openExport, sealExport } from '../../../../../src/main/core/vault/export-file.ts';
import {
  DEFAULT_KDF,
  deriveKey,
  sealAesGcm,
  type KdfParams,
} from '../../../../../src/main/core/vault/passphrase-cipher.ts';
import { readVaultExport } from '../../../../../src/main/core/vault/vault-transfer.ts';
import { AppError, type ErrorCode } from '../../../../../src/shared/domain/errors.ts';
import { CHEAP_KDF } from '../../../../support/conf-store.ts';

// Argon2id (Node's own, which the command line and these tests run) is counted, to prove which
// files are refused before any key is derived.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof NodeCrypto>();
  const argon2 = vi.fn(actual.argon2);
  // The module's functions, and the same as its default export (what `import crypto` gives).
  return { ...actual, argon2, default: { ...actual, argon2 } };
});
const derivations = vi.mocked(crypto.argon2);

/** The layout of export-file.ts's header comment. */
const AT = {
  version: 8,
  memoryKiB: 9,
  iterations: 13,
  parallelism: 17,
  salt: 18,
  check: 34,
  payloadLength: 50,
  digest: 54,
  end: 62,
} as const;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const PASSPHRASE = 'correct horse battery staple';
const PAYLOAD = { kind: 'test', n: 1 };

async function failure(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

function header(file: Buffer) {
  return {
    magic: file.subarray(0, 8).toString('ascii'),
    version: file.readUInt8(AT.version),
    kdf: {
      memoryKiB: file.readUInt32BE(AT.memoryKiB),
      iterations: file.readUInt32BE(AT.iterations),
      parallelism: file.readUInt8(AT.parallelism),
    },
    salt: file.subarray(AT.salt, AT.salt + 16),
    check: file.subarray(AT.check, AT.check + 16),
    payloadLength: file.readUInt32BE(AT.payloadLength),
    iv: file.subarray(AT.end, AT.end + IV_BYTES),
    ciphertext: file.subarray(AT.end + IV_BYTES, file.length - TAG_BYTES),
  };
}

/** Writes the header's digest again, as a forger who read the format would. */
function redigest(file: Buffer): Buffer {
  createHash('sha256').update(file.subarray(0, AT.digest)).digest().subarray(0, 8).copy(file, AT.digest);
  return file;
}

function withKdf(file: Buffer, kdf: Partial<KdfParams>): Buffer {
  const forged = Buffer.from(file);
  if (kdf.memoryKiB !== undefined) forged.writeUInt32BE(kdf.memoryKiB, AT.memoryKiB);
  if (kdf.iterations !== undefined) forged.writeUInt32BE(kdf.iterations, AT.iterations);
  if (kdf.parallelism !== undefined) forged.writeUInt8(kdf.parallelism, AT.parallelism);
  return redigest(forged);
}

let small: Buffer;
beforeAll(async () => {
  small = await sealExport(PAYLOAD, PASSPHRASE, CHEAP_KDF);
});
beforeEach(() => {
  derivations.mockClear();
});

describe('export file: round trip', () => {
  it('opens with the passphrase, and its header says what it is', async () => {
    expect(await openExport(small, PASSPHRASE)).toEqual(PAYLOAD);
    const read = header(small);
    expect(read).toMatchObject({ magic: 'TOKNSMTH', version: EXPORT_VERSION, kdf: CHEAP_KDF });
    expect(read.payloadLength).toBe(small.length - AT.end);
    expect(small.includes(Buffer.from(JSON.stringify(PAYLOAD)))).toBe(false);
  });

  it('carries any JSON payload, non-ASCII included', async () => {
    const payload = { text: 'ü € 𝄞 "quoted" \\ \n', list: [1, 2.5, null, true], nested: { empty: {} } };
    expect(await openExport(await sealExport(payload, PASSPHRASE, CHEAP_KDF), PASSPHRASE)).toEqual(payload);
  });

  it('uses DEFAULT_KDF (Argon2id 64 MiB, t=3, p=4) when no parameters are given', async () => {
    expect(DEFAULT_KDF).toEqual({ memoryKiB: 64 * 1024, iterations: 3, parallelism: 4 });
    const file = await sealExport(PAYLOAD, PASSPHRASE);
    expect(header(file).kdf).toEqual({ memoryKiB: 65536, iterations: 3, parallelism: 4 });
    expect(await openExport(file, PASSPHRASE)).toEqual(PAYLOAD);
    expect(derivations.mock.calls.map(([, options]) => options.memory)).toEqual([65536, 65536]);
    expect(derivations.mock.calls.map(([, options]) => [options.passes, options.parallelism])).toEqual([
      [3, 4],
      [3, 4],
    ]);
  });

  it('salt and IV are fresh on every export of the same payload', async () => {
    const again = await sealExport(PAYLOAD, PASSPHRASE, CHEAP_KDF);
    const [first, second] = [header(small), header(again)];
    expect(first.salt.equals(second.salt)).toBe(false);
    expect(first.iv.equals(second.iv)).toBe(false);
    expect(first.check.equals(second.check)).toBe(false);
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
    expect(await openExport(again, PASSPHRASE)).toEqual(PAYLOAD);
  });
});

describe('export file: every way it can be wrong has its own code', () => {
  it('a wrong passphrase → WRONG_PASSPHRASE (told apart by the key check)', async () => {
    for (const wrong of ['correct horse battery stapl', 'Correct horse battery staple', `${PASSPHRASE} `]) {
      const error = await failure(() => openExport(small, wrong));
      expect(error.code).toBe('WRONG_PASSPHRASE');
      expect(error.hint).toMatch(/passphrase that was set when the file was exported/);
    }
  });

  it('every single byte flipped in turn is rejected: never opened, never WRONG_PASSPHRASE, never a crash', async () => {
    const seen = new Map<number, ErrorCode>();
    for (let index = 0; index < small.length; index++) {
      const flipped = Buffer.from(small);
      flipped[index]! ^= 0xff;
      const error = await failure(() => openExport(flipped, PASSPHRASE));
      seen.set(index, error.code);
      expect(error.hint, `byte ${index}`).toBeTruthy();
    }
    const expected = (index: number): ErrorCode =>
      index < AT.version
        ? 'EXPORT_NOT_A_VAULT_FILE'
        : index === AT.version
          ? 'EXPORT_UNSUPPORTED_VERSION'
          : 'EXPORT_CORRUPTED';
    expect([...seen]).toEqual([...seen.keys()].map((index) => [index, expected(index)]));
    expect(seen.size).toBe(small.length);
    // Header damage is found by the digest; only IV, ciphertext and tag damage needs the key.
    expect(derivations).toHaveBeenCalledTimes(small.length - AT.end);
  });

  it('a single flipped bit in the IV, ciphertext or tag → EXPORT_CORRUPTED', async () => {
    for (const index of [AT.end, AT.end + IV_BYTES, small.length - TAG_BYTES - 1, small.length - 1]) {
      const flipped = Buffer.from(small);
      flipped[index]! ^= 0x01;
      expect((await failure(() => openExport(flipped, PASSPHRASE))).code, `byte ${index}`).toBe('EXPORT_CORRUPTED');
    }
  });

  it('truncated at every length (empty, inside the magic, the header, the IV, the ciphertext, one byte short) → EXPORT_TRUNCATED', async () => {
    const classes = {
      empty: 0,
      'inside the magic': 3,
      'magic only': 8,
      'inside the header': 30,
      'header without its last byte': AT.end - 1,
      'header only': AT.end,
      'inside the IV': AT.end + 5,
      'inside the ciphertext': AT.end + IV_BYTES + 3,
      'one byte short': small.length - 1,
    };
    for (const [name, length] of Object.entries(classes)) {
      const error = await failure(() => openExport(small.subarray(0, length), PASSPHRASE));
      expect(error.code, name).toBe('EXPORT_TRUNCATED');
      expect(error.hint, name).toMatch(/incomplete/);
    }
    for (let length = 0; length < small.length; length++) {
      expect((await failure(() => openExport(small.subarray(0, length), PASSPHRASE))).code, `${length} bytes`).toBe(
        'EXPORT_TRUNCATED',
      );
    }
    expect(derivations).not.toHaveBeenCalled();
  });

  it('bytes after the end → EXPORT_CORRUPTED, not truncated', async () => {
    const longer = Buffer.concat([small, Buffer.from([0])]);
    expect((await failure(() => openExport(longer, PASSPHRASE))).code).toBe('EXPORT_CORRUPTED');
  });

  it('another format version → EXPORT_UNSUPPORTED_VERSION, even with a valid digest', async () => {
    for (const version of [0, 2, 255]) {
      const other = Buffer.from(small);
      other.writeUInt8(version, AT.version);
      const error = await failure(() => openExport(redigest(other), PASSPHRASE));
      expect(error.code).toBe('EXPORT_UNSUPPORTED_VERSION');
      expect(error.message).toContain(`format version ${version}`);
      expect(error.hint).toMatch(/Update Tokensmith/);
    }
    expect(derivations).not.toHaveBeenCalled();
  });

  it.each([
    ['JSON', () => Buffer.from('{"kind":"tokensmith-vault"}')],
    ['random bytes', () => Buffer.from('8f3a9c00ffee0102030405060708090a0b0c0d0e0f', 'hex')],
    ['a near-miss magic', () => Buffer.concat([Buffer.from('TOKNSMTX'), small.subarray(8)])],
    ['one other byte', () => Buffer.from('X')],
  ])('%s → EXPORT_NOT_A_VAULT_FILE', async (_name, file) => {
    const error = await failure(() => openExport(file(), PASSPHRASE));
    expect(error.code).toBe('EXPORT_NOT_A_VAULT_FILE');
    expect(error.hint).toMatch(/Export vault/);
  });

  it.each([
    ['memory 4 GiB', { memoryKiB: 4 * 1024 * 1024 }, 'memoryKiB'],
    ['memory 1 KiB over the limit', { memoryKiB: KDF_LIMITS.memoryKiB.max + 1 }, 'memoryKiB'],
    ['memory below the minimum', { memoryKiB: 1024 }, 'memoryKiB'],
    ['memory 0xffffffff KiB', { memoryKiB: 0xffff_ffff }, 'memoryKiB'],
    ['1000 iterations', { iterations: 1000 }, 'iterations'],
    ['0 iterations', { iterations: 0 }, 'iterations'],
    ['parallelism 200', { parallelism: 200 }, 'parallelism'],
    ['parallelism 0', { parallelism: 0 }, 'parallelism'],
  ])(
    'oversized or undersized KDF parameters (%s) → EXPORT_KDF_REJECTED before any key derivation',
    async (_name, kdf, name) => {
      const error = await failure(() => openExport(withKdf(small, kdf), PASSPHRASE));
      expect(error.code).toBe('EXPORT_KDF_REJECTED');
      expect(error.message).toContain(name);
      expect(error.hint).toMatch(/protect this computer/);
      // A 4 GiB Argon2id would fail or take minutes here; it never started.
      expect(derivations).not.toHaveBeenCalled();
    },
  );

  it('KDF parameters at the limits are accepted', async () => {
    const edge = { memoryKiB: KDF_LIMITS.memoryKiB.min, iterations: 2, parallelism: KDF_LIMITS.parallelism.max };
    const file = await sealExport(PAYLOAD, PASSPHRASE, edge);
    expect(header(file).kdf).toEqual(edge);
    expect(await openExport(file, PASSPHRASE)).toEqual(PAYLOAD);
  });

  it('an authentic file that does not decrypt to JSON, or not to a vault → EXPORT_CORRUPTED', async () => {
    // Built as sealExport builds it, around a plaintext that is not JSON.
    const salt = Buffer.alloc(16, 9);
    const key = await deriveKey(PASSPHRASE, salt, CHEAP_KDF);
    const plaintext = Buffer.from('not json at all');
    const head = Buffer.from(small.subarray(0, AT.end));
    salt.copy(head, AT.salt);
    createHmac('sha256', key).update('tokensmith export key check').digest().subarray(0, 16).copy(head, AT.check);
    head.writeUInt32BE(plaintext.length + IV_BYTES + TAG_BYTES, AT.payloadLength);
    redigest(head);
    const notJson = Buffer.concat([head, sealAesGcm(key, plaintext, head)]);
    const error = await failure(() => openExport(notJson, PASSPHRASE));
    expect(error.code).toBe('EXPORT_CORRUPTED');
    expect(error.message).toMatch(/not Tokensmith data/);

    const notAVault = await failure(() => readVaultExport(small, PASSPHRASE));
    expect(notAVault.code).toBe('EXPORT_CORRUPTED');
    expect(notAVault.message).toMatch(/not a Tokensmith vault/);
  });
});
