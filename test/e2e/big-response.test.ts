import { randomBytes } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '../fixtures/simulators/sim-server.ts';
import { launchChromium, openApp, screenshot, startRequest } from '../support/browser.ts';
import { startTestTransport, type TestTransport } from '../support/test-transport.ts';

/**
 * A token endpoint whose JSON answer is about 20 MB (the token and a huge array beside it): the
 * virtualized viewer must open it, scroll it, fold it and switch tabs without freezing the window.
 */

const TARGET_BYTES = 20 * 1024 * 1024;
/**
 * What keeps a 20 MB body smooth is that only the lines on screen are in the page: the test holds
 * the viewer to that (a bounded number of rows of the 1.6 million), on any machine. How long each
 * step takes is printed here for a look, and measured against baselines in
 * bench/big-response.bench.ts: timings are no test's pass mark on a shared, noisy machine.
 */
const MAX_RENDERED_ROWS = 200;

let sim: SimServer & { body: Buffer; token: string };
let transport: TestTransport;
let browser: Browser;

function hugeTokenResponse(token: string): Buffer {
  const items: string[] = [];
  let size = 0;
  for (let id = 0; size < TARGET_BYTES; id++) {
    const item = JSON.stringify({
      id,
      name: `Customer ${id}`,
      email: `customer.${id}@example.test`,
      active: id % 3 !== 0,
      score: id * 1.5,
      tags: ['support', id % 2 === 0 ? 'even' : 'odd'],
      address: { street: `${id} Long Street`, city: 'Amsterdam', zip: `${1000 + (id % 9000)} AB` },
    });
    items.push(item);
    size += item.length + 1;
  }
  return Buffer.from(
    `{"access_token":${JSON.stringify(token)},"token_type":"bearer","expires_in":300,"customers":[${items.join(',')}]}`,
  );
}

beforeAll(async () => {
  const token = randomBytes(24).toString('base64url');
  const body = hugeTokenResponse(token);
  const server = await startSimServer((request, response) => {
    if (request.method !== 'POST' || request.path !== '/oauth2/token') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    response.end(body);
  });
  sim = { ...server, body, token };
  transport = await startTestTransport({ autoRenew: false });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await transport.close();
  await sim.close();
});

/** Starts collecting the page's long tasks (PerformanceObserver, "longtask" entries). */
async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__longTasks = [];
    window.__longTaskObserver?.disconnect();
    window.__longTaskObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(Math.round(entry.duration));
    });
    window.__longTaskObserver.observe({ type: 'longtask' });
  })()`);
}

async function longTasks(page: Page): Promise<number[]> {
  // Entries are delivered asynchronously: give the observer a frame to report the last ones.
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)))');
  return page.evaluate<number[]>('window.__longTasks');
}

/** Clicks a tab and measures how long until the app marks it selected. */
async function switchTab(page: Page, name: string): Promise<number> {
  const tab = page.getByRole('tab', { name, exact: true });
  const started = Date.now();
  await tab.click();
  await expect.poll(() => tab.getAttribute('aria-selected'), { timeout: 5_000, interval: 20 }).toBe('true');
  return Date.now() - started;
}

function bodyView(page: Page): Locator {
  return page.getByRole('tabpanel').getByRole('region', { name: 'Response body' });
}

describe('a 20 MB JSON response', () => {
  it('opens, scrolls, folds and switches tabs with only a screenful of rows in the page', async () => {
    const { page, problems } = await openApp(browser, transport);
    await startRequest(page, 'Kaisa (Freespee)');
    await page.getByLabel('Token URL').fill(`${sim.origin}/oauth2/token`);
    await page.getByLabel('Client ID').fill('big-client');
    await page.getByLabel('Client secret', { exact: true }).fill('big-secret');
    const numbers: Record<string, number | string> = {
      'body size': `${(sim.body.length / 1024 / 1024).toFixed(1)} MB`,
    };

    await watchLongTasks(page);
    let started = Date.now();
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 30_000 }).toBe('200 OK');
    await bodyView(page).waitFor({ timeout: 30_000 });
    numbers['token response shown (ms)'] = Date.now() - started;
    numbers['long tasks while opening'] = (await longTasks(page)).join(', ') || 'none';
    expect(await page.getByTestId('token-masked').textContent()).toBe(`••••${sim.token.slice(-4)}`);
    const lines = Number(((await page.locator('.body-meta').first().textContent()) ?? '').replace(/\D/g, ''));
    expect(lines).toBeGreaterThan(1_000_000);
    numbers['pretty-printed lines'] = lines;

    // Scroll: many wheel steps over the virtualized view, as a user flinging through it.
    const view = bodyView(page);
    const box = (await view.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200));
    await watchLongTasks(page);
    started = Date.now();
    for (let step = 0; step < 60; step++) {
      await page.mouse.wheel(0, step % 10 === 9 ? 40_000 : 1_200);
      await page.waitForTimeout(16);
    }
    // And a jump to the end, with the keyboard.
    await view.focus();
    await page.keyboard.press('End');
    await page.waitForTimeout(100);
    numbers['scroll (ms)'] = Date.now() - started;
    const scrolled = await page.evaluate<number>(`document.querySelector('[role="tabpanel"] .vl-scroller').scrollTop`);
    expect(scrolled).toBeGreaterThan(100_000);
    const duringScroll = await longTasks(page);
    numbers['long tasks while scrolling'] = duringScroll.length === 0 ? 'none' : duringScroll.join(', ');
    const rendered = await view.locator('.vl-row').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(MAX_RENDERED_ROWS);
    expect(await view.locator('.vl-row').allTextContents()).toContainEqual(expect.stringContaining('"address"'));
    await screenshot(page, 'big-response-scrolled');

    // Fold a block on screen, and open it again.
    await view.press('Home');
    const fold = view.getByRole('button', { name: /^Fold lines 6–/ }).first();
    await fold.waitFor();
    await watchLongTasks(page);
    started = Date.now();
    await fold.click();
    await expect.poll(() => fold.getAttribute('aria-expanded'), { interval: 20 }).toBe('false');
    numbers['fold (ms)'] = Date.now() - started;
    await fold.click();
    await expect.poll(() => fold.getAttribute('aria-expanded'), { interval: 20 }).toBe('true');
    numbers['long tasks while folding'] = (await longTasks(page)).join(', ') || 'none';

    // Switch tabs and back: each click is answered within a few seconds.
    await watchLongTasks(page);
    numbers['to Raw (ms)'] = await switchTab(page, 'Raw');
    expect(await page.getByRole('tabpanel').locator('.body-meta').textContent()).toBe('The first 256.0 KB of 20.0 MB');
    numbers['to Headers (ms)'] = await switchTab(page, 'Headers');
    expect(await page.getByRole('tabpanel').textContent()).toContain(String(sim.body.length));
    numbers['back to Body (ms)'] = await switchTab(page, 'Body');
    await bodyView(page).waitFor();
    numbers['to Request (ms)'] = await switchTab(page, 'Request');
    numbers['long tasks while switching tabs'] = (await longTasks(page)).join(', ') || 'none';
    await switchTab(page, 'Body');
    await bodyView(page).waitFor();
    // Back on the body, the viewer again holds only a screenful of rows.
    expect(await bodyView(page).locator('.vl-row').count()).toBeLessThan(MAX_RENDERED_ROWS);

    console.log(
      `20 MB JSON response:\n${Object.entries(numbers)
        .map(([name, value]) => `  ${name}: ${value}`)
        .join('\n')}`,
    );
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
