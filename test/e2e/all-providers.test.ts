import { jwtVerify, decodeProtectedHeader } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcServer, type OidcServer } from '../fixtures/oidc/oidc-server.ts';
import {
  KHOROS_API_TOKEN,
  KHOROS_CLIENT,
  startKhorosSimulator,
  type KhorosSimulator,
} from '../fixtures/simulators/khoros.ts';
import { KINETIC_CLIENT, startKineticSimulator, type KineticSimulator } from '../fixtures/simulators/kinetic.ts';
import { SUNSHINE_APP_KEY } from '../fixtures/simulators/sunshine.ts';
import { launchChromium, openApp, rendererHolds, screenshot, startRequest } from '../support/browser.ts';
import { completeLoginAndConsent } from '../support/oidc-browser.ts';
import { expectingOpener } from '../support/recorders.ts';
import { startTestTransport, type TestTransport } from '../support/test-transport.ts';

/**
 * Every built-in profile not covered elsewhere (kaisa.test.ts, providers.test.ts), from the first-run
 * screen to a token through the UI: the status, the masked token, and no typed secret (nor the token)
 * left anywhere in the renderer.
 */

let kinetic: KineticSimulator;
let khoros: KhorosSimulator;
let oidc: OidcServer;
let transport: TestTransport;
let browser: Browser;
/** What the system browser does with a page the app opens; set by the test that expects one. */
const systemBrowser = expectingOpener();

beforeAll(async () => {
  [kinetic, khoros, oidc] = await Promise.all([startKineticSimulator(), startKhorosSimulator(), startOidcServer()]);
  transport = await startTestTransport({
    autoRenew: false,
    opener: systemBrowser.opener,
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await transport.close();
  await Promise.all([kinetic.close(), khoros.close(), oidc.close()]);
});

/** A fresh window on the first-run screen, then the provider's form. */
async function start(profileName: string): Promise<{ page: Page; problems: string[] }> {
  const opened = await openApp(browser, transport);
  await opened.page.getByRole('heading', { name: /Get your first token|New request/ }).waitFor();
  await startRequest(opened.page, profileName);
  return opened;
}

async function getToken(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
  expect(await page.getByTestId('error-banner').count()).toBe(0);
}

/** The token as main hands it to the clipboard: the renderer itself never sees it. */
async function copiedToken(page: Page): Promise<string> {
  const before = transport.clipboard.length;
  await page.getByRole('button', { name: 'Copy token' }).click();
  await expect.poll(() => transport.clipboard.length).toBe(before + 1);
  return transport.clipboard.at(-1)!;
}

async function masked(page: Page): Promise<string | null> {
  return page.getByTestId('token-masked').textContent();
}

async function stepChip(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Steps of the flow' }).getByRole('button', { name }).click();
}

describe('every other profile, from an empty app to a token', () => {
  it('Kinetic Platform: client credentials with HTTP Basic, a JWT, and the who-am-I check', async () => {
    const { page, problems } = await start('Kinetic Platform');
    await page.getByLabel('Server').fill(kinetic.server);
    await page.getByLabel('Client ID').fill(KINETIC_CLIENT.clientId);
    await page.getByLabel('Client secret', { exact: true }).fill(KINETIC_CLIENT.clientSecret);
    await getToken(page);
    const issued = kinetic.issued.at(-1)!;
    expect(await masked(page)).toBe(`••••${issued.slice(-4)}`);
    expect(await page.getByLabel('Token', { exact: true }).textContent()).toContain('JWT (HS256)');
    await stepChip(page, /Who am I/);
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    expect(await page.getByRole('tabpanel').textContent()).toContain(KINETIC_CLIENT.displayName);
    await screenshot(page, 'kinetic-token');
    expect(await rendererHolds(page, KINETIC_CLIENT.clientSecret, issued)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('Sunshine app JWT: signed locally with the key secret, no network', async () => {
    const { page, problems } = await start('Sunshine Conversations (app JWT)');
    await page.getByLabel('Key ID').fill(SUNSHINE_APP_KEY.keyId);
    await page.getByLabel('Key secret', { exact: true }).fill(SUNSHINE_APP_KEY.secret);
    await page.getByRole('button', { name: 'Get token' }).click();
    await page.getByTestId('token-masked').waitFor();
    expect(await page.getByTestId('error-banner').count()).toBe(0);
    const token = await copiedToken(page);
    expect(await masked(page)).toBe(`••••${token.slice(-4)}`);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', kid: SUNSHINE_APP_KEY.keyId });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(SUNSHINE_APP_KEY.secret));
    expect(payload.scope).toBe('app');
    // Nothing went over the network: the only step made no request.
    expect(await page.getByTestId('status').count()).toBe(0);
    await screenshot(page, 'sunshine-jwt-token');
    expect(await rendererHolds(page, SUNSHINE_APP_KEY.secret, token)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('Khoros Marketing (OAuth): /authorize, the login at /grant, /token, then /v2/me', async () => {
    const { page, problems } = await start('Khoros Marketing (OAuth)');
    await page.getByLabel('Auth base URL').fill(khoros.authBaseUrl);
    await page.getByLabel('API base URL').fill(khoros.apiBaseUrl);
    await page.getByLabel('Client ID').fill(KHOROS_CLIENT.clientId);
    await page.getByLabel('Client secret', { exact: true }).fill(KHOROS_CLIENT.clientSecret);
    await page.getByLabel('Login email').fill(KHOROS_CLIENT.loginEmail);
    await page.getByLabel('Login password', { exact: true }).fill(KHOROS_CLIENT.loginPassword);
    await page.getByLabel('Redirect URI').fill(KHOROS_CLIENT.redirectUri);
    await getToken(page);
    const issued = khoros.issued.at(-1)!;
    expect(await masked(page)).toBe(`••••${issued.slice(-4)}`);
    expect(await page.getByRole('navigation', { name: 'Steps of the flow' }).textContent()).toMatch(
      /1 Open \/authorize.*2 Log in at \/grant.*3 Exchange the code at \/token.*4 Who am I \(\/v2\/me\)/,
    );
    expect(khoros.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /v1/oauth/authorize',
      'POST /v1/oauth/grant',
      'POST /v1/oauth/token',
      'GET /v2/me',
    ]);
    await stepChip(page, /Who am I/);
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    expect(await page.getByRole('tabpanel').textContent()).toContain(KHOROS_CLIENT.loginEmail);
    await screenshot(page, 'khoros-token');
    expect(await rendererHolds(page, KHOROS_CLIENT.clientSecret, KHOROS_CLIENT.loginPassword, issued)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('Khoros Marketing (API access token): the pasted token, checked with /v2/me', async () => {
    const { page, problems } = await start('Khoros Marketing (API access token)');
    await page.getByLabel('API base URL').fill(khoros.apiBaseUrl);
    await page.getByLabel('API access token', { exact: true }).fill(KHOROS_API_TOKEN);
    await getToken(page);
    expect(await masked(page)).toBe(`••••${KHOROS_API_TOKEN.slice(-4)}`);
    const check = khoros.requests.at(-1)!;
    expect(`${check.method} ${check.path} ${check.headers.authorization}`).toBe(
      `GET /v2/me Bearer ${KHOROS_API_TOKEN}`,
    );
    expect(await page.getByRole('tabpanel').textContent()).toContain(KHOROS_CLIENT.loginEmail);
    await screenshot(page, 'khoros-token-pasted');
    expect(await rendererHolds(page, KHOROS_API_TOKEN)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('Generic OAuth 2.0, client credentials: endpoints discovered from the Issuer', async () => {
    const { page, problems } = await start('Generic OAuth 2.0');
    const client = oidc.clients.basic;
    await page.getByLabel('Issuer').fill(oidc.issuer);
    await page.getByLabel('Client ID').fill(client.clientId);
    await page.getByLabel('Client secret', { exact: true }).fill(client.clientSecret);
    await getToken(page);
    expect(await page.getByRole('navigation', { name: 'Steps of the flow' }).textContent()).toMatch(
      /1 Discover the endpoints.*2 Request a token \(client credentials\)/,
    );
    const token = await copiedToken(page);
    expect(await masked(page)).toBe(`••••${token.slice(-4)}`);
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

  it('Generic OAuth 2.0, authorization code with PKCE: login and consent on the real server pages', async () => {
    const { page, problems } = await start('Generic OAuth 2.0');
    await page.getByLabel('Grant type').selectOption('authorization_code');
    await page.getByLabel('Issuer').fill(oidc.issuer);
    await page.getByLabel('Client ID').fill(oidc.clients.public.clientId);
    await page.getByLabel('Client authentication').selectOption('none');
    await page.getByLabel('Scope').fill('openid');

    // The system browser: its own profile, apart from the app's window.
    const system: BrowserContext = await browser.newContext();
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
    const token = await copiedToken(page);
    expect(await masked(page)).toBe(`••••${token.slice(-4)}`);
    await page.getByRole('tab', { name: 'Request' }).click();
    expect(await page.getByRole('tabpanel').textContent()).toMatch(/code_verifier=/);
    await screenshot(page, 'oauth2-authorization-code');
    expect(await rendererHolds(page, token)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
