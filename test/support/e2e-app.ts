import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { CoreOptions } from '../../src/main/core/app-core.ts';
import { launchChromium, openApp, startRequest } from './browser.ts';
import { startTestTransport, type TestTransport } from './test-transport.ts';

/** The app under test for one end-to-end test file: the built renderer in Chromium, the real core behind it. */
export interface E2eApp {
  readonly browser: Browser;
  readonly transport: TestTransport;
}

/**
 * Starts one Chromium and one test transport before the file's tests and closes them after: a
 * Chromium launch takes a second, so the e2e suite launches one per file, not one per test.
 * Each test opens its own window (a fresh browser context) with `openProvider` or `openApp`.
 */
export function e2eAppPerFile(options: Partial<CoreOptions> = {}): E2eApp {
  let browser: Browser | undefined;
  let transport: TestTransport | undefined;
  beforeAll(async () => {
    [transport, browser] = await Promise.all([startTestTransport(options), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await transport?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the e2e app is used before its beforeAll started it');
    return value;
  };
  return {
    get browser() {
      return started(browser);
    },
    get transport() {
      return started(transport);
    },
  };
}

/** A fresh window on the first-run screen, then the provider's form. */
export async function openProvider(app: E2eApp, profileName: string): Promise<{ page: Page; problems: string[] }> {
  const opened = await openApp(app.browser, app.transport);
  await opened.page.getByRole('heading', { name: /Get your first token|New request/ }).waitFor();
  await startRequest(opened.page, profileName);
  return opened;
}

/** Runs the filled form and waits for a 200 with no error banner. */
export async function getToken(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
  expect(await page.getByTestId('error-banner').count()).toBe(0);
}

/** The token as main hands it to the clipboard: the renderer itself never sees it. */
export async function copiedToken(page: Page, transport: TestTransport): Promise<string> {
  const before = transport.clipboard.length;
  await page.getByRole('button', { name: 'Copy token' }).click();
  await expect.poll(() => transport.clipboard.length).toBe(before + 1);
  return transport.clipboard.at(-1)!;
}

/** The token as the response panel shows it (`••••` and its last four characters). */
export async function maskedToken(page: Page): Promise<string | null> {
  return page.getByTestId('token-masked').textContent();
}

/** Opens a step of the flow from the step chips above the response. */
export async function openStep(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Steps of the flow' }).getByRole('button', { name }).click();
}
