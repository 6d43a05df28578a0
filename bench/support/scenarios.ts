import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openStorage } from '../../src/main/core/store/storage.ts';
import { confFile } from '../../test/support/conf-store.ts';
import type { TestTransport } from '../../test/support/test-transport.ts';
import { savedRequests } from './fixtures.ts';
import { newProbedPage, probe, type Presence } from './page.ts';

/** A user-data folder whose workspace holds `count` saved requests, written as the app writes them. */
export function userDataWithRequests(count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tokensmith-bench-requests-'));
  const { workspace } = openStorage({ dataDir: dir, createFile: confFile, owner: 'Tokensmith (bench)' });
  workspace.saveRequests(savedRequests(count));
  return dir;
}

export const REQUEST_ITEM = '[data-testid="request-item"]';
export const SEARCH_INPUT = 'input[type="search"]';

/** Opens the app cold and waits until the sidebar lists saved requests; the time that took. */
export async function openWithRequests(
  browser: Browser,
  transport: TestTransport,
): Promise<{ page: Page; loadedMs: number }> {
  const { page } = await newProbedPage(browser, { bridgeScript: transport.bridgeScript, startSelector: REQUEST_ITEM });
  await page.goto(`${transport.origin}/index.html`);
  const { painted } = await probe<Presence>(page, 'window.__bench.start');
  return { page, loadedMs: painted };
}

export interface KeyTiming {
  /** Key event → the page's handlers ran and the layout they changed was computed. */
  work: number;
  /** Key event → the next frame was painted. */
  toPaint: number;
}

/** Types `text` into the focused input one key at a time, then deletes it, timing each keystroke. */
export async function typeAndErase(page: Page, selector: string, text: string): Promise<KeyTiming[]> {
  await page.locator(selector).focus();
  const timings: KeyTiming[] = [];
  const typed = Array.from(text, (character) => (character === ' ' ? 'Space' : character));
  const keys = [...typed, ...typed.map(() => 'Backspace')];
  for (const key of keys) {
    await probe(page, 'window.__bench.armKey()');
    await page.keyboard.press(key);
    timings.push(await probe<KeyTiming>(page, 'window.__bench.key'));
  }
  return timings;
}

/** Lets the page settle: its start-up calls answered and rendered. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await probe(page, 'window.__bench.afterPaint()');
}

/**
 * The follow-up request of a Kaisa draft, pointed at `url`, without the `{{token}}` header (so it needs
 * no grant first): the way a user looks at a big API response in the app.
 */
export async function prepareFollowUp(page: Page, url: string): Promise<void> {
  await page.getByRole('button', { name: /^Kaisa/ }).click();
  await page.getByRole('button', { name: 'Add request' }).click();
  await page.locator('.followup-url').fill(url);
  await page.locator('.followup summary').click();
  await page.locator('.followup textarea').first().fill('Accept: application/json');
}

/** Clicks Send and waits for the first screen of the response viewer; times since the click. */
export async function sendFollowUp(page: Page): Promise<{ firstScreen: number; painted: number }> {
  await probe(page, "window.__bench.armClick('.followup button.primary', '.followup .vl-row')");
  await page.locator('.followup button.primary').click();
  const times = await probe<{ clickAt: number; painted: number }>(page, 'window.__bench.click');
  return { firstScreen: times.painted - times.clickAt, painted: times.painted };
}
