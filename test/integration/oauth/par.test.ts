import { createServer, type AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { decodeJwt, decodeProtectedHeader, exportPKCS8, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcServer, type OidcServer } from '../../fixtures/oidc/oidc-server.ts';
import { launchChromium } from '../../support/browser.ts';
import { startCore } from '../../support/core.ts';
import { completeLoginAndConsent } from '../../support/oidc-browser.ts';

let oidc: OidcServer;
/** A server whose discovery says every client must push (require_pushed_authorization_requests). */
let strict: OidcServer;
let browser: Browser;
let page: Page;
let browserTasks: Promise<unknown>[] = [];
/** With PAR the browser URL has no redirect_uri: the driver is told where the server will redirect. */
let redirectUri = '';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
let app: Awaited<ReturnType<typeof startCore>>;

beforeAll(async () => {
  [oidc, strict] = await Promise.all([startOidcServer(), startOidcServer({ requirePar: true })]);
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  app = await startCore({
    autoRenew: false,
    opener: (url) => {
      browserTasks.push(completeLoginAndConsent(page, url, { redirectUri }));
      return Promise.resolve();
    },
  });
}, 60_000);
afterAll(async () => {
  await app.close();
  await browser.close();
  await Promise.all([oidc.close(), strict.close()]);
});

async function codeFlow(server: OidcServer, values: Record<string, string>) {
  browserTasks = [];
  redirectUri = `http://127.0.0.1:${await freePort()}/callback`;
  const report = await app.call('grant:run', {
    profileId: 'oauth2',
    values: {
      issuer: server.issuer,
      grantType: 'authorization_code',
      clientAuth: 'none',
      scope: 'openid',
      redirectUri,
      ...values,
    },
  });
  await Promise.all(browserTasks);
  return report;
}

function browserUrl(report: Awaited<ReturnType<typeof codeFlow>>): URL {
  return new URL(report.steps.findLast((step) => step.id === 'authorize')!.browserUrl!);
}

describe('pushed authorization requests (RFC 9126)', () => {
  it('par=auto pushes when discovery requires it; the browser sees only client_id and request_uri', async () => {
    const report = await codeFlow(strict, { clientId: strict.clients.public.clientId, par: 'auto' });
    expect(report.error).toBeUndefined();
    expect([...browserUrl(report).searchParams.keys()]).toEqual(['client_id', 'request_uri']);
    const pushed = report.steps.find((step) => step.id === 'authorize.par')!;
    expect(pushed.request?.url).toBe(strict.discovery.pushed_authorization_request_endpoint);
    expect(pushed.response?.status).toBe(201);
    expect(pushed.request?.body.kind === 'form' && pushed.request.body.fields.map(([name]) => name)).toEqual(
      expect.arrayContaining(['response_type', 'redirect_uri', 'state', 'code_challenge', 'nonce', 'client_id']),
    );
    expect(report.token?.idToken?.valid).toBe(true);
  });

  it('par=auto completes a code flow for a PAR-only client, pushing once the server says the client must', async () => {
    const report = await codeFlow(oidc, { clientId: oidc.clients.parOnly.clientId, par: 'auto' });
    expect(report.error).toBeUndefined();
    expect([...browserUrl(report).searchParams.keys()]).toEqual(['client_id', 'request_uri']);
    expect(report.token).toBeDefined();
  });

  it('par=on pushes for any client', async () => {
    const report = await codeFlow(oidc, { clientId: oidc.clients.public.clientId, par: 'on' });
    expect(report.error).toBeUndefined();
    expect([...browserUrl(report).searchParams.keys()]).toEqual(['client_id', 'request_uri']);
  });

  it('par=off for a client that requires PAR fails naming the PAR field', async () => {
    const report = await codeFlow(oidc, { clientId: oidc.clients.parOnly.clientId, par: 'off' });
    expect(report.error).toMatchObject({ code: 'AUTHORIZATION_DENIED', field: 'par' });
    expect(report.error?.message).toMatch(/Pushed Authorization Request must be used/i);
    expect(report.steps.some((step) => step.id === 'authorize.par')).toBe(false);
  });

  it('checks the issuer of the authorization response, which the server advertises (RFC 9207)', () => {
    expect(oidc.discovery.authorization_response_iss_parameter_supported).toBe(true);
  });
});

describe('signed authorization requests (JAR, RFC 9101)', () => {
  const signed = () => ({
    clientId: oidc.clients.privateKey.clientId,
    clientAuth: 'private_key_jwt',
    privateKey: oidc.clients.privateKey.privateKeyPem,
    requestObject: 'signed',
  });

  it('sends the parameters as a JWT signed with the private key', async () => {
    const report = await codeFlow(oidc, { ...signed(), par: 'off' });
    expect(report.error).toBeUndefined();
    const url = browserUrl(report);
    expect([...url.searchParams.keys()]).toEqual(['client_id', 'response_type', 'scope', 'request']);
    const claims = decodeJwt(url.searchParams.get('request')!);
    expect(claims).toMatchObject({ iss: oidc.clients.privateKey.clientId, aud: oidc.issuer, response_type: 'code' });
    expect(claims.code_challenge_method).toBe('S256');
    expect(decodeProtectedHeader(url.searchParams.get('request')!)).toMatchObject({ alg: 'RS256' });
  });

  it('pushes the signed request with PAR', async () => {
    const report = await codeFlow(oidc, { ...signed(), par: 'on' });
    expect(report.error).toBeUndefined();
    const pushed = report.steps.find((step) => step.id === 'authorize.par')!;
    const fields = pushed.request?.body.kind === 'form' ? pushed.request.body.fields.map(([name]) => name) : [];
    expect(fields).toContain('request');
    expect(fields).not.toContain('code_challenge');
  });

  it('a request object signed with a key the client did not register is refused at the push', async () => {
    // Through the browser the server can only show its error page (it cannot trust the redirect URI
    // inside the object); pushed, the refusal comes back to Tokensmith at once.
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const report = await codeFlow(oidc, {
      ...signed(),
      clientAuth: 'none',
      clientId: oidc.clients.public.clientId,
      par: 'on',
      privateKey: await exportPKCS8(privateKey),
    });
    expect(report.error?.code).toBe('HTTP_ERROR');
    expect(report.error?.message).toContain('invalid_request_object');
    expect(report.steps.at(-1)?.id).toBe('authorize.par');
  });
});
