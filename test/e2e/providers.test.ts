import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPN_CLIENT, startKpnSimulator, type KpnSimulator } from '../fixtures/simulators/kpn.ts';
import { startSunshineSimulator, SUNSHINE_CLIENT, type SunshineSimulator } from '../fixtures/simulators/sunshine.ts';
import { launchChromium, openApp, screenshot, startRequest } from '../support/browser.ts';
import { startTestTransport, type TestTransport } from '../support/test-transport.ts';

let kpn: KpnSimulator;
let sunshine: SunshineSimulator;
let transport: TestTransport;
let browser: Browser;
/** Authorization pages the app asked the system browser to open. */
const toOpen: string[] = [];

beforeAll(async () => {
  kpn = await startKpnSimulator();
  sunshine = await startSunshineSimulator();
  transport = await startTestTransport({
    autoRenew: false,
    opener: (url) => {
      toOpen.push(url);
      return Promise.resolve();
    },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await transport.close();
  await kpn.close();
  await sunshine.close();
});

describe('any profile from the picker', () => {
  it('KPN (client credentials): the generated form gets a token and shows the Apigee quirks', async () => {
    const { page, problems } = await openApp(browser, transport);
    await startRequest(page, 'KPN API Store');
    await page.getByLabel('Token URL').fill(kpn.tokenUrl);
    await page.getByLabel('Client ID').fill(KPN_CLIENT.clientId);
    await page.getByLabel('Client secret', { exact: true }).fill(KPN_CLIENT.clientSecret);
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    // The quirks are notes, folded: open them.
    await page
      .getByLabel('Token')
      .getByText(/^Notes \(\d+\)$/)
      .click();
    const warnings = await page.getByLabel('Token').getByRole('list', { name: 'Notes' }).textContent();
    expect(warnings).toContain('"token_type" is "BearerToken"; treated as Bearer.');
    expect(await page.getByTestId('token-masked').textContent()).toBe(`••••${kpn.issued.at(-1)!.slice(-4)}`);
    await screenshot(page, 'kpn-token');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('Sunshine (authorization code): waits for the browser, then exchanges the code and checks the token', async () => {
    const { page, problems } = await openApp(browser, transport);
    await startRequest(page, 'Sunshine Conversations (OAuth)');
    await page.getByLabel('API base URL').fill(sunshine.baseUrl);
    await page.getByLabel('Client ID').fill(SUNSHINE_CLIENT.clientId);
    await page.getByLabel('Client secret', { exact: true }).fill(SUNSHINE_CLIENT.clientSecret);
    toOpen.length = 0;
    await page.getByRole('button', { name: 'Get token' }).click();

    const address = page.getByLabel('Address to open');
    await address.waitFor();
    await expect.poll(() => toOpen.length).toBe(1);
    expect(await address.inputValue()).toBe(toOpen[0]);
    expect(await page.getByText('Authorize in the browser — waiting for the browser').isVisible()).toBe(true);
    await screenshot(page, 'sunshine-waiting');

    // The system browser: the user approves on Sunshine's consent page.
    const consent = await page.context().newPage();
    await consent.goto(toOpen[0]!);
    await consent.getByRole('button', { name: 'Allow' }).click();
    await consent.waitForURL(/127\.0\.0\.1:\d+\/callback/);
    expect(await consent.textContent('body')).toContain('You can close this tab.');
    expect(await consent.textContent('body')).not.toContain(new URL(consent.url()).searchParams.get('code')!);

    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    expect(await page.getByRole('navigation', { name: 'Steps of the flow' }).textContent()).toMatch(
      /1 Authorize in the browser.*2 Exchange the code.*3 List apps/,
    );
    expect(await page.getByTestId('token-masked').textContent()).toBe(`••••${sunshine.issued.at(-1)!.slice(-4)}`);
    await screenshot(page, 'sunshine-token');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
