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
