import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestTransport } from './test-transport.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');

/** Debian's Chromium, headless, without the background traffic this offline machine refuses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** The version `/usr/bin/chromium --version` prints, to prove which browser a test drove. */
export function installedChromiumVersion(): string {
  const output = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8' });
  const match = /(\d+\.\d+\.\d+\.\d+)/.exec(output);
  if (!match) throw new Error(`Unexpected chromium --version output: ${output}`);
  return match[1]!;
}

/** Opens the app in a fresh context; `problems` collects page errors and console errors. */
export async function openApp(
  browser: Browser,
  transport: TestTransport,
  options: { colorScheme?: 'light' | 'dark' } = {},
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 820 },
    colorScheme: options.colorScheme ?? 'light',
  });
  await context.addInitScript(transport.bridgeScript);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto(`${transport.origin}/index.html`);
  return { page, problems };
}

/** Waits until the sidebar lists the workspace's saved requests (the first listing is asynchronous). */
export async function workspaceListed(page: Page): Promise<void> {
  await page.locator('.sidebar-list:not([aria-busy="true"])').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Starts a new request for a provider from the first-run cards (or the New button's cards). */
export async function startRequest(page: Page, profileName: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${profileName.replace(/[()]/g, '\\$&')}`) }).click();
  await page.getByRole('form', { name: `${profileName} token request` }).waitFor();
}

/**
 * A string as V8's heap snapshot writes it: JSON-escaped, with every non-ASCII character as `\uXXXX`
 * (upper-case hex), so a secret with an `ü` is found too.
 */
function heapSnapshotForm(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(
      /[\u0080-\uffff]/g,
      (character) => `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
    );
}

/**
 * Every place the renderer could keep a string: the DOM, form values, storage, IndexedDB, the JS heap.
 * Several secrets share one heap snapshot (it takes seconds); a place is then named with the secret's
 * position, `js heap (secret 2)`.
 */
export async function rendererHolds(page: Page, ...secrets: string[]): Promise<string[]> {
  const places: string[] = [];
  const found = (place: string, index: number) =>
    places.push(secrets.length > 1 ? `${place} (secret ${index + 1})` : place);
  // A string, not a function: the page runs it, and this project's Node types have no DOM.
  const surface = await page.evaluate<Record<string, string>>(`(async () => ({
    html: document.documentElement.outerHTML,
    inputs: [...document.querySelectorAll('input, textarea')].map((element) => element.value).join('\\n'),
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    databases: JSON.stringify(await indexedDB.databases()),
  }))()`);
  secrets.forEach((secret, index) => {
    for (const [place, text] of Object.entries(surface)) if (text.includes(secret)) found(place, index);
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  const snapshot = chunks.join('');
  secrets.forEach((secret, index) => {
    if (snapshot.includes(heapSnapshotForm(secret))) found('js heap', index);
  });
  return places;
}
