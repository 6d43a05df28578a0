import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KHOROS_API_TOKEN,
  KHOROS_CLIENT,
  startKhorosSimulator,
  type KhorosSimulator,
} from '../../fixtures/simulators/khoros.ts';
import { rendererHolds, screenshot } from '../../support/browser.ts';
import { e2eAppPerFile, getToken, maskedToken, openProvider, openStep } from '../../support/e2e-app.ts';

let khoros: KhorosSimulator;
beforeAll(async () => {
  khoros = await startKhorosSimulator();
});
afterAll(async () => {
  await khoros.close();
});
const app = e2eAppPerFile({ autoRenew: false });

describe('Khoros Marketing in the app, end to end', () => {
  it('OAuth: /authorize, the login at /grant, /token, then /v2/me', async () => {
    const { page, problems } = await openProvider(app, 'Khoros Marketing (OAuth)');
    await page.getByLabel('Auth base URL').fill(khoros.authBaseUrl);
    await page.getByLabel('API base URL').fill(khoros.apiBaseUrl);
    await page.getByLabel('Client ID').fill(KHOROS_CLIENT.clientId);
    await page.getByLabel('Client secret', { exact: true }).fill(KHOROS_CLIENT.clientSecret);
    await page.getByLabel('Login email').fill(KHOROS_CLIENT.loginEmail);
    await page.getByLabel('Login password', { exact: true }).fill(KHOROS_CLIENT.loginPassword);
    await page.getByLabel('Redirect URI').fill(KHOROS_CLIENT.redirectUri);
    await getToken(page);
    const issued = khoros.issued.at(-1)!;
    expect(await maskedToken(page)).toBe(`••••${issued.slice(-4)}`);
    expect(await page.getByRole('navigation', { name: 'Steps of the flow' }).textContent()).toMatch(
      /1 Open \/authorize.*2 Log in at \/grant.*3 Exchange the code at \/token.*4 Who am I \(\/v2\/me\)/,
    );
    expect(khoros.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /v1/oauth/authorize',
      'POST /v1/oauth/grant',
      'POST /v1/oauth/token',
      'GET /v2/me',
    ]);
    // The app itself calls /authorize and logs in: the system browser is never opened.
    expect(app.transport.opened).toEqual([]);
    await openStep(page, /Who am I/);
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    expect(await page.getByRole('tabpanel').textContent()).toContain(KHOROS_CLIENT.loginEmail);
    await screenshot(page, 'khoros-token');
    expect(await rendererHolds(page, KHOROS_CLIENT.clientSecret, KHOROS_CLIENT.loginPassword, issued)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('API access token: the pasted token, checked with /v2/me', async () => {
    const { page, problems } = await openProvider(app, 'Khoros Marketing (API access token)');
    await page.getByLabel('API base URL').fill(khoros.apiBaseUrl);
    await page.getByLabel('API access token', { exact: true }).fill(KHOROS_API_TOKEN);
    await getToken(page);
    expect(await maskedToken(page)).toBe(`••••${KHOROS_API_TOKEN.slice(-4)}`);
    const check = khoros.requests.at(-1)!;
    expect(`${check.method} ${check.path} ${check.headers.authorization}`).toBe(
      `GET /v2/me Bearer ${KHOROS_API_TOKEN}`,
    );
    expect(await page.getByRole('tabpanel').textContent()).toContain(KHOROS_CLIENT.loginEmail);
    await screenshot(page, 'khoros-token-pasted');
    expect(app.transport.opened).toEqual([]);
    expect(await rendererHolds(page, KHOROS_API_TOKEN)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
