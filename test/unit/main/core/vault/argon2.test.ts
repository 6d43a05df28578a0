import { describe, expect, it } from 'vitest';
import { deriveKey, nativeArgon2id, wasmArgon2id } from '../../../../../src/main/core/vault/passphrase-cipher.ts';

// A known answer from a third implementation, the Argon2 reference (Debian's `argon2` command):
// echo -n "correct horse battery staple" | argon2 somesalt16bytes! -id -t 3 -k 8192 -p 4 -l 32 -r
const PASSWORD = 'correct horse battery staple';
const SALT = Buffer.from('somesalt16bytes!');
const PARAMS = { memoryKiB: 8192, iterations: 3, parallelism: 4 };
const EXPECTED = 'b484f0cc452c62f6fcd9c8fce27a992e8b35b2232531210c613ca9ca25714413';

describe('Argon2id, natively and in WebAssembly', () => {
  it("Node's crypto.argon2 gives the reference implementation's key", async () => {
    expect((await nativeArgon2id(PASSWORD, SALT, PARAMS)).toString('hex')).toBe(EXPECTED);
  });

  it("hash-wasm (the app's, under Electron) gives the same key", async () => {
    expect((await wasmArgon2id(PASSWORD, SALT, PARAMS)).toString('hex')).toBe(EXPECTED);
  });

  it('deriveKey normalizes the passphrase (NFC), so an accent typed either way opens the vault', async () => {
    const composed = await deriveKey('caf\u00e9 au lait, s\u2019il vous pla\u00eet', SALT, PARAMS);
    const decomposed = await deriveKey('cafe\u0301 au lait, s\u2019il vous plai\u0302t', SALT, PARAMS);
    expect(decomposed.equals(composed)).toBe(true);
    expect(composed).toHaveLength(32);
  });
});
