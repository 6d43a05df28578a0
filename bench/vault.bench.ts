/**
 * Figure 5, the vault. Unlock (Argon2id at the app's cost, by design 0.3–1 s) against the bare
 * derivation with the same parameters; sealing and opening 1,000 secrets through the vault
 * (envelope, base64url, its bookkeeping) against raw AES-256-GCM of the same values with node:crypto;
 * and the encrypted export and import of a vault of 1,000 secrets (1,000 saved requests, 100 ledger
 * tokens) against the floor of any such file: the same derivation, and AES-256-GCM over the same
 * JSON. Secrets are sealed in memory here; writing the vault's file is figure 1's and 4's business,
 * except on import, which writes the vault as the app does.
 */
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { VaultTokenLedger } from '../src/main/core/ledger/vault-token-ledger.ts';
import type { NewLedgerEntry } from '../src/main/core/ledger/token-ledger.ts';
import type { LocalStores } from '../src/main/core/store/local-stores.ts';
import { memoryStores } from '../src/main/core/store/memory-store.ts';
import { openStorage } from '../src/main/core/store/storage.ts';
import { DEFAULT_KDF, deriveKey, type KdfParams } from '../src/main/core/vault/passphrase-cipher.ts';
import { applyVaultImport, exportVault, readVaultExport } from '../src/main/core/vault/vault-transfer.ts';
import { Vault } from '../src/main/core/vault/vault.ts';
import { secretRef } from '../src/main/core/workspace/secret-refs.ts';
import { MemoryWorkspace } from '../src/main/core/workspace/workspace-storage.ts';
import { CHEAP_KDF, confFile } from '../test/support/conf-store.ts';
import { savedRequests } from './support/fixtures.ts';
import { emit, log, measure, scaled } from './support/result.ts';
import { interleave } from './support/stats.ts';

const started = performance.now();
const SECRETS = 1000;
const TOKENS = 100;
const KDF_ROUNDS = scaled(5, 1);
const CIPHER_ROUNDS = scaled(20, 3);
const PASSPHRASE = 'correct horse battery staple';
const EXPORT_PASSPHRASE = 'a different export passphrase';

/** Secret values as users have them: client secrets of 20–80 characters, some non-ASCII. */
const values = Array.from(
  { length: SECRETS },
  (_, index) => `s3cr3t-${index}-${'x'.repeat(10 + (index % 60))}${index % 7 === 0 ? '-ü€' : ''}`,
);

async function openVault(stores: LocalStores, kdf: KdfParams): Promise<Vault> {
  return Vault.open({ data: stores.vault.data, save: () => stores.vault.save(stores.vault.data), kdf });
}

/** The bare derivation, as the vault asks for it (Node's own Argon2 where it has one, as here). */
function derive(passphrase: string, salt: Uint8Array, kdf: KdfParams): Promise<Buffer> {
  return deriveKey(passphrase, Buffer.from(salt), kdf);
}

function rawSeal(key: Uint8Array | KeyObject, plaintext: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]);
}

function rawOpen(key: Uint8Array | KeyObject, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

// Unlock: a passphrase vault at the app's own cost.
const lockedStore = memoryStores();
const setup = await openVault(lockedStore, DEFAULT_KDF);
await setup.usePassphrase(PASSPHRASE);
setup.close();
const salt = Buffer.from(lockedStore.vault.data.passphrase!.salt, 'base64url');

// Seal and open: an unlocked vault over an in-memory store.
const cipherStore = memoryStores();
const cipherVault = await openVault(cipherStore, CHEAP_KDF);
await cipherVault.usePassphrase(PASSPHRASE);
// A KeyObject made once, as careful node:crypto code does; a fresh random IV per value.
const rawKey = createSecretKey(randomBytes(32));
const plaintexts = values.map((value) => Buffer.from(value, 'utf8'));

// Export and import: 1,000 saved requests with a secret each, and 100 tokens.
const sourceStore = memoryStores();
const sourceFiles = new MemoryWorkspace();
const sourceVault = await openVault(sourceStore, CHEAP_KDF);
await sourceVault.usePassphrase(PASSPHRASE);
const requests = savedRequests(SECRETS);
sourceFiles.saveRequests(requests.map((request) => ({ ...request, secretFields: ['clientSecret'] })));
for (const [index, request] of requests.entries())
  await sourceVault.put(secretRef({ kind: 'request', id: request.id }, 'clientSecret'), values[index]!);
const sourceLedger = new VaultTokenLedger(sourceStore.ledger, sourceVault);
for (let index = 0; index < TOKENS; index++) sourceLedger.put(token(index));
await sourceLedger.flushed();
const source = { vaultFile: sourceStore.vault, files: sourceFiles, vault: sourceVault, ledger: sourceLedger };
const { file: exportFile } = await exportVault(source, { passphrase: EXPORT_PASSPHRASE });
// The floor works on the very payload the export holds, sealed under a key derived from a fixed salt.
const payload = await readVaultExport(exportFile, EXPORT_PASSPHRASE);
const floorSalt = randomBytes(16);
const floorSealed = rawSeal(
  await derive(EXPORT_PASSPHRASE, floorSalt, DEFAULT_KDF),
  Buffer.from(JSON.stringify(payload), 'utf8'),
);

function token(index: number): NewLedgerEntry {
  return {
    profileId: 'kaisa',
    environment: 'https://auth.freespee.com',
    clientId: `client-${index}`,
    scope: 'api',
    token: {
      accessToken: `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(`{"sub":"client-${index}"}`).toString('base64url')}.c2lnbmF0dXJl`,
      tokenType: 'bearer',
      expiresIn: 300,
      expiresAt: '2030-01-01T00:05:00.000Z',
      warnings: [],
    },
    obtainedAt: '2030-01-01T00:00:00.000Z',
    values: { clientId: `client-${index}`, clientSecret: values[index]! },
    vars: [],
  };
}

const dirs: string[] = [];
/** An empty profile on disk with an unlocked passphrase vault: where an import goes. */
async function importTarget() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tokensmith-bench-vault-'));
  dirs.push(dir);
  const { stores, workspace } = openStorage({ dataDir: dir, createFile: confFile, owner: 'Tokensmith (bench)' });
  const vault = await openVault(stores, CHEAP_KDF);
  await vault.usePassphrase(PASSPHRASE);
  return { vaultFile: stores.vault, files: workspace, vault, ledger: new VaultTokenLedger(stores.ledger, vault) };
}

log(`unlock ×${KDF_ROUNDS}, seal+open of ${SECRETS} secrets ×${CIPHER_ROUNDS}, export and import ×${KDF_ROUNDS}`);
const unlock = await interleave(
  { rounds: KDF_ROUNDS, warmup: 1 },
  {
    vault: async () => {
      const vault = await openVault(lockedStore, DEFAULT_KDF);
      const ms = await timed(() => vault.unlock(PASSPHRASE));
      vault.close();
      return ms;
    },
    derive: () => timed(() => derive(PASSPHRASE, salt, DEFAULT_KDF)),
  },
);

const ciphers = await interleave(
  { rounds: CIPHER_ROUNDS, warmup: 2 },
  {
    vault: () =>
      timed(async () => {
        for (const [index, value] of values.entries()) await cipherVault.put(`bench/${index}`, value);
        for (const [index, value] of values.entries())
          if ((await cipherVault.get(`bench/${index}`)) !== value) throw new Error('the vault gave back another value');
      }),
    raw: () =>
      timed(() => {
        const sealed = plaintexts.map((plaintext) => rawSeal(rawKey, plaintext));
        for (const [index, box] of sealed.entries())
          if (!rawOpen(rawKey, box).equals(plaintexts[index]!)) throw new Error('AES-GCM gave back another value');
        return Promise.resolve();
      }),
  },
);

const transfer = await interleave(
  { rounds: KDF_ROUNDS, warmup: 1 },
  {
    export: () => timed(() => exportVault(source, { passphrase: EXPORT_PASSPHRASE })),
    exportFloor: () =>
      timed(async () => {
        rawSeal(await derive(EXPORT_PASSPHRASE, floorSalt, DEFAULT_KDF), Buffer.from(JSON.stringify(payload), 'utf8'));
      }),
    import: async () => {
      const target = await importTarget();
      return timed(async () => {
        const summary = await applyVaultImport(target, await readVaultExport(exportFile, EXPORT_PASSPHRASE));
        await target.ledger.flushed();
        if (summary.secrets !== SECRETS || summary.tokens !== TOKENS) throw new Error('the import is incomplete');
      });
    },
    importFloor: () =>
      timed(async () => {
        const key = await derive(EXPORT_PASSPHRASE, floorSalt, DEFAULT_KDF);
        JSON.parse(rawOpen(key, floorSealed).toString('utf8'));
      }),
  },
);

cipherVault.close();
sourceVault.close();
for (const dir of dirs) rmSync(dir, { recursive: true, force: true });

emit(5, 'Vault', started, [
  measure({
    name: 'unlock (Argon2id 64 MiB, 3 passes, 4 lanes)',
    unit: 'ms',
    subject: unlock.vault,
    baseline: { name: 'the Argon2id derivation alone (hash-wasm)', samples: unlock.derive },
  }),
  measure({
    name: `seal + open ${SECRETS.toLocaleString('en')} secrets through the vault`,
    unit: 'ms',
    subject: ciphers.vault,
    baseline: { name: 'raw AES-256-GCM of the same values (node:crypto)', samples: ciphers.raw },
  }),
  measure({
    name: `export a vault of ${SECRETS.toLocaleString('en')} secrets and ${TOKENS} tokens`,
    unit: 'ms',
    subject: transfer.export,
    baseline: { name: 'Argon2id + AES-256-GCM of the same JSON', samples: transfer.exportFloor },
  }),
  measure({
    name: 'import it into an empty profile (vault written)',
    unit: 'ms',
    subject: transfer.import,
    baseline: { name: 'Argon2id + AES-256-GCM open of the same file', samples: transfer.importFloor },
  }),
]);
