/**
 * Figure 1, grant overhead: client-credentials grants through the whole engine, as the renderer's
 * `grant:run` call runs them (contract validation, the flow, token normalization, the report with
 * its redaction and JWT decoding, the vault, the ledger and the history, on store files on disk),
 * against the very same HTTP requests made with bare `undici.request` (in a process of its own, see
 * support/bare-undici.ts), and with one `curl` process per grant. The same engine on an in-memory
 * store (as the CLI runs it) separates the engine's own work from the app's durable write of the
 * ledger. What a workspace of 10,000 saved requests does to a grant is figure 9's (workspace.bench.ts). All talk to the same local token server, in its own process, and take turns in small
 * blocks so that the machine's noise falls on all alike.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCore } from '../src/main/core/app-core.ts';
import { History } from '../src/main/core/history/history.ts';
import { createDispatch, type Sender } from '../src/main/core/ipc/dispatch.ts';
import { openLocalStores } from '../src/main/core/store/local-stores.ts';
import { bodyText, type HttpRequestSpec } from '../src/shared/domain/http.ts';
import type { FlowReport } from '../src/shared/domain/flow-report.ts';
import { KAISA_CLIENT } from '../test/fixtures/simulators/kaisa.ts';
import { CHEAP_KDF, confFile } from '../test/support/conf-store.ts';
import { recordingClipboard, recordingOpener } from '../test/support/recorders.ts';
import { startChild } from './support/child.ts';
import { emit, log, measure, scaled } from './support/result.ts';
import { interleave } from './support/stats.ts';

const started = performance.now();
const GRANTS = scaled(2000, 200);
const CURL_GRANTS = scaled(200, 40);
const ORIGIN = 'app://tokensmith';
const sender: Sender = { url: `${ORIGIN}/index.html`, isMainFrame: true, isAppWindow: true };

const server = await startChild(path.join(import.meta.dirname, 'support/token-server.ts'));
const { tokenUrl } = server.info as { tokenUrl: string };
const dir = mkdtempSync(path.join(tmpdir(), 'tokensmith-bench-grant-'));
const values = { tokenUrl, ...KAISA_CLIENT, bodyFormat: 'form' };

/** A core as the app builds it (store files on disk, in `onDisk`) or as the CLI does (everything in memory). */
async function engine(onDisk?: string) {
  const core = await createCore({
    // The app's own store files (conf is electron-store's engine), so every write the app makes is made here too.
    ...(onDisk
      ? {
          stores: openLocalStores({ dir: onDisk, createFile: confFile }),
          history: new History({ dir: onDisk, createFile: confFile }),
        }
      : {}),
    // No keychain: the passphrase vault seals with AES-256-GCM in this process, as on a desktop without a
    // keyring. Its key derivation runs once, here, and is figure 5's business.
    kdf: CHEAP_KDF,
    clipboard: recordingClipboard().clipboard,
    opener: recordingOpener().opener,
    emit: () => undefined,
  });
  await core.vault.usePassphrase('correct horse battery staple');
  const dispatch = createDispatch({ handlers: core.handlers, appOrigin: ORIGIN });
  const grant = async (): Promise<FlowReport> => {
    const result = await dispatch('grant:run', { profileId: 'kaisa', values }, sender);
    if (!result.ok) throw new Error(`grant:run failed: ${result.error.message}`);
    const report = result.value as FlowReport;
    if (!report.token) throw new Error(`grant:run got no token: ${report.error?.message ?? ''}`);
    return report;
  };
  return { core, grant };
}

const app = await engine(dir);
const cli = await engine();

// The requests the engine sends, exactly: the baselines send these.
const warm = await app.grant();
const spec: HttpRequestSpec = app.core.runs.get(warm.runId).steps[0]!.spec!;
const body = bodyText(spec.body) ?? null;
const bare = await startChild(path.join(import.meta.dirname, 'support/bare-undici.ts'), [
  JSON.stringify({ url: spec.url, method: spec.method, headers: spec.headers.flat(), body }),
]);

/** `count` grants made by bare undici in its own process; their timings, taken there. */
async function undiciGrants(count: number): Promise<number[]> {
  return JSON.parse(await bare.ask(String(count))) as number[];
}

const curlArgs = [
  '--silent',
  '--show-error',
  '--fail',
  '--output',
  '/dev/null',
  '--request',
  spec.method,
  ...spec.headers.flatMap(([name, value]) => ['--header', `${name}: ${value}`]),
  ...(body === null ? [] : ['--data-binary', body]),
  spec.url,
];

function curlGrant(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', curlArgs, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`curl exited with ${code}`))));
  });
}

async function timed(count: number, grant: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < count; index++) {
    const start = performance.now();
    await grant();
    samples.push(performance.now() - start);
  }
  return samples;
}

const BLOCK = 10;
const rounds = GRANTS / BLOCK;
const curlPerRound = CURL_GRANTS / rounds;
log(`${GRANTS} grants each: app engine, CLI engine, bare undici; ${CURL_GRANTS} curl processes; blocks of ${BLOCK}`);
const samples = await interleave(
  { rounds, warmup: 5 },
  {
    app: () => timed(BLOCK, app.grant),
    cli: () => timed(BLOCK, cli.grant),
    undici: () => undiciGrants(BLOCK),
    // A fraction per round: a process per grant costs tens of milliseconds.
    curl: (round) => timed(Math.floor((round + 1) * curlPerRound) - Math.floor(round * curlPerRound), curlGrant),
  },
);

await app.core.close();
await cli.core.close();

await bare.stop();
await server.stop();
rmSync(dir, { recursive: true, force: true });

emit(1, 'Grant overhead', started, [
  measure({
    name: 'client-credentials grant (app: store files on disk)',
    unit: 'ms',
    subject: samples.app,
    baseline: { name: 'bare undici.request, same request', samples: samples.undici },
    target: { on: 'ratio', limit: 1.1 },
  }),
  measure({
    name: 'client-credentials grant (engine, in-memory store as in the CLI)',
    unit: 'ms',
    subject: samples.cli,
    baseline: { name: 'bare undici.request, same request', samples: samples.undici },
  }),
  measure({
    name: 'client-credentials grant (app) vs a curl process',
    unit: 'ms',
    subject: samples.app,
    baseline: { name: 'one curl process per grant', samples: samples.curl },
  }),
]);
