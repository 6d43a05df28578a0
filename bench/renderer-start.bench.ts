/**
 * Figure 2, renderer start: the built renderer in Debian's Chromium, cold (a fresh browser context,
 * so nothing cached), from the start of the navigation until the first provider card of the first-run
 * screen is in the page and painted. React attaches its event listeners to the root when it is
 * created, so a card that is in the page is a card whose click is handled: that is "interactive".
 * Baseline: a static page with a single <input>, served the same way, in the same Chromium, measured
 * the same way: what any page costs. And the JavaScript the page loads before it can start, gzipped,
 * against a hello-world React app built by the same Vite with the same settings.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import electronViteConfig from '../electron.vite.config.ts';
import { launchChromium } from '../test/support/browser.ts';
import { RENDERER_DIR, startTestTransport } from '../test/support/test-transport.ts';
import { ensureRendererBuilt } from './support/build.ts';
import { newProbedPage, probe, type Presence } from './support/page.ts';
import { emit, log, measure, scaled } from './support/result.ts';
import { startStaticServer } from './support/static-server.ts';
import { interleave } from './support/stats.ts';

const started = performance.now();
const LOADS = scaled(20, 4);
const root = path.resolve(import.meta.dirname, '..');

ensureRendererBuilt();

/** The JavaScript an index.html loads before anything else: its module script and modulepreloads. */
function initialScripts(html: string): string[] {
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((match) => match[1]!);
  const preloads = [...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map(
    (match) => match[1]!,
  );
  return [...scripts, ...preloads];
}

function gzippedKB(dir: string): number {
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const bytes = initialScripts(html).reduce((sum, src) => sum + gzipSync(readFileSync(path.join(dir, src))).length, 0);
  return bytes / 1000;
}

/** The floor of a React app: one <input> rendered by React 19, built like the renderer is. */
async function buildReactHello(): Promise<string> {
  const dir = path.join(root, 'node_modules/.cache/tokensmith-bench/react-hello');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="UTF-8" /><title>React</title></head><body><div id="root"></div><script type="module" src="./main.js"></script></body></html>\n',
  );
  writeFileSync(
    path.join(dir, 'main.js'),
    "import { createElement } from 'react';\nimport { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')).render(createElement('input', { 'aria-label': 'Baseline' }));\n",
  );
  const renderer = 'renderer' in electronViteConfig ? electronViteConfig.renderer : undefined;
  const minify = renderer && typeof renderer === 'object' ? (renderer.build?.minify ?? false) : false;
  await build({
    root: dir,
    configFile: false,
    logLevel: 'silent',
    base: './',
    build: { outDir: path.join(dir, 'dist'), emptyOutDir: true, minify, modulePreload: { polyfill: false } },
  });
  return path.join(dir, 'dist');
}

const appKB = gzippedKB(RENDERER_DIR);
const reactKB = gzippedKB(await buildReactHello());

const transport = await startTestTransport();
const baseline = await startStaticServer({
  '/start.html': {
    type: 'text/html; charset=utf-8',
    body: '<!doctype html><html lang="en"><head><meta charset="UTF-8" /><title>Baseline</title></head><body><input aria-label="Baseline" /></body></html>',
  },
});
const browser = await launchChromium();

async function coldLoad(url: string, options: { bridgeScript?: string; startSelector: string }): Promise<number> {
  const { context, page } = await newProbedPage(browser, options);
  await page.goto(url);
  const times = await probe<Presence>(page, 'window.__bench.start');
  await context.close();
  return times.painted;
}

log(`${LOADS} cold loads each of the app and the baseline page`);
const samples = await interleave(
  { rounds: LOADS, warmup: 2 },
  {
    app: () =>
      coldLoad(`${transport.origin}/index.html`, {
        bridgeScript: transport.bridgeScript,
        startSelector: '.provider-card',
      }),
    baseline: () => coldLoad(`${baseline.origin}/start.html`, { startSelector: 'input' }),
  },
);

await browser.close();
await baseline.close();
await transport.close();

emit(2, 'Renderer start', started, [
  measure({
    name: 'navigation start → first provider card interactive and painted (cold)',
    unit: 'ms',
    subject: samples.app,
    baseline: { name: 'static page with one <input>, same server and Chromium', samples: samples.baseline },
    target: { on: 'median', limit: 400 },
  }),
  measure({
    name: 'initial JavaScript, gzipped',
    unit: 'kB',
    subject: [appKB],
    baseline: { name: 'hello-world React 19 app, same Vite build', samples: [reactKB] },
    target: { on: 'median', limit: 350 },
  }),
]);
