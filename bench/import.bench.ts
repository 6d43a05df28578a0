/**
 * Figure 8, importing a collection: a Postman collection of 4,000 requests, each with its own
 * OAuth 2.0 client and secret, read and stored as the app does (read, staged, secrets sealed, one
 * atomic write of the vault and a file per request), against the least any import must do:
 * JSON.parse of the same text and one write (with fsync) of the resulting vault file.
 */
import { mkdtempSync, openSync, closeSync, fsyncSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyImportPlan } from '../src/main/core/interop/apply-import.ts';
import { parseImport } from '../src/main/core/interop/parse-import.ts';
import { openStorage } from '../src/main/core/store/storage.ts';
import { Vault } from '../src/main/core/vault/vault.ts';
import { Workspace } from '../src/main/core/workspace/workspace.ts';
import { PROFILES } from '../src/shared/providers/index.ts';
import { CHEAP_KDF, confFile } from '../test/support/conf-store.ts';
import { oauthCollection } from '../test/support/postman-collection.ts';
import { emit, log, measure, scaled } from './support/result.ts';
import { interleave } from './support/stats.ts';

const started = performance.now();
const COUNT = scaled(4000, 400);
const root = mkdtempSync(path.join(tmpdir(), 'tokensmith-bench-import-'));

const text = oauthCollection({ count: COUNT, name: 'Bench' });

/** A user-data folder with an unlocked passphrase vault, as the app has before an import. */
async function openApp() {
  const dir = mkdtempSync(path.join(root, 'app-'));
  const { stores, workspace } = openStorage({ dataDir: dir, createFile: confFile, owner: 'Tokensmith (bench)' });
  const vault = await Vault.open({
    data: stores.vault.data,
    save: () => stores.vault.save(stores.vault.data),
    kdf: CHEAP_KDF,
  });
  await vault.usePassphrase('bench import passphrase');
  return { dir, stores, workspace, vault };
}

let written = '';
const rounds = await interleave(
  { rounds: scaled(5, 2), warmup: 1 },
  {
    import: async () => {
      const { stores, workspace, vault } = await openApp();
      const start = performance.now();
      const summary = await applyImportPlan(
        { workspace: new Workspace({ files: workspace, vault, profiles: PROFILES }), vault, profiles: PROFILES },
        await parseImport(text),
      );
      const elapsed = performance.now() - start;
      if (summary.requests !== COUNT) throw new Error(`imported ${summary.requests} of ${COUNT}`);
      written = readFileSync(stores.vault.path, 'utf8');
      vault.close();
      return elapsed;
    },
    parseAndWrite: async () => {
      const { dir, vault } = await openApp();
      vault.close();
      const start = performance.now();
      JSON.parse(text);
      const fd = openSync(path.join(dir, 'baseline.json'), 'w');
      writeSync(fd, written || text);
      fsyncSync(fd);
      closeSync(fd);
      return Promise.resolve(performance.now() - start);
    },
  },
);
rmSync(root, { recursive: true, force: true });
log(`import ${COUNT} requests`);

emit(8, 'Import', started, [
  measure({
    name: `Import a Postman collection of ${COUNT.toLocaleString('en')} requests (read, staged, sealed, one write)`,
    unit: 'ms',
    subject: rounds.import,
    baseline: { name: 'JSON.parse of the text + one fsynced write of the vault', samples: rounds.parseAndWrite },
  }),
]);
