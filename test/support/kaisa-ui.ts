import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { startRequest } from './browser.ts';

/**
 * A new Kaisa request filled with the simulator's client, run with Ctrl/Cmd+Enter; resolves when
 * the response says 200 OK. (Apart from browser.ts, which the benchmarks use outside vitest.)
 */
export async function getKaisaToken(
  page: Page,
  tokenUrl: string,
  client: { clientId: string; clientSecret: string },
): Promise<void> {
  await startRequest(page, 'Kaisa (Freespee)');
  await page.getByLabel('Token URL').fill(tokenUrl);
  await page.getByLabel('Client ID').fill(client.clientId);
  await page.getByLabel('Client secret', { exact: true }).fill(client.clientSecret);
  await page.keyboard.press('Control+Enter');
  await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
}
