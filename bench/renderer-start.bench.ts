/**
 * Figure 2, renderer start: the built renderer in Debian's Chromium, cold (a fresh browser context,
 * so nothing cached), from the start of the navigation until the first provider card of the first-run
 * screen is in the page and painted. React attaches its event listeners to the root when it is
 * created, so a card that is in the page is a card whose click is handled: that is "interactive".
 * Two baselines, served over http on 127.0.0.1 and measured the same way in the same Chromium: the
 * app's own first screen saved as static HTML with the same stylesheet and no JavaScript (what that
 * screen costs to lay out and paint: the rest is what the JavaScript costs), and a hello-world React
 * 19 app built by the same Vite with the same settings (what any React app costs). And the JavaScript the page loads before
 * it can start, gzipped, against that hello-world app's.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import electronViteConfig from '../electron.vite.config.ts';
import { launchChromium } from '../test/support/browser.ts';
import { startTestTransport } from '../test/support/test-transport.ts';
import { buildRenderer } from './support/build.ts';
import { newProbedPage, probe, type Presence } from './support/page.ts';
import { emit, log, measure, scaled } from './support/result.ts';
import { startStaticServer, type StaticFile } from './support/static-server.ts';
import { interleave } from './support/stats.ts';

const started = performance.now();
const LOADS = scaled(20, 4);
const root = path.resolve(import.meta.dirname, '..');

const rendererDir = buildRenderer();

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

const reactDir = await buildReactHello();
const appKB = gzippedKB(rendererDir);
const reactKB = gzippedKB(reactDir);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

/** Every file of a built page, as static-server routes under `prefix`. */
function filesOf(dir: string, prefix: string): Record<string, StaticFile> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        const route = `${prefix}/${path.relative(dir, file).split(path.sep).join('/')}`;
        return [route, { type: TYPES[path.extname(file)] ?? 'application/octet-stream', body: readFileSync(file) }];
      }),
  );
}

const transport = await startTestTransport({ rendererDir });
const browser = await launchChromium();

/**
 * The first-run screen as the app renders it, as static HTML: its scripts removed, its stylesheet
 * kept. And its CSP meta: React sets inline styles through the CSSOM, which the policy allows, but as
 * style attributes in markup the same styles would be refused and the screen would lay out otherwise.
 */
async function firstScreenSnapshot(): Promise<string> {
  const { context, page } = await newProbedPage(browser, {
    bridgeScript: transport.bridgeScript,
    startSelector: '.provider-card',
  });
  await page.goto(`${transport.origin}/index.html`);
  await probe(page, 'window.__bench.start');
  await page.waitForLoadState('networkidle');
  const html = await page.content();
  await context.close();
  return html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/<link\b[^>]*rel="modulepreload"[^>]*>/g, '')
    .replace(/<meta\b[^>]*http-equiv="Content-Security-Policy"[^>]*>/g, '');
}

const baseline = await startStaticServer({
  ...filesOf(rendererDir, '/app'),
  '/app/snapshot.html': { type: 'text/html; charset=utf-8', body: await firstScreenSnapshot() },
  ...filesOf(reactDir, '/react'),
});

async function coldLoad(url: string, options: { bridgeScript?: string; startSelector: string }): Promise<number> {
  const { context, page } = await newProbedPage(browser, options);
  await page.goto(url);
  const times = await probe<Presence>(page, 'window.__bench.start');
  await context.close();
  return times.painted;
}

log(`${LOADS} cold loads each of the app, its first screen as static HTML and a hello-world React app`);
const samples = await interleave(
  { rounds: LOADS, warmup: 1 },
  {
    app: () =>
      coldLoad(`${transport.origin}/index.html`, {
        bridgeScript: transport.bridgeScript,
        startSelector: '.provider-card',
      }),
    snapshot: () => coldLoad(`${baseline.origin}/app/snapshot.html`, { startSelector: '.provider-card' }),
    react: () => coldLoad(`${baseline.origin}/react/index.html`, { startSelector: 'input' }),
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
    baseline: { name: 'the same first screen as static HTML and CSS, no JavaScript', samples: samples.snapshot },
    target: { on: 'median', limit: 400 },
  }),
  measure({
    name: 'the same, against a hello-world React app',
    unit: 'ms',
    subject: samples.app,
    baseline: { name: 'hello-world React 19 app (one input), same Vite build', samples: samples.react },
  }),
  measure({
    name: 'initial JavaScript, gzipped',
    unit: 'kB',
    subject: [appKB],
    baseline: { name: 'hello-world React 19 app, same Vite build', samples: [reactKB] },
    target: { on: 'median', limit: 350 },
  }),
]);
