import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_RESOURCE, startOidcServer, type OidcServer } from '../fixtures/oidc/oidc-server.ts';
import {
  KAISA_CLIENT,
  KAISA_SIGNING_SECRET,
  startKaisaSimulator,
  type KaisaSimulator,
} from '../fixtures/simulators/kaisa.ts';
import { launchChromium, openApp, rendererHolds, screenshot, startRequest } from '../support/browser.ts';
import { unsignedJwt } from '../support/jwt.ts';
import { getKaisaToken } from '../support/kaisa-ui.ts';
import { startTestTransport, type TestTransport } from '../support/test-transport.ts';

/** The JWT inspector: claims, a live countdown, and verification in main with a secret or a JWKS URL. */

let kaisa: KaisaSimulator;
let oidc: OidcServer;
/** A JWK set with an unrelated RSA key, served on 127.0.0.1 like any issuer's jwks.json. */
let otherJwks: { server: Server; url: string };
let transport: TestTransport;
let browser: Browser;

beforeAll(async () => {
  [kaisa, oidc] = await Promise.all([startKaisaSimulator(), startOidcServer()]);
  const { publicKey } = await generateKeyPair('RS256');
  const body = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'someone-else', alg: 'RS256' }] });
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  otherJwks = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json` };
  transport = await startTestTransport({ autoRenew: false });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await transport.close();
  await new Promise<void>((resolve) => otherJwks.server.close(() => resolve()));
  await Promise.all([kaisa.close(), oidc.close()]);
});

async function verify(inspector: Locator, kind: 'Shared secret' | 'JWKS URL', key: string): Promise<string | null> {
  await inspector.getByRole('radio', { name: kind }).click();
  await inspector.getByLabel(kind, { exact: true }).fill(key);
  const before = await inspector
    .getByTestId('jwt-verdict')
    .textContent({ timeout: 10 })
    .catch(() => null);
  await inspector.getByRole('button', { name: 'Verify' }).click();
  const verdict = inspector.getByTestId('jwt-verdict');
  // Each verification replaces the last: wait for the pill to say something new.
  await expect.poll(async () => ((await verdict.count()) > 0 ? verdict.textContent() : before)).not.toBe(before);
  return verdict.getAttribute('data-verdict');
}

/** "Expires in 4 min 58 s" → 298. */
function secondsLeft(text: string | null): number {
  const match = /^Expires in (?:(\d+) min )?(\d+) s$/.exec(text ?? '');
  if (!match) throw new Error(`not a countdown: ${text}`);
  return Number(match[1] ?? 0) * 60 + Number(match[2]);
}

describe('the JWT inspector', () => {
  it('counts down live and verifies Kaisa’s HS256 token with the right and a wrong secret', async () => {
    const { page, problems } = await openApp(browser, transport);
    await getKaisaToken(page, kaisa.tokenUrl, KAISA_CLIENT);
    await page.getByRole('button', { name: 'Inspect JWT' }).click();
    const inspector = page.getByRole('dialog', { name: 'JWT inspector — Access token' });
    await inspector.waitFor();

    const expiry = inspector.getByTestId('jwt-expiry');
    const first = secondsLeft(await expiry.textContent());
    expect(first).toBeGreaterThan(280);
    // exp is iat + 300 in whole seconds, iat rounded down from the moment of issue: up to 300.99 s
    // are left at first, which the countdown rounds to 301.
    expect(first).toBeLessThanOrEqual(301);
    await page.waitForTimeout(1_200);
    const second = secondsLeft(await expiry.textContent());
    expect(second).toBeLessThan(first);
    expect(second).toBeGreaterThanOrEqual(first - 3);
    const payload = inspector.getByRole('table', { name: 'JWT payload' });
    expect(await payload.getByRole('row', { name: /^exp/ }).textContent()).toMatch(
      /^expExpires at\d+ — .*\(in [45] min \d+ s\)$/,
    );

    expect(await verify(inspector, 'Shared secret', KAISA_SIGNING_SECRET)).toBe('valid');
    expect(await inspector.getByTestId('jwt-verdict').textContent()).toBe(
      'The HS256 signature is valid and the token is within its validity period.',
    );
    await screenshot(page, 'jwt-verified');
    expect(await verify(inspector, 'Shared secret', 'not the signing key')).toBe('bad-signature');
    expect(await inspector.getByTestId('jwt-verdict').textContent()).toBe(
      'The signature does not match: the key is wrong or the token was altered.',
    );
    await inspector.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => inspector.isVisible()).toBe(false);
    // The key typed into the inspector goes to main for the check and is not kept by the window.
    expect(await rendererHolds(page, KAISA_SIGNING_SECRET, kaisa.issued.at(-1)!)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('verifies an RS256 access token against the issuer’s JWKS URL, and says when a key set does not fit', async () => {
    const { page, problems } = await openApp(browser, transport);
    await startRequest(page, 'Generic OAuth 2.0');
    await page.getByLabel('Issuer').fill(oidc.issuer);
    await page.getByLabel('Client ID').fill(oidc.clients.basic.clientId);
    await page.getByLabel('Client secret', { exact: true }).fill(oidc.clients.basic.clientSecret);
    await page.getByLabel('Resource').fill(API_RESOURCE);
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    expect(await page.getByLabel('Token', { exact: true }).textContent()).toContain('JWT (RS256)');

    await page.getByRole('button', { name: 'Inspect JWT' }).click();
    const inspector = page.getByRole('dialog', { name: 'JWT inspector — Access token' });
    expect(await inspector.getByRole('table', { name: 'JWT payload' }).textContent()).toContain(API_RESOURCE);
    expect(await verify(inspector, 'JWKS URL', oidc.jwksUri)).toBe('valid');
    expect(await inspector.getByTestId('jwt-verdict').textContent()).toBe(
      'The RS256 signature is valid and the token is within its validity period.',
    );
    await screenshot(page, 'jwt-jwks-verified');
    expect(await verify(inspector, 'JWKS URL', otherJwks.url)).toBe('key-mismatch');
    expect(await inspector.getByTestId('jwt-verdict').textContent()).toBe(
      'The JWK set has no key for this token (its kid or algorithm).',
    );
    await inspector.getByRole('button', { name: 'Close' }).click();
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('inspects a pasted JWT from the palette: alg "none" is called out, and text that is not a JWT says so', async () => {
    const { page, problems } = await openApp(browser, transport);
    await page.getByRole('heading', { name: /Get your first token|New request/ }).waitFor();
    await page.keyboard.press('Control+K');
    const palette = page.getByRole('combobox', { name: 'Search commands, requests and providers' });
    await palette.fill('inspect a jwt');
    await page.keyboard.press('Enter');
    const inspector = page.getByRole('dialog', { name: /^JWT inspector/ });
    const pasteBox = inspector.getByLabel('Paste a JWT');
    await pasteBox.waitFor();

    const now = Math.floor(Date.now() / 1000);
    await pasteBox.fill(unsignedJwt({ alg: 'none', typ: 'JWT' }, { sub: 'mallory', admin: true, exp: now + 90 }, ''));
    const states = inspector.getByLabel('Token state');
    await expect.poll(() => states.textContent()).toContain('alg is "none": this token is unsigned');
    expect(await states.textContent()).toMatch(/Expires in 1 min (2[89]|30) s/);
    expect(await inspector.getByRole('table', { name: 'JWT payload' }).textContent()).toContain('mallory');
    expect(await verify(inspector, 'Shared secret', 'any secret')).toBe('alg-none');
    expect(await inspector.getByTestId('jwt-verdict').textContent()).toContain('the token is unsigned');
    await screenshot(page, 'jwt-alg-none');

    await pasteBox.fill('this is not a token');
    await expect
      .poll(() => inspector.locator('.field-error').textContent())
      .toBe(
        'A JWT has 3 parts separated by dots; this has 1. — A JWT is three base64url parts separated by dots: header.payload.signature.',
      );
    expect(await inspector.getByRole('table', { name: 'JWT payload' }).count()).toBe(0);
    expect(await inspector.getByRole('button', { name: 'Verify' }).count()).toBe(0);
    await pasteBox.fill('eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln');
    await expect.poll(() => inspector.locator('.field-error').textContent()).toContain('The JWT payload is not JSON.');
    await screenshot(page, 'jwt-not-a-jwt');
    await page.keyboard.press('Escape');
    await expect.poll(() => inspector.isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
