/**
 * Figure 9, a workspace folder of 10,000 saved requests:
 * - a grant, through `grant:run` as the window runs it, with the 10,000 against the same with 10
 *   (a grant writes the ledger only, so the workspace's size must not weigh on it; target ≤ 1.10);
 * - opening the folder until its requests are listed, against a plain walk that reads and
 *   YAML-parses every file (target ≤ 2×);
 * - saving one request, against writing that one file alone (atomically, as the save does).
 */
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { createCore } from '../src/main/core/app-core.ts';
import { createDispatch, type Sender } from '../src/main/core/ipc/dispatch.ts';
import { writeFileAtomic } from '../src/main/core/store/atomic-file.ts';
import { openLocalStores } from '../src/main/core/store/local-stores.ts';
import { requestFileText } from '../src/main/core/workspace/workspace-files.ts';
import { WorkspaceFolder } from '../src/main/core/workspace/workspace-folder.ts';
import type { SavedRequest } from '../src/shared/domain/workspace.ts';
import { KAISA_CLIENT } from '../test/fixtures/simulators/kaisa.ts';
import { CHEAP_KDF, confFile } from '../test/support/conf-store.ts';
import { recordingClipboard, recordingOpener } from '../test/support/recorders.ts';
import { startChild } from './support/child.ts';
import { emit, log, measure, scaled } from './support/result.ts';
import { interleave } from './support/stats.ts';

const started = performance.now();
const BIG = scaled(10_000, 1_000);
const SMALL = 10;
const GRANTS = scaled(300, 40);
const ORIGIN = 'app://tokensmith';
const sender: Sender = { url: `${ORIGIN}/index.html`, isMainFrame: true, isAppWindow: true };
const root = mkdtempSync(path.join(tmpdir(), 'tokensmith-bench-workspace-'));

function requests(count: number): SavedRequest[] {
  const now = '2026-01-01T00:00:00.000Z';
  return Array.from({ length: count }, (_, index) => ({
    id: `bench-${index}`,
    name: `Acme ${index % 2 ? 'prod' : 'staging'} ${index}`,
    folder: `Team ${index % 20}`,
    order: index,
    profileId: 'kaisa',
    values: { tokenUrl: 'https://auth.example/oauth2/token', clientId: `client-${index}`, bodyFormat: 'form' },
    secretFields: [],
    followUps: [],
    createdAt: now,
    updatedAt: now,
  }));
}

function workspaceWith(count: number): string {
  const dir = path.join(root, `workspace-${count}`);
  WorkspaceFolder.open(dir, { create: true, owner: 'bench' }).saveBatch({
    requests: requests(count),
    environments: [],
  });
  return dir;
}

const bigDir = workspaceWith(BIG);
const smallDir = workspaceWith(SMALL);
log(`workspaces of ${BIG} and ${SMALL} requests made`);

// Grants: the app's core on store files on disk, with the big and the small workspace.
const server = await startChild(path.join(import.meta.dirname, 'support/token-server.ts'));
const { tokenUrl } = server.info as { tokenUrl: string };
async function app(workspaceDir: string) {
  const dataDir = mkdtempSync(path.join(root, 'data-'));
  const core = await createCore({
    stores: openLocalStores({ dir: dataDir, createFile: confFile }),
    workspace: WorkspaceFolder.open(workspaceDir, { create: false, owner: 'bench' }),
    kdf: CHEAP_KDF,
    clipboard: recordingClipboard().clipboard,
    opener: recordingOpener().opener,
    emit: () => undefined,
  });
  const dispatch = createDispatch({ handlers: core.handlers, appOrigin: ORIGIN });
  await dispatch('vault:use-passphrase', { passphrase: 'bench passphrase 0123' }, sender);
  const grant = async (): Promise<number> => {
    const start = performance.now();
    const result = await dispatch(
      'grant:run',
      { profileId: 'kaisa', values: { tokenUrl, ...KAISA_CLIENT, bodyFormat: 'form' } },
      sender,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return performance.now() - start;
  };
  return { core, grant };
}
const big = await app(bigDir);
const small = await app(smallDir);
const grants = await interleave(
  { rounds: GRANTS / 10, warmup: 2 },
  {
    big: async () => Promise.all(Array.from({ length: 10 }, () => big.grant())).then((samples) => samples),
    small: async () => Promise.all(Array.from({ length: 10 }, () => small.grant())).then((samples) => samples),
  },
);
await Promise.all([big.core.close(), small.core.close()]);
await server.stop();
log('grants done');

// Opening: the folder read and listed, against a plain walk that reads and parses every file.
function plainWalk(dir: string): number {
  let count = 0;
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.yaml')) {
        parseYaml(readFileSync(full, 'utf8'));
        count++;
      }
    }
  };
  walk(path.join(dir, 'requests'));
  return count;
}
const opens = await interleave(
  { rounds: scaled(5, 2), warmup: 1 },
  {
    open: () => {
      const start = performance.now();
      const listed = WorkspaceFolder.open(bigDir, { create: false, owner: 'bench' }).requests().length;
      if (listed !== BIG) throw new Error(`listed ${listed} of ${BIG}`);
      return Promise.resolve(performance.now() - start);
    },
    walk: () => {
      const start = performance.now();
      plainWalk(bigDir);
      return Promise.resolve(performance.now() - start);
    },
  },
);
log('opens done');

// Saving one request of the 10,000, against writing its file alone.
const folder = WorkspaceFolder.open(bigDir, { create: false, owner: 'bench' });
const one = folder.requests()[BIG / 2]!;
const saves = await interleave(
  { rounds: scaled(60, 10), warmup: 3 },
  {
    save: (round) => {
      const start = performance.now();
      folder.saveRequests([{ ...one, values: { ...one.values, clientId: `changed-${round}` } }]);
      return Promise.resolve(performance.now() - start);
    },
    file: (round) => {
      const start = performance.now();
      writeFileAtomic(
        path.join(root, 'alone.yaml'),
        requestFileText({ ...one, values: { ...one.values, clientId: `changed-${round}` } }),
        { mode: 0o644 },
      );
      return Promise.resolve(performance.now() - start);
    },
  },
);
rmSync(root, { recursive: true, force: true });

emit(9, 'Workspace folder', started, [
  measure({
    name: `grant with ${BIG.toLocaleString('en')} saved requests in the workspace`,
    unit: 'ms',
    subject: grants.big,
    baseline: { name: `the same grant with ${SMALL} saved requests`, samples: grants.small },
    target: { on: 'ratio', limit: 1.1 },
  }),
  measure({
    name: `open a workspace of ${BIG.toLocaleString('en')} requests until they are listed (main)`,
    unit: 'ms',
    subject: opens.open,
    baseline: { name: 'a plain walk that reads and YAML-parses every file', samples: opens.walk },
    target: { on: 'ratio', limit: 2 },
  }),
  measure({
    name: `save one request in a workspace of ${BIG.toLocaleString('en')}`,
    unit: 'ms',
    subject: saves.save,
    baseline: { name: 'writing that one file alone (atomically)', samples: saves.file },
  }),
]);
