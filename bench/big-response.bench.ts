/**
 * Figure 3, big responses: a 20 MB JSON body, asked for with a follow-up request in the app (main
 * fetches it, the report crosses to the renderer, the viewer lays it out), from the click on Send
 * until the first screen of the viewer is painted; then a fast scroll through it: the frames and any
 * long task after that first screen, by the wall clock (what a user waits) and by the CPU time the
 * main thread spent on the longest task of the scroll (the app's own work, whatever else the machine
 * is doing). Baseline: a page that fetches the same 20 MB from the same kind of server, checks it is
 * JSON (JSON.parse) and paints its first screen as text, measured the same way: the least any viewer
 * must do. The baseline of the frames is the display's own frame interval, measured on that page at
 * rest. Figure 6's first half, too: the renderer's JS heap with the response open, after the scroll,
 * against that page holding the same body as one string (what a viewer must keep at the least),
 * received as the app receives it: inside a JSON message.
 */
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/support/browser.ts';
import { startTestTransport } from '../test/support/test-transport.ts';
import { buildRenderer } from './support/build.ts';
import { bigJson } from './support/fixtures.ts';
import { memoryAfterGc, newProbedPage, probe, tracingTasks, type JsMemory } from './support/page.ts';
import { emit, log, measure, scaled } from './support/result.ts';
import { prepareFollowUp, sendFollowUp, settle } from './support/scenarios.ts';
import { startStaticServer } from './support/static-server.ts';
import { interleave } from './support/stats.ts';

const started = performance.now();
const ROUNDS = scaled(4, 2);
const BYTES = 20_000_000;
const FRAMES = 120;
/** Pixels a frame: about 50 rows, a fast flick of the wheel. */
const STEP = 1000;

const rendererDir = buildRenderer();

const body = bigJson(BYTES);
const server = await startStaticServer({
  '/big.json': { type: 'application/json', body },
  '/big-as-string.json': { type: 'application/json', body: JSON.stringify(body) },
  '/big.html': {
    type: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><meta charset="UTF-8" /><title>Big response baseline</title></head><body>
<button type="button" id="show">Show</button><pre id="out"></pre>
<script>
document.getElementById('show').addEventListener('click', async () => {
  const text = await (await fetch('/big.json')).text();
  JSON.parse(text);
  const first = document.createElement('span');
  first.className = 'first-screen';
  first.textContent = text.slice(0, 4000);
  document.getElementById('out').append(first);
});
window.keepBody = async () => {
  window.body = await (await fetch('/big-as-string.json')).json();
};
</script></body></html>`,
  },
});
const transport = await startTestTransport({ rendererDir });
const browser = await launchChromium();

interface Frames {
  from: number;
  to: number;
  intervals: number[];
}
interface LongTask {
  start: number;
  duration: number;
}

const frames: Record<'app' | 'baseline', number[]> = { app: [], baseline: [] };
const longest: Record<'app' | 'baseline', number[]> = { app: [], baseline: [] };
/** The CPU time of the longest task during the scroll (see tracingTasks). */
const longestCpu: Record<'app' | 'baseline', number[]> = { app: [], baseline: [] };
const memory: Record<'app' | 'baseline', JsMemory[]> = { app: [], baseline: [] };

async function longestTaskSince(page: Page, since: number): Promise<number> {
  const tasks = await probe<LongTask[]>(page, 'window.__bench.longTasks');
  return Math.max(0, ...tasks.filter((task) => task.start >= since).map((task) => task.duration));
}

log(`${ROUNDS} rounds of a ${BYTES / 1e6} MB JSON response in the app and in the baseline page`);
const firstScreen = await interleave(
  { rounds: ROUNDS, warmup: 1 },
  {
    app: async (round) => {
      const { context, page } = await newProbedPage(browser, { bridgeScript: transport.bridgeScript });
      await page.goto(`${transport.origin}/index.html`);
      await prepareFollowUp(page, `${server.origin}/big.json`);
      await settle(page);
      const { firstScreen: ms, painted } = await sendFollowUp(page);
      const { result: scroll, longest: traced } = await tracingTasks(page, () =>
        probe<Frames>(page, `window.__bench.scroll('.followup .vl-scroller', ${FRAMES}, ${STEP})`),
      );
      if (round >= 0) {
        frames.app.push(...scroll.intervals);
        longestCpu.app.push(traced.cpuMs);
        longest.app.push(await longestTaskSince(page, painted));
        memory.app.push(await memoryAfterGc(page));
      }
      await context.close();
      return ms;
    },
    baseline: async (round) => {
      const { context, page } = await newProbedPage(browser);
      await page.goto(`${server.origin}/big.html`);
      await settle(page);
      await probe(page, "window.__bench.armClick('#show', '.first-screen')");
      await page.locator('#show').click();
      const times = await probe<{ clickAt: number; painted: number }>(page, 'window.__bench.click');
      const { result: rest, longest: traced } = await tracingTasks(page, () =>
        probe<Frames>(page, `window.__bench.scroll('html', ${FRAMES}, 0)`),
      );
      if (round >= 0) {
        frames.baseline.push(...rest.intervals);
        longestCpu.baseline.push(traced.cpuMs);
        longest.baseline.push(await longestTaskSince(page, times.painted));
        await probe(page, 'window.keepBody()');
        memory.baseline.push(await memoryAfterGc(page));
      }
      await context.close();
      return times.painted - times.clickAt;
    },
  },
);

await browser.close();
await transport.close();
await server.close();

emit(3, 'Big responses', started, [
  measure({
    name: 'Send → first screen of a 20 MB JSON response painted',
    unit: 'ms',
    subject: firstScreen.app,
    baseline: { name: 'fetch + JSON.parse + first screen as text in a page', samples: firstScreen.baseline },
  }),
  measure({
    name: `frame interval while scrolling it (${STEP} px a frame)`,
    unit: 'ms',
    subject: frames.app,
    baseline: { name: 'frame interval of a page at rest', samples: frames.baseline },
  }),
  measure({
    name: 'longest task after the first screen, wall clock (per run)',
    unit: 'ms',
    subject: longest.app,
    baseline: { name: 'the baseline page, same period', samples: longest.baseline },
    target: { on: 'max', limit: 100 },
  }),
  measure({
    name: 'longest task while scrolling, CPU time of the main thread (per run)',
    unit: 'ms',
    subject: longestCpu.app,
    baseline: { name: 'the baseline page at rest, same period', samples: longestCpu.baseline },
  }),
  measure({
    figure: 6,
    name: `renderer JS heap with the ${BYTES / 1e6} MB response open, after the scroll`,
    unit: 'MB',
    subject: memory.app.map((sample) => sample.heapMB),
    baseline: {
      name: 'a page holding the same body as one string',
      samples: memory.baseline.map((sample) => sample.heapMB),
    },
  }),
  measure({
    figure: 6,
    name: 'the same, with array buffers and external strings',
    unit: 'MB',
    subject: memory.app.map((sample) => sample.withBuffersMB),
    baseline: {
      name: 'a page holding the same body as one string',
      samples: memory.baseline.map((sample) => sample.withBuffersMB),
    },
  }),
]);
