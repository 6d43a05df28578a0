/**
 * Figure 4, many saved requests: a workspace with 10,000 of them. How long main takes to open the
 * store and the workspace folder (against JSON.parse of the store file and a YAML parse of each
 * file of the folder), how long the app takes from navigation to the sidebar
 * listing them (against the same app with 10), and how long one search keystroke takes to update
 * the sidebar (against a plain Array.filter over the same 10,000 texts in a page, measured the same
 * way: from the key event until the page's handlers ran and the layout was computed). Figure 6's
 * second half, too: the renderer's JS heap with the 10,000 listed, after the searches,
 * against the same app with 10.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { openStorage } from '../src/main/core/store/storage.ts';
import { launchChromium } from '../test/support/browser.ts';
import { confFile } from '../test/support/conf-store.ts';
import { startTestTransport } from '../test/support/test-transport.ts';
import { buildRenderer } from './support/build.ts';
import { savedRequests, searchTexts } from './support/fixtures.ts';
import { memoryAfterGc, newProbedPage, type JsMemory } from './support/page.ts';
import { emit, log, measure, scaled } from './support/result.ts';
import {
  openWithRequests,
  REQUEST_ITEM,
  SEARCH_INPUT,
  settle,
  typeAndErase,
  userDataWithRequests,
  type KeyTiming,
} from './support/scenarios.ts';
import { startStaticServer } from './support/static-server.ts';
import { interleave } from './support/stats.ts';

const started = performance.now();
const COUNT = 10_000;
const ROUNDS = scaled(6, 2);
/** Typed one key at a time and erased again: every keystroke changes what matches. */
const QUERY = 'acme prod 4';

const rendererDir = buildRenderer();

const bigDir = userDataWithRequests(COUNT);
const smallDir = userDataWithRequests(10);

const owner = 'Tokensmith (bench)';
const open = (dataDir: string) => openStorage({ dataDir, createFile: confFile, owner });

// Main: opening the store and the workspace folder (files, schema checks) against parsing them.
const workspaceDir = path.join(bigDir, 'workspace');
const yamlFiles = readdirSync(workspaceDir, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => path.join(workspaceDir, name));
const opens = await interleave(
  { rounds: scaled(20, 5), warmup: 2 },
  {
    open: () => {
      const start = performance.now();
      const { workspace } = open(bigDir);
      if (workspace.requests().length !== COUNT) throw new Error('the workspace did not open whole');
      return Promise.resolve(performance.now() - start);
    },
    parse: () => {
      const start = performance.now();
      JSON.parse(readFileSync(path.join(bigDir, 'tokensmith.json'), 'utf8'));
      for (const file of yamlFiles) parseYaml(readFileSync(file, 'utf8'));
      return Promise.resolve(performance.now() - start);
    },
  },
);

const big = await startTestTransport({ rendererDir, ...open(bigDir) });
const small = await startTestTransport({ rendererDir, ...open(smallDir) });
const texts = searchTexts(savedRequests(COUNT));
const baseline = await startStaticServer({
  '/search.html': {
    type: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><meta charset="UTF-8" /><title>Search baseline</title></head><body>
<input type="search" aria-label="Search" /><p id="count"></p>
<script>
const texts = ${JSON.stringify(texts)};
const input = document.querySelector('input');
const count = document.getElementById('count');
input.addEventListener('input', () => {
  const query = input.value.toLowerCase();
  count.textContent = String(texts.filter((text) => text.toLowerCase().includes(query)).length);
});
</script></body></html>`,
  },
});
const browser = await launchChromium();

log(`${ROUNDS} rounds: the app with ${COUNT} and with 10 saved requests, and the search baseline page`);
const keys: Record<'app' | 'baseline', KeyTiming[]> = { app: [], baseline: [] };
const memory: Record<'big' | 'small', JsMemory[]> = { big: [], small: [] };
const loads = await interleave(
  { rounds: ROUNDS, warmup: 1 },
  {
    big: async (round) => {
      const { page, loadedMs } = await openWithRequests(browser, big);
      await settle(page);
      const listed = await page.locator(REQUEST_ITEM).count();
      const timings = await typeAndErase(page, SEARCH_INPUT, QUERY);
      if (round >= 0) {
        keys.app.push(...timings);
        memory.big.push(await memoryAfterGc(page));
      }
      if (listed === 0) throw new Error('the sidebar lists no saved requests');
      await page.context().close();
      return loadedMs;
    },
    small: async (round) => {
      const { page, loadedMs } = await openWithRequests(browser, small);
      if (round >= 0) {
        await settle(page);
        memory.small.push(await memoryAfterGc(page));
      }
      await page.context().close();
      return loadedMs;
    },
    search: async (round) => {
      const { context, page } = await newProbedPage(browser);
      await page.goto(`${baseline.origin}/search.html`);
      await settle(page);
      const timings = await typeAndErase(page, 'input', QUERY);
      if (round >= 0) keys.baseline.push(...timings);
      await context.close();
      return 0;
    },
  },
);

await browser.close();
await baseline.close();
await big.close();
await small.close();
for (const dir of [bigDir, smallDir]) rmSync(dir, { recursive: true, force: true });

emit(4, 'Many saved requests', started, [
  measure({
    name: `open the store and the workspace in main (${COUNT.toLocaleString('en')} saved requests)`,
    unit: 'ms',
    subject: opens.open,
    baseline: { name: 'JSON.parse of the store file + YAML parse of each workspace file', samples: opens.parse },
  }),
  measure({
    name: `navigation start → sidebar lists the saved requests (${COUNT.toLocaleString('en')})`,
    unit: 'ms',
    subject: loads.big,
    baseline: { name: 'the same app with 10 saved requests', samples: loads.small },
  }),
  measure({
    name: 'search keystroke → sidebar updated (handlers and layout)',
    unit: 'ms',
    subject: keys.app.map((timing) => timing.work),
    baseline: {
      name: 'Array.filter over the same 10,000 texts in a page',
      samples: keys.baseline.map((timing) => timing.work),
    },
    target: { on: 'median', limit: 16 },
  }),
  measure({
    name: 'search keystroke → next frame painted',
    unit: 'ms',
    subject: keys.app.map((timing) => timing.toPaint),
    baseline: {
      name: 'Array.filter over the same 10,000 texts in a page',
      samples: keys.baseline.map((timing) => timing.toPaint),
    },
  }),
  measure({
    figure: 6,
    name: `renderer JS heap with ${COUNT.toLocaleString('en')} saved requests, after the searches`,
    unit: 'MB',
    subject: memory.big.map((sample) => sample.heapMB),
    baseline: { name: 'the same app with 10 saved requests', samples: memory.small.map((sample) => sample.heapMB) },
  }),
  measure({
    figure: 6,
    name: 'the same, with array buffers and external strings',
    unit: 'MB',
    subject: memory.big.map((sample) => sample.withBuffersMB),
    baseline: {
      name: 'the same app with 10 saved requests',
      samples: memory.small.map((sample) => sample.withBuffersMB),
    },
  }),
]);
