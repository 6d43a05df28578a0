import { createServer, type AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_RESOURCE, API_SCOPE, startOidcServer, type OidcServer } from '../fixtures/oidc/oidc-server.ts';
import { launchChromium, openApp, screenshot, startRequest } from '../support/browser.ts';
import { completeLoginAndConsent } from '../support/oidc-browser.ts';
import { expectingOpener } from '../support/recorders.ts';
import { startTestTransport, type TestTransport } from '../support/test-transport.ts';

/**
 * The OAuth leftovers of issues 15 and 18 as a person meets them: the client authentication the
 * server accepts, chosen before the first run.
 */

/** Accepts credentials in the body only (and public clients), and says so in its discovery document. */
let bodyOnly: OidcServer;
/** oidc-provider as it comes: every feature, every client. */
let oidc: OidcServer;
const transports: TestTransport[] = [];
/** The system browser: oidc-provider's login and consent pages, completed in a page of its own. */
const systemBrowser = expectingOpener();
let browser: Browser;

beforeAll(async () => {
  [bodyOnly, oidc] = await Promise.all([
    startOidcServer({ clientAuthMethods: ['client_secret_post', 'none'] }),
    startOidcServer(),
  ]);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await Promise.all(transports.map((transport) => transport.close()));
  await Promise.all([bodyOnly.close(), oidc.close()]);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function open(
  options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<{ page: Page; problems: string[]; server: TestTransport }> {
  const server = await startTestTransport({ autoRenew: false, opener: systemBrowser.opener });
  transports.push(server);
  const opened = await openApp(browser, server, options.colorScheme ? { colorScheme: options.colorScheme } : {});
  await opened.page.setViewportSize({ width: options.width ?? 1280, height: options.height ?? 800 });
  return { ...opened, server };
}

/** A client-credentials token of the basic client, from the Token URL alone (nothing discovered). */
async function getTokenWithoutDiscovery(page: Page): Promise<void> {
  await startRequest(page, 'Generic OAuth 2.0');
  await page.getByLabel('Token URL').fill(oidc.tokenEndpoint);
  await page.getByLabel('Client ID').fill(oidc.clients.basic.clientId);
  await page.getByLabel('Client secret', { exact: true }).fill(oidc.clients.basic.clientSecret);
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
}

/**
 * An OpenID Connect code flow of the public client, the login and consent done in a system
 * browser; `nonce` sends one of the user's own (which the ID token then echoes, not Tokensmith's).
 */
async function signIn(page: Page, options: { nonce?: string } = {}): Promise<void> {
  await startRequest(page, 'Generic OAuth 2.0');
  await page.getByLabel('Grant type').selectOption('authorization_code');
  await page.getByLabel('Issuer').fill(oidc.issuer);
  await page.getByLabel('Client ID').fill(oidc.clients.public.clientId);
  await page.getByLabel('Client authentication').selectOption('none');
  await page.getByLabel('Scope').fill('openid');
  if (options.nonce) {
    await page.getByRole('button', { name: 'Add a parameter' }).click();
    await page.getByLabel('Where parameter 1 goes').selectOption('authorize');
    await page.getByLabel('Name of parameter 1').fill('nonce');
    await page.getByLabel('Value of parameter 1').fill(options.nonce);
  }
  const system = await browser.newContext();
  const systemPage = await system.newPage();
  let redirected: Promise<string> | undefined;
  systemBrowser.expect((url) => {
    redirected = completeLoginAndConsent(systemPage, url);
  });
  try {
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect.poll(() => redirected).toBeDefined();
    await redirected;
  } finally {
    systemBrowser.expect(undefined);
    await system.close();
  }
}

/**
 * Scrolls a part into its pane for a screenshot. Scrolling it into view moves the window too (a
 * person's wheel never does): the window goes back to where it was.
 */
async function reveal(locator: Locator): Promise<void> {
  await locator.scrollIntoViewIfNeeded();
  await locator.page().evaluate('document.scrollingElement.scrollTo(0, 0)');
}

/**
 * Screenshots the screen and scans the part it shows with axe-core (the a11y test scans the main
 * screens whole): its serious and critical findings must be none.
 */
async function capture(page: Page, name: string, part: string): Promise<string[]> {
  await screenshot(page, name);
  const results = await new AxeBuilder({ page }).include(part).setLegacyMode(true).analyze();
  const found = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(found, name).toEqual([]);
  return found;
}

async function showTokens(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Tokens/ }).click();
  await page.getByRole('region', { name: 'Token ledger' }).waitFor();
}

describe('the client authentication the server accepts, before the first run', () => {
  it.each([
    { width: 900, height: 600, colorScheme: 'light' as const },
    { width: 1280, height: 800, colorScheme: 'dark' as const },
  ])(
    'preselects credentials in the body for a server that does not accept the header ($width×$height, $colorScheme)',
    async ({ width, height, colorScheme }) => {
      const { page, problems } = await open({ width, height, colorScheme });
      await startRequest(page, 'Generic OAuth 2.0');
      const clientAuth = page.getByLabel('Client authentication', { exact: true });
      expect(await clientAuth.inputValue()).toBe('basic');
      await page.getByLabel('Issuer').fill(bodyOnly.issuer);
      await expect.poll(() => clientAuth.inputValue()).toBe('form');
      const note = page.getByTestId('note-clientAuth');
      expect(await note.textContent()).toBe(
        'Chosen from the server’s discovery document, which accepts: credentials in the body, no client authentication (a public client).',
      );
      await reveal(note);
      await capture(page, `client-auth-from-discovery-${width}-${colorScheme}`, '.provider-form');

      // The client registered for client_secret_post gets its token at the first try.
      await page.getByLabel('Client ID').fill(bodyOnly.clients.post.clientId);
      await page.getByLabel('Client secret', { exact: true }).fill(bodyOnly.clients.post.clientSecret);
      await page.getByRole('button', { name: 'Get token' }).click();
      await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');

      // A method the user picks is theirs: the note goes, and discovery does not move it back.
      await clientAuth.selectOption('private_key_jwt');
      expect(await note.count()).toBe(0);
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );
});

describe('Revoke asks for what it needs, in the ledger', () => {
  it.each([
    { width: 900, height: 600, colorScheme: 'dark' as const },
    { width: 1280, height: 800, colorScheme: 'light' as const },
  ])(
    'offers the Revocation URL inline when nothing discovered it, revokes, then says why Revoke is off ($width×$height, $colorScheme)',
    async ({ width, height, colorScheme }) => {
      const { page, problems } = await open({ width, height, colorScheme });
      await getTokenWithoutDiscovery(page);
      await showTokens(page);
      const revoke = page.getByRole('button', { name: 'Revoke the Generic OAuth 2.0 token' });
      expect(await revoke.getAttribute('title')).toBe('Revoke needs Revocation URL');
      await revoke.click();
      const form = page.getByRole('form', { name: 'Revoke the Generic OAuth 2.0 token' });
      const url = form.getByLabel('Revocation URL');
      // The keyboard is where the typing is.
      await expect.poll(() => page.evaluate(`document.activeElement?.getAttribute('type')`)).toBe('url');
      expect(await page.evaluate(`document.activeElement?.closest('form')?.getAttribute('aria-label')`)).toBe(
        'Revoke the Generic OAuth 2.0 token',
      );
      await url.fill(oidc.revocationEndpoint);
      await capture(page, `ledger-revoke-needs-${width}-${colorScheme}`, '.ledger');
      await form.getByRole('button', { name: 'Revoke' }).click();
      await expect.poll(() => page.locator('.toast').first().textContent()).toContain('Token revoked.');
      await expect.poll(() => page.getByTestId('ledger-row').first().getAttribute('data-status')).toBe('revoked');
      expect(await form.count()).toBe(0);
      // Revoke is off now, and its tooltip says why.
      expect(await revoke.isDisabled()).toBe(true);
      expect(await revoke.getAttribute('title')).toBe('This token is revoked already.');
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );
});

describe('the ID token’s checks in the response view', () => {
  it.each([
    { width: 900, height: 600, colorScheme: 'light' as const },
    { width: 1280, height: 800, colorScheme: 'dark' as const },
  ])(
    'lists each check as passed after a sign-in ($width×$height, $colorScheme)',
    async ({ width, height, colorScheme }) => {
      const { page, problems } = await open({ width, height, colorScheme });
      await signIn(page);
      await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
      const checks = page.getByRole('region', { name: 'ID token checks' });
      expect(await checks.getByRole('heading').textContent()).toMatch(/^ID token: all \d+ checks passed$/);
      const passed: (string | null)[][] = [];
      for (const item of await checks.locator('li').all())
        passed.push([await item.getAttribute('data-check'), await item.getAttribute('data-ok')]);
      expect(passed).toEqual(
        expect.arrayContaining(['signature', 'iss', 'aud', 'exp', 'iat', 'nonce'].map((name) => [name, 'true'])),
      );
      expect(passed.every(([, ok]) => ok === 'true')).toBe(true);
      await reveal(checks);
      await capture(page, `id-token-checks-${width}-${colorScheme}`, '.id-token-checks');
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );

  it.each([
    { width: 900, height: 600, colorScheme: 'dark' as const },
    { width: 1280, height: 800, colorScheme: 'light' as const },
  ])(
    'shows a failed nonce check as the run’s error and marks it in the list ($width×$height, $colorScheme)',
    async ({ width, height, colorScheme }) => {
      const { page, problems } = await open({ width, height, colorScheme });
      await signIn(page, { nonce: 'someone-elses-nonce' });
      const banner = page.getByTestId('error-banner');
      await banner.waitFor();
      expect(await banner.getAttribute('data-code')).toBe('ID_TOKEN_INVALID');
      expect(await banner.textContent()).toContain('"nonce"');
      const checks = page.getByRole('region', { name: 'ID token checks' });
      expect(await checks.getAttribute('data-valid')).toBe('false');
      expect(await checks.getByRole('heading').textContent()).toMatch(/^ID token rejected: 1 of \d+ checks failed$/);
      const nonce = checks.locator('li[data-check="nonce"]');
      expect(await nonce.getAttribute('data-ok')).toBe('false');
      expect(await nonce.textContent()).toContain('failed');
      expect(await checks.locator('li[data-check="signature"]').getAttribute('data-ok')).toBe('true');
      await reveal(checks);
      await capture(page, `id-token-failed-${width}-${colorScheme}`, '.id-token-checks');
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );
});

describe('a token’s binding and what the server says of it', () => {
  it.each([
    { width: 900, height: 600, colorScheme: 'dark' as const },
    { width: 1280, height: 800, colorScheme: 'light' as const },
  ])(
    'the JWT inspector shows cnf.jkt matching the ledger’s DPoP key, and offers Introspect ($width×$height, $colorScheme)',
    async ({ width, height, colorScheme }) => {
      const { page, problems } = await open({ width, height, colorScheme });
      await startRequest(page, 'Generic OAuth 2.0');
      await page.getByLabel('Issuer').fill(oidc.issuer);
      await page.getByLabel('Client ID').fill(oidc.clients.basic.clientId);
      await page.getByLabel('Client secret', { exact: true }).fill(oidc.clients.basic.clientSecret);
      await page.getByLabel('Scope').fill(API_SCOPE);
      await page.getByLabel('Resource').fill(API_RESOURCE);
      await page.getByLabel('Bind the token to a key (DPoP)').selectOption('ES256');
      await page.getByRole('button', { name: 'Get token' }).click();
      await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
      await page.getByRole('button', { name: 'Inspect JWT' }).click();
      const dialog = page.getByRole('dialog');
      const bound = dialog.getByRole('region', { name: 'Bound to' });
      const jkt = bound.locator('li[data-member="jkt"]');
      await expect.poll(() => jkt.getAttribute('data-matches')).toBe('true');
      expect(await jkt.textContent()).toContain('Matches the DPoP key this token is kept with.');

      // oidc-provider introspects opaque tokens only: the inspector shows what it answers for a JWT.
      await dialog.getByRole('button', { name: 'Introspect' }).click();
      const answer = dialog.getByRole('region', { name: 'Introspection' });
      await expect.poll(() => answer.textContent()).toContain('unsupported_token_type');
      expect(await answer.locator('.field-error').count()).toBe(1);
      await reveal(jkt);
      await capture(page, `jwt-inspector-binding-${width}-${colorScheme}`, '.modal');
      await reveal(answer);
      await capture(page, `jwt-inspector-introspect-${width}-${colorScheme}`, '.modal');
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );

  it.each([
    { width: 900, height: 600, colorScheme: 'light' as const },
    { width: 1280, height: 800, colorScheme: 'dark' as const },
  ])(
    'the ledger introspects an opaque token: active, then not active once revoked ($width×$height, $colorScheme)',
    async ({ width, height, colorScheme }) => {
      const { page, problems } = await open({ width, height, colorScheme });
      await startRequest(page, 'Generic OAuth 2.0');
      await page.getByLabel('Issuer').fill(oidc.issuer);
      await page.getByLabel('Client ID').fill(oidc.clients.basic.clientId);
      await page.getByLabel('Client secret', { exact: true }).fill(oidc.clients.basic.clientSecret);
      await page.getByRole('button', { name: 'Get token' }).click();
      await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
      await showTokens(page);
      // An opaque token: no JWT to inspect, and still something to ask the server about.
      expect(await page.getByRole('button', { name: 'Inspect the Generic OAuth 2.0 JWT' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Introspect the Generic OAuth 2.0 token' }).click();
      const region = page.getByRole('region', { name: 'Introspection' });
      const active = region.getByTestId('introspection-active');
      await expect.poll(() => active.getAttribute('data-active')).toBe('true');
      expect(await region.textContent()).toContain(oidc.clients.basic.clientId);
      await capture(page, `ledger-introspection-${width}-${colorScheme}`, '.ledger');

      await page.getByRole('button', { name: 'Revoke the Generic OAuth 2.0 token' }).click();
      await expect.poll(() => page.getByTestId('ledger-row').first().getAttribute('data-status')).toBe('revoked');
      await page.getByRole('button', { name: 'Introspect the Generic OAuth 2.0 token' }).click();
      await expect.poll(() => active.getAttribute('data-active')).toBe('false');
      expect(await active.textContent()).toBe('Not active');
      await region.getByRole('button', { name: 'Hide' }).click();
      expect(await region.count()).toBe(0);
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );
});

describe('UserInfo as the follow-up of a sign-in', () => {
  it.each([
    { width: 900, height: 600, colorScheme: 'dark' as const },
    { width: 1280, height: 800, colorScheme: 'light' as const },
  ])(
    'offers UserInfo under the response and shows who signed in ($width×$height, $colorScheme)',
    async ({ width, height, colorScheme }) => {
      const { page, problems } = await open({ width, height, colorScheme });
      await signIn(page);
      await expect.poll(() => page.getByTestId('status').first().textContent()).toBe('200 OK');
      const userinfo = page.getByRole('region', { name: 'UserInfo' });
      await userinfo.getByRole('button', { name: 'Call UserInfo' }).click();
      await expect.poll(() => userinfo.getByTestId('status').textContent()).toBe('200 OK');
      const sent = userinfo.getByRole('tab', { name: 'Request' });
      await sent.click();
      expect(await userinfo.locator('.request-line').textContent()).toBe(`GET ${oidc.userinfoEndpoint}`);
      await userinfo.getByRole('tab', { name: 'Body' }).click();
      expect(await userinfo.getByRole('tabpanel').textContent()).toContain('"sub"');
      await reveal(userinfo);
      await capture(page, `userinfo-followup-${width}-${colorScheme}`, '.userinfo');
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );

  it('offers no UserInfo for a token got without openid', async () => {
    const { page, problems } = await open();
    await getTokenWithoutDiscovery(page);
    expect(await page.getByRole('region', { name: 'UserInfo' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe('PAR and JAR in “What will be sent” and the Code tab', () => {
  it.each([
    { width: 900, height: 600, colorScheme: 'light' as const },
    { width: 1280, height: 800, colorScheme: 'dark' as const },
  ])(
    'previews the pushed request, then the browser URL with only client_id and request_uri; JAR as a request object ($width×$height, $colorScheme)',
    async ({ width, height, colorScheme }) => {
      const { page, problems } = await open({ width, height, colorScheme });
      await startRequest(page, 'Generic OAuth 2.0');
      await page.getByLabel('Grant type').selectOption('authorization_code');
      await page.getByLabel('Issuer').fill(oidc.issuer);
      await page.getByLabel('Client ID').fill(oidc.clients.public.clientId);
      await page.getByLabel('Client authentication').selectOption('none');
      await page.getByLabel('Scope').fill('openid');
      await page.getByLabel('Send the authorization request first (PAR)').selectOption('on');
      const preview = page.locator('.step-preview');
      await page.getByText('What will be sent').click();
      await expect.poll(() => preview.textContent()).toContain('Send the authorization request first (PAR)');
      const blocks = await preview.locator('li').allTextContents();
      const pushed = blocks.findIndex((text) => text.startsWith('Send the authorization request first (PAR)'));
      const browser = blocks.findIndex((text) => text.startsWith('Authorize in the browser'));
      expect(pushed).toBeGreaterThan(-1);
      expect(browser).toBe(pushed + 1);
      expect(blocks[pushed]).toMatch(/POST .*\n[\s\S]*response_type=code/);
      expect(blocks[browser]).toMatch(/\?client_id=public-client&request_uri=TOKENSMITH_PENDING_REQUEST_URI$/);
      await reveal(preview.locator('li').nth(pushed));
      await capture(page, `preview-par-${width}-${colorScheme}`, '.step-preview');

      // JAR without PAR: the browser URL carries the signed request object.
      await page.getByLabel('Send the authorization request first (PAR)').selectOption('off');
      await page.getByLabel('Client authentication').selectOption('basic');
      await page.getByLabel('Client secret', { exact: true }).fill('a secret that signs');
      await page.getByLabel('Sign the authorization request (JAR)').selectOption('signed');
      await expect.poll(() => preview.textContent()).toMatch(/&request=eyJ/);
      expect(await preview.textContent()).not.toContain('Send the authorization request first (PAR)');
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );

  it('after a run with PAR, the pushed request is a step of its own with its cURL command in the Code tab (dark)', async () => {
    const { page, problems } = await open({ colorScheme: 'dark' });
    await startRequest(page, 'Generic OAuth 2.0');
    await page.getByLabel('Grant type').selectOption('authorization_code');
    await page.getByLabel('Issuer').fill(oidc.issuer);
    await page.getByLabel('Client ID').fill(oidc.clients.parOnly.clientId);
    await page.getByLabel('Client authentication').selectOption('none');
    await page.getByLabel('Scope').fill('openid');
    await page.getByLabel('Send the authorization request first (PAR)').selectOption('on');
    // The browser sees only a request_uri: the driver of its pages is told where it redirects to.
    const redirectUri = `http://127.0.0.1:${await freePort()}/callback`;
    await page.getByLabel('Redirect URI').fill(redirectUri);
    const system = await browser.newContext();
    const systemPage = await system.newPage();
    let redirected: Promise<string> | undefined;
    systemBrowser.expect((url) => {
      redirected = completeLoginAndConsent(systemPage, url, { redirectUri });
    });
    try {
      await page.getByRole('button', { name: 'Get token' }).click();
      await expect.poll(() => redirected).toBeDefined();
      await redirected;
    } finally {
      systemBrowser.expect(undefined);
      await system.close();
    }
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    // The steps of a multi-step run, the current one marked, readable in the dark theme.
    await capture(page, 'par-steps-dark', '.steps');
    await page.getByRole('button', { name: /Send the authorization request first \(PAR\)/ }).click();
    await capture(page, 'par-step-chosen-dark', '.steps');
    await page.getByRole('tab', { name: 'Code' }).click();
    await expect.poll(() => page.getByRole('tabpanel').textContent()).toContain(`${oidc.issuer}/request`);
    expect(await page.getByRole('tabpanel').textContent()).toContain('response_type=code');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
