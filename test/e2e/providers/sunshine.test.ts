import { jwtVerify, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startSunshineSimulator,
  SUNSHINE_APP_KEY,
  SUNSHINE_CLIENT,
  type SunshineSimulator,
} from '../../fixtures/simulators/sunshine.ts';
import { rendererHolds, screenshot } from '../../support/browser.ts';
import { copiedToken, e2eAppPerFile, maskedToken, openProvider } from '../../support/e2e-app.ts';

let sunshine: SunshineSimulator;
beforeAll(async () => {
  sunshine = await startSunshineSimulator();
});
afterAll(async () => {
  await sunshine.close();
});
// The system browser only notes the pages the app asks it to open (`transport.opened`).
const app = e2eAppPerFile({ autoRenew: false });

/** The pages the app asked the system browser to open since `before` of them. */
const openedSince = (before: number): string[] => app.transport.opened.slice(before);

describe('Sunshine Conversations in the app, end to end', () => {
  it('OAuth (authorization code): waits for the browser, then exchanges the code and checks the token', async () => {
    const { page, problems } = await openProvider(app, 'Sunshine Conversations (OAuth)');
    await page.getByLabel('API base URL').fill(sunshine.baseUrl);
    await page.getByLabel('Client ID').fill(SUNSHINE_CLIENT.clientId);
    await page.getByLabel('Client secret', { exact: true }).fill(SUNSHINE_CLIENT.clientSecret);
    const before = app.transport.opened.length;
    await page.getByRole('button', { name: 'Get token' }).click();

    const address = page.getByLabel('Address to open');
    await address.waitFor();
    await expect.poll(() => openedSince(before).length).toBe(1);
    const authorizationUrl = openedSince(before)[0]!;
    expect(await address.inputValue()).toBe(authorizationUrl);
    expect(await page.getByText('Authorize in the browser — waiting for the browser').isVisible()).toBe(true);
    await screenshot(page, 'sunshine-waiting');

    // The system browser: the user approves on Sunshine's consent page.
    const consent = await page.context().newPage();
    await consent.goto(authorizationUrl);
    await consent.getByRole('button', { name: 'Allow' }).click();
    await consent.waitForURL(/127\.0\.0\.1:\d+\/callback/);
    expect(await consent.textContent('body')).toContain('You can close this tab.');
    expect(await consent.textContent('body')).not.toContain(new URL(consent.url()).searchParams.get('code')!);

    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    expect(await page.getByRole('navigation', { name: 'Steps of the flow' }).textContent()).toMatch(
      /1 Authorize in the browser.*2 Exchange the code.*3 List apps/,
    );
    expect(await maskedToken(page)).toBe(`••••${sunshine.issued.at(-1)!.slice(-4)}`);
    await screenshot(page, 'sunshine-token');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('app JWT: signed locally with the key secret, no network', async () => {
    const { page, problems } = await openProvider(app, 'Sunshine Conversations (app JWT)');
    const before = app.transport.opened.length;
    await page.getByLabel('Key ID').fill(SUNSHINE_APP_KEY.keyId);
    await page.getByLabel('Key secret', { exact: true }).fill(SUNSHINE_APP_KEY.secret);
    await page.getByRole('button', { name: 'Get token' }).click();
    await page.getByTestId('token-masked').waitFor();
    expect(await page.getByTestId('error-banner').count()).toBe(0);
    const token = await copiedToken(page, app.transport);
    expect(await maskedToken(page)).toBe(`••••${token.slice(-4)}`);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', kid: SUNSHINE_APP_KEY.keyId });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(SUNSHINE_APP_KEY.secret));
    expect(payload.scope).toBe('app');
    // Nothing went over the network: the only step made no request, and no browser page was opened.
    expect(await page.getByTestId('status').count()).toBe(0);
    expect(openedSince(before)).toEqual([]);
    await screenshot(page, 'sunshine-jwt-token');
    expect(await rendererHolds(page, SUNSHINE_APP_KEY.secret, token)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
