import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcServer, type OidcServer } from '../../fixtures/oidc/oidc-server.ts';
import { rendererHolds, screenshot } from '../../support/browser.ts';
import { copiedToken, e2eAppPerFile, getToken, maskedToken, openProvider } from '../../support/e2e-app.ts';
import { completeLoginAndConsent } from '../../support/oidc-browser.ts';
import { expectingOpener } from '../../support/recorders.ts';

let oidc: OidcServer;
beforeAll(async () => {
  oidc = await startOidcServer();
});
afterAll(async () => {
  await oidc.close();
});
/** What the system browser does with a page the app opens; set by the test that expects one. */
const systemBrowser = expectingOpener();
const app = e2eAppPerFile({ autoRenew: false, opener: systemBrowser.opener });

describe('Generic OAuth 2.0 in the app, end to end, against a real OAuth server', () => {
  it('client credentials: endpoints discovered from the Issuer', async () => {
    const { page, problems } = await openProvider(app, 'Generic OAuth 2.0');
    const client = oidc.clients.basic;
    await page.getByLabel('Issuer').fill(oidc.issuer);
    await page.getByLabel('Client ID').fill(client.clientId);
    await page.getByLabel('Client secret', { exact: true }).fill(client.clientSecret);
    await getToken(page);
    expect(await page.getByRole('navigation', { name: 'Steps of the flow' }).textContent()).toMatch(
      /1 Discover the endpoints.*2 Request a token \(client credentials\)/,
    );
    const token = await copiedToken(page, app.transport);
    expect(await maskedToken(page)).toBe(`••••${token.slice(-4)}`);
    // The server knows the token it issued: it is active, for this client.
    const introspection = await fetch(oidc.introspectionEndpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token }),
    });
    expect(await introspection.json()).toMatchObject({ active: true, client_id: client.clientId });
    await screenshot(page, 'oauth2-client-credentials');
    expect(await rendererHolds(page, client.clientSecret, token)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('authorization code with PKCE: login and consent on the real server pages', async () => {
    const { page, problems } = await openProvider(app, 'Generic OAuth 2.0');
    await page.getByLabel('Grant type').selectOption('authorization_code');
    await page.getByLabel('Issuer').fill(oidc.issuer);
    await page.getByLabel('Client ID').fill(oidc.clients.public.clientId);
    await page.getByLabel('Client authentication').selectOption('none');
    await page.getByLabel('Scope').fill('openid');

    // The system browser: its own profile, apart from the app's window.
    const system: BrowserContext = await app.browser.newContext();
    const systemPage = await system.newPage();
    let authorizationUrl: string | undefined;
    let redirected: Promise<string> | undefined;
    systemBrowser.expect((url) => {
      authorizationUrl = url;
      redirected = completeLoginAndConsent(systemPage, url, { login: 'alice' });
    });
    try {
      await page.getByRole('button', { name: 'Get token' }).click();
      await expect.poll(() => authorizationUrl).toBeDefined();
      const authorize = new URL(authorizationUrl!);
      expect(`${authorize.origin}${authorize.pathname}`).toBe(oidc.authorizationEndpoint);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      const callback = new URL(await redirected!);
      expect(callback.searchParams.get('code')).toBeTruthy();
      expect(callback.searchParams.get('state')).toBe(authorize.searchParams.get('state'));
      expect(await systemPage.textContent('body')).toContain('You can close this tab.');
    } finally {
      systemBrowser.expect(undefined);
      await system.close();
    }

    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    expect(await page.getByRole('navigation', { name: 'Steps of the flow' }).textContent()).toMatch(
      /1 Discover the endpoints.*2 Authorize in the browser.*3 Exchange the code/,
    );
    const token = await copiedToken(page, app.transport);
    expect(await maskedToken(page)).toBe(`••••${token.slice(-4)}`);
    await page.getByRole('tab', { name: 'Request' }).click();
    expect(await page.getByRole('tabpanel').textContent()).toMatch(/code_verifier=/);
    await screenshot(page, 'oauth2-authorization-code');
    expect(await rendererHolds(page, token)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
