import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/main/core/http/http-client.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../../fixtures/simulators/kaisa.ts';
import { installedChromiumVersion, openApp, screenshot, startRequest } from '../../support/browser.ts';
import { e2eAppPerFile } from '../../support/e2e-app.ts';
import { comparable, runBash } from '../../support/shell.ts';

let sim: KaisaSimulator;
beforeAll(async () => {
  sim = await startKaisaSimulator();
});
afterAll(async () => {
  await sim.close();
});
// Every request times out after 1 s unless the form says otherwise: a stalled server fails fast.
const app = e2eAppPerFile({ http: createHttpClient({ timeoutMs: 1_000 }) });

async function fillKaisa(page: Page, overrides: { tokenUrl?: string; clientSecret?: string } = {}): Promise<void> {
  await page.getByLabel('Token URL').fill(overrides.tokenUrl ?? sim.tokenUrl);
  await page.getByLabel('Client ID').fill(KAISA_CLIENT.clientId);
  await page.getByLabel('Client secret', { exact: true }).fill(overrides.clientSecret ?? KAISA_CLIENT.clientSecret);
}

describe('Kaisa in the app, end to end', () => {
  it('runs in Debian’s Chromium', () => {
    expect(app.browser.version()).toBe(installedChromiumVersion());
  });

  it('fills the form, gets a token, shows the decoded response and copies a cURL that works', async () => {
    const { page, problems } = await openApp(app.browser, app.transport);
    await page.getByRole('heading', { name: 'Get your first token' }).waitFor();
    await screenshot(page, 'first-run');
    await startRequest(page, 'Kaisa (Freespee)');
    await fillKaisa(page);
    await page.getByLabel('Body format').selectOption('json');
    await page.getByRole('button', { name: 'Get token' }).click();

    const status = page.getByTestId('status');
    await status.waitFor();
    expect(await status.textContent()).toBe('200 OK');
    const issued = sim.issued.at(-1)!;
    expect(await page.getByTestId('token-masked').textContent()).toBe(`••••${issued.slice(-4)}`);
    const engineRequest = comparable(sim.requests.at(-1)!);

    // The pretty-printed body, with the token masked, and the decoded JWT.
    const body = await page.getByRole('tabpanel').textContent();
    expect(body).toContain('"token_type": "bearer"');
    expect(body).toContain('"expires_in": 300');
    expect(body).not.toContain(issued);
    await page.getByRole('tab', { name: 'JWT (1)' }).click();
    expect(await page.getByRole('tabpanel').textContent()).toContain('body $.access_token');
    await page.getByRole('button', { name: 'Inspect JWT' }).click();
    const inspector = page.getByRole('dialog', { name: 'JWT inspector — Access token' });
    const payload = inspector.getByRole('table', { name: 'JWT payload' });
    expect(await payload.getByRole('row', { name: /^sub/ }).textContent()).toContain(KAISA_CLIENT.clientId);
    expect(await inspector.getByRole('table', { name: 'JWT header' }).textContent()).toContain('HS256');
    expect(await inspector.getByTestId('jwt-expiry').textContent()).toMatch(/^Expires in [45] min/);
    await screenshot(page, 'kaisa-jwt');
    await inspector.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('tab', { name: 'Code' }).click();
    const shown = page.getByTestId('curl-command');
    await expect.poll(() => shown.textContent()).toContain('"$TOKENSMITH_KAISA_CLIENT_SECRET"');
    expect(await page.getByLabel('Variables to set first').textContent()).toContain(
      'export TOKENSMITH_KAISA_CLIENT_SECRET=',
    );
    await screenshot(page, 'kaisa-curl');
    await page.getByRole('button', { name: 'Copy as cURL' }).click();
    await expect.poll(() => page.locator('.toast').textContent()).toContain('cURL copied');
    const command = app.transport.clipboard.at(-1)!;
    expect(command).toBe(await shown.textContent());

    const result = await runBash(command, { TOKENSMITH_KAISA_CLIENT_SECRET: KAISA_CLIENT.clientSecret });
    expect(result.code).toBe(0);
    expect(comparable(sim.requests.at(-1)!)).toEqual(engineRequest);

    await page.getByRole('tab', { name: 'Body' }).click();
    await screenshot(page, 'kaisa-token');
    expect(problems).toEqual([]);
  });

  it.each<[string, { tokenUrl?: string; clientSecret?: string }, string, RegExp, string]>([
    [
      'a wrong secret',
      { clientSecret: 'wrong-secret' },
      'INVALID_CLIENT',
      /^Kaisa rejected the client credentials.*Check Client ID and Client secret/,
      'clientSecret',
    ],
    [
      'a maintenance page',
      { tokenUrl: '/maintenance/oauth2/token' },
      'HTTP_ERROR',
      /answered 503: the server is unavailable \("Kaisa is under maintenance"\).*try again later/,
      // The server is down, the Token URL is right: no field is to blame.
      '',
    ],
    [
      'a server that never answers',
      { tokenUrl: '/stall/oauth2/token' },
      'TIMEOUT',
      /took longer than 1 s to answer.*Check Token URL/,
      'tokenUrl',
    ],
    [
      'a server that drips its answer past the deadline',
      { tokenUrl: '/drip/oauth2/token' },
      'TIMEOUT',
      /took longer than 2 s in all to answer.*Check Token URL/,
      'tokenUrl',
    ],
  ])(
    'shows %s as one line that says what to check, and marks the field',
    async (_name, overrides, code, message, field) => {
      const { page } = await openApp(app.browser, app.transport);
      await startRequest(page, 'Kaisa (Freespee)');
      const tokenUrl = overrides.tokenUrl ? `${sim.origin}${overrides.tokenUrl}` : undefined;
      await fillKaisa(page, { ...overrides, tokenUrl });
      if (overrides.tokenUrl === '/stall/oauth2/token') {
        await page.getByText('Request options').click();
        await page.getByLabel('Timeout (seconds)').fill('1');
      }
      if (overrides.tokenUrl === '/drip/oauth2/token') {
        await page.getByText('Request options').click();
        await page.getByLabel('Deadline (seconds)').fill('2');
      }
      await page.keyboard.press('Control+Enter');
      const banner = page.getByTestId('error-banner');
      await banner.waitFor();
      expect(await banner.getAttribute('data-code')).toBe(code);
      const text = (await banner.textContent()) ?? '';
      expect(text).toMatch(message);
      expect(text).not.toContain('\n');
      if (field) expect(await page.locator(`[data-field="${field}"]`).getAttribute('aria-invalid')).toBe('true');
      else expect(await page.locator('[data-field][aria-invalid="true"]').count()).toBe(0);
      if (code === 'INVALID_CLIENT') await screenshot(page, 'kaisa-wrong-secret');
      await page.context().close();
    },
  );
});
