import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcServer, type OidcServer } from '../fixtures/oidc/oidc-server.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../fixtures/simulators/kaisa.ts';
import { launchChromium, openApp, screenshot, startRequest } from '../support/browser.ts';
import { completeLoginAndConsent } from '../support/oidc-browser.ts';
import { expectingOpener } from '../support/recorders.ts';
import { getKaisaToken } from '../support/kaisa-ui.ts';
import { startTestTransport, type TestTransport } from '../support/test-transport.ts';

/** The Tokens view: what each token is for, a live countdown, renew, revoke, expiry, delete. */

let kaisa: KaisaSimulator;
let oidc: OidcServer;
/** Tokens that last 3 s, to see one expire. */
let shortLived: OidcServer;
let transport: TestTransport;
let browser: Browser;
const systemBrowser = expectingOpener();
/** The grant_type of every token request oidc-provider granted. */
const grants: string[] = [];

beforeAll(async () => {
  [kaisa, oidc, shortLived] = await Promise.all([
    startKaisaSimulator(),
    startOidcServer(),
    startOidcServer({ accessTokenTtl: 3 }),
  ]);
  oidc.provider.on('grant.success', (ctx) => grants.push(String(ctx.oidc.params?.grant_type)));
  transport = await startTestTransport({
    autoRenew: false,
    opener: systemBrowser.opener,
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await transport.close();
  await Promise.all([kaisa.close(), oidc.close(), shortLived.close()]);
});

/** "in 4 min 58 s" → 298, "12 s ago" → -12. */
function secondsOf(text: string | null): number {
  const match = /^(in )?(?:(\d+) min )?(\d+) s( ago)?$/.exec(text ?? '');
  if (!match) throw new Error(`not a countdown: ${text}`);
  const seconds = Number(match[2] ?? 0) * 60 + Number(match[3]);
  return match[4] ? -seconds : seconds;
}

async function showTokens(page: Page): Promise<Locator> {
  const ledger = page.getByRole('region', { name: 'Token ledger' });
  if (!(await ledger.isVisible())) await page.getByRole('button', { name: /^Tokens/ }).click();
  await ledger.waitFor();
  return ledger;
}

function row(page: Page, clientId: string): Locator {
  return page.getByTestId('ledger-row').filter({ hasText: clientId });
}

/** The cells of a row, by column header. */
async function cells(line: Locator): Promise<Record<string, string>> {
  const texts = await line.locator('td').allTextContents();
  const names = ['request', 'provider', 'environment', 'client', 'scope', 'token', 'expiry'];
  return Object.fromEntries(names.map((name, index) => [name, texts[index]!.trim()]));
}

async function toast(page: Page, text: string): Promise<void> {
  await expect.poll(() => page.locator('.toast').allTextContents()).toContain(text);
}

async function copyFromLedger(page: Page, line: Locator): Promise<string> {
  const before = transport.clipboard.length;
  await line.getByRole('button', { name: /^Copy the/ }).click();
  await expect.poll(() => transport.clipboard.length).toBe(before + 1);
  // Main clears the token from the clipboard later, and the toast says when.
  await toast(page, 'Access token copied to the clipboard. Clipboard clears in 30 s.');
  return transport.clipboard.at(-1)!;
}

describe('the token ledger', () => {
  it('lists a Kaisa token with what it is for, counts down live, renews it with the same grant, deletes it', async () => {
    const { page, problems } = await openApp(browser, transport);
    await getKaisaToken(page, kaisa.tokenUrl, KAISA_CLIENT);
    const first = kaisa.issued.at(-1)!;

    await showTokens(page);
    const line = row(page, KAISA_CLIENT.clientId);
    await line.waitFor();
    expect(await cells(line)).toMatchObject({
      provider: 'Kaisa (Freespee)',
      environment: kaisa.origin,
      client: KAISA_CLIENT.clientId,
      scope: '—',
      token: `••••${first.slice(-4)}`,
    });
    expect(await line.getAttribute('data-status')).toBe('valid');
    const countdown = line.getByTestId('ledger-countdown');
    const before = secondsOf(await countdown.textContent());
    expect(before).toBeGreaterThan(280);
    await page.waitForTimeout(1_200);
    const after = secondsOf(await countdown.textContent());
    expect(after).toBeLessThan(before);
    expect(after).toBeGreaterThanOrEqual(before - 3);
    await screenshot(page, 'ledger-kaisa');

    const issued = kaisa.issued.length;
    await line.getByRole('button', { name: 'Renew the Kaisa (Freespee) token' }).click();
    await toast(page, 'Token renewed.');
    expect(kaisa.issued.length).toBe(issued + 1);
    const renewed = kaisa.issued.at(-1)!;
    await expect.poll(async () => (await cells(line)).token).toBe(`••••${renewed.slice(-4)}`);
    expect(await copyFromLedger(page, line)).toBe(renewed);
    // Kaisa has no revocation endpoint.
    expect(await line.getByRole('button', { name: /^Revoke/ }).isDisabled()).toBe(true);
    expect(await line.getByRole('button', { name: /^Revoke/ }).getAttribute('title')).toBe(
      'Kaisa (Freespee) has no revocation endpoint.',
    );

    await line.getByRole('button', { name: 'Delete the Kaisa (Freespee) token' }).click();
    await expect.poll(() => line.count()).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('renews an authorization-code token with its refresh token, then revokes it at the server', async () => {
    const { page, problems } = await openApp(browser, transport);
    const client = oidc.clients.public;
    await startRequest(page, 'Generic OAuth 2.0');
    await page.getByLabel('Grant type').selectOption('authorization_code');
    await page.getByLabel('Issuer').fill(oidc.issuer);
    await page.getByLabel('Client ID').fill(client.clientId);
    await page.getByLabel('Client authentication').selectOption('none');
    await page.getByLabel('Scope').fill('openid offline_access');
    // oidc-provider grants offline_access at the authorization endpoint only with prompt=consent.
    await page.getByRole('button', { name: 'Add a parameter' }).click();
    await page.getByLabel('Where parameter 1 goes').selectOption('authorize');
    await page.getByLabel('Name of parameter 1').fill('prompt');
    await page.getByLabel('Value of parameter 1').fill('consent');

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
    }
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    await system.close();

    await showTokens(page);
    const line = row(page, client.clientId);
    await line.waitFor();
    expect(await cells(line)).toMatchObject({
      provider: 'Generic OAuth 2.0',
      client: client.clientId,
      scope: 'openid offline_access',
    });
    const original = await copyFromLedger(page, line);

    grants.length = 0;
    await line.getByRole('button', { name: /^Renew/ }).click();
    await toast(page, 'Token renewed.');
    expect(grants).toEqual(['refresh_token']);
    await expect.poll(async () => (await cells(line)).token).not.toBe(`••••${original.slice(-4)}`);
    const renewed = await copyFromLedger(page, line);
    expect(renewed).not.toBe(original);
    expect(await introspect(oidc, renewed)).toMatchObject({ active: true, client_id: client.clientId });

    await line.getByRole('button', { name: /^Revoke/ }).click();
    await toast(page, 'Token revoked.');
    await expect.poll(() => line.getAttribute('data-status')).toBe('revoked');
    expect(await line.locator('.state-pill').textContent()).toBe('Revoked');
    for (const action of [/^Renew/, /^Revoke/, /^Copy/]) {
      expect(await line.getByRole('button', { name: action }).isDisabled()).toBe(true);
    }
    expect(await introspect(oidc, renewed)).toEqual({ active: false });
    await screenshot(page, 'ledger-revoked');

    await line.getByRole('button', { name: /^Delete/ }).click();
    await expect.poll(() => line.count()).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('marks a token Expired when its time is up and no longer copies it', async () => {
    const { page, problems } = await openApp(browser, transport);
    const client = shortLived.clients.post;
    await startRequest(page, 'Generic OAuth 2.0');
    await page.getByLabel('Issuer').fill(shortLived.issuer);
    await page.getByLabel('Client ID').fill(client.clientId);
    await page.getByLabel('Client authentication').selectOption('form');
    await page.getByLabel('Client secret', { exact: true }).fill(client.clientSecret);
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');

    await showTokens(page);
    const line = row(page, client.clientId);
    await line.waitFor();
    await expect.poll(() => line.getAttribute('data-status'), { timeout: 8_000 }).toBe('expired');
    expect(await line.locator('.state-pill').textContent()).toBe('Expired');
    expect(await line.getByTestId('ledger-countdown').textContent()).toMatch(/^\d+ s ago$/);
    expect(await line.getByRole('button', { name: /^Copy/ }).isDisabled()).toBe(true);
    await screenshot(page, 'ledger-expired');

    await line.getByRole('button', { name: /^Delete/ }).click();
    await expect.poll(() => line.count()).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

/** RFC 7662 introspection at the server, as a confidential client. */
async function introspect(server: OidcServer, token: string): Promise<unknown> {
  const { clientId, clientSecret } = server.clients.post;
  const response = await fetch(server.introspectionEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, client_id: clientId, client_secret: clientSecret }),
  });
  return response.json();
}
