import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { API_RESOURCE, API_SCOPE, startOidcServer, type OidcServer } from '../fixtures/oidc/oidc-server.ts';
import { launchChromium } from '../support/browser.ts';
import { startCore } from '../support/core.ts';
import { approveDeviceCode, completeLoginAndConsent } from '../support/oidc-browser.ts';

let oidc: OidcServer;
let browser: Browser;
let page: Page;
/** What the "system browser" did, so a failure in it fails the test instead of hanging it. */
let browserTasks: Promise<unknown>[] = [];
let app: Awaited<ReturnType<typeof startCore>>;

beforeAll(async () => {
  oidc = await startOidcServer({ deviceCodeInterval: 1 });
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  app = await startCore({
    autoRenew: false,
    opener: (url) => {
      const target = new URL(url);
      browserTasks.push(
        target.searchParams.has('user_code')
          ? approveDeviceCode(page, url, target.searchParams.get('user_code')!)
          : completeLoginAndConsent(page, url),
      );
      return Promise.resolve();
    },
  });
}, 60_000);
afterAll(async () => {
  await app.close();
  await browser.close();
  await oidc.close();
});

async function grant(values: Record<string, string>) {
  browserTasks = [];
  const report = await app.call('grant:run', { profileId: 'oauth2', values: { issuer: oidc.issuer, ...values } });
  await Promise.all(browserTasks);
  return report;
}

async function introspect(token: string): Promise<Record<string, unknown>> {
  const { clientId, clientSecret } = oidc.clients.post;
  const response = await request(oidc.introspectionEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, client_id: clientId, client_secret: clientSecret }).toString(),
  });
  return (await response.body.json()) as Record<string, unknown>;
}

describe('generic OAuth 2.0 against oidc-provider', () => {
  it('discovers the endpoints from the issuer', async () => {
    const { clientId, clientSecret } = oidc.clients.basic;
    const report = await grant({ clientId, clientSecret, clientAuth: 'basic' });
    expect(report.error).toBeUndefined();
    expect(report.steps[0]).toMatchObject({ id: 'discover', response: { status: 200 } });
    expect(report.steps[0]?.request?.url).toBe(`${oidc.issuer}/.well-known/openid-configuration`);
    expect(report.steps[1]?.request?.url).toBe(oidc.tokenEndpoint);
  });

  it.each([
    ['basic', 'basic'],
    ['post', 'form'],
    ['jwtSecret', 'client_secret_jwt'],
  ] as const)('client credentials with %s client authentication (%s)', async (client, clientAuth) => {
    const { clientId, clientSecret } = oidc.clients[client];
    const report = await grant({ clientId, clientSecret, clientAuth, scope: API_SCOPE, resource: API_RESOURCE });
    expect(report.error).toBeUndefined();
    expect(report.token?.jwt?.payload).toMatchObject({ aud: API_RESOURCE, client_id: clientId, scope: API_SCOPE });
    const sent = report.steps[1]!.request!;
    if (clientAuth === 'basic') expect(sent.headers).toContainEqual(['Authorization', 'Basic ••••']);
    if (clientAuth === 'client_secret_jwt') {
      expect(sent.body).toMatchObject({ kind: 'form' });
      expect(sent.body.kind === 'form' && sent.body.fields.map(([name]) => name)).toContain('client_assertion');
    }
  });

  it('client credentials with private_key_jwt (RFC 7523), the assertion signed with the PEM key', async () => {
    const { clientId, privateKeyPem } = oidc.clients.privateKey;
    const report = await grant({
      clientId,
      privateKey: privateKeyPem,
      clientAuth: 'private_key_jwt',
      resource: API_RESOURCE,
      scope: API_SCOPE,
    });
    expect(report.error).toBeUndefined();
    expect(report.token?.jwt?.payload.client_id).toBe(clientId);
    expect(JSON.stringify(report)).not.toContain('PRIVATE KEY');
  });

  it('authorization code + PKCE in the browser, then refresh with rotation, then revocation', async () => {
    const { clientId } = oidc.clients.public;
    const report = await grant({
      grantType: 'authorization_code',
      clientId,
      clientAuth: 'none',
      scope: 'openid offline_access api:read',
      extraParams: 'authorize prompt=consent',
    });
    expect(report.error).toBeUndefined();
    const authorize = new URL(report.steps.find((step) => step.id === 'authorize')!.browserUrl!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('prompt')).toBe('consent');
    const exchange = report.steps.find((step) => step.id === 'code-exchange')!.request!;
    expect(exchange.body.kind === 'form' && exchange.body.fields.map(([name]) => name)).toEqual([
      'grant_type',
      'code',
      'redirect_uri',
      'code_verifier',
      'client_id',
    ]);
    expect(report.token?.refreshTokenMasked).toBeDefined();
    const ledgerId = report.ledgerId!;
    const firstRefresh = app.core.ledger.views().find((view) => view.id === ledgerId);
    expect(firstRefresh).toMatchObject({ hasRefreshToken: true, canRenew: true, canRevoke: true });

    const oldRefresh = app.core.runs.get(report.runId).token!.refreshToken!;
    const renewed = await app.call('ledger:renew', { id: ledgerId });
    expect(renewed.error).toBeUndefined();
    expect(renewed.steps.map((step) => step.id)).toEqual(['refresh']);
    const newToken = app.core.runs.get(renewed.runId).token!;
    expect(newToken.refreshToken).toBeDefined();
    expect(newToken.refreshToken).not.toBe(oldRefresh);
    // Rotation: the old refresh token no longer works.
    const replay = await request(oidc.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: oldRefresh,
        client_id: clientId,
      }).toString(),
    });
    expect(replay.statusCode).toBe(400);
    expect(await replay.body.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('revokes the refresh and access tokens (RFC 7009)', async () => {
    const { clientId } = oidc.clients.public;
    const report = await grant({
      grantType: 'authorization_code',
      clientId,
      clientAuth: 'none',
      scope: 'openid offline_access',
      extraParams: 'authorize prompt=consent',
    });
    expect(report.error).toBeUndefined();
    const token = app.core.runs.get(report.runId).token!;
    expect(await introspect(token.accessToken)).toMatchObject({ active: true });
    const revoked = await app.call('ledger:revoke', { id: report.ledgerId! });
    expect(revoked.error).toBeUndefined();
    expect(revoked.steps.map((step) => [step.id, step.response?.status])).toEqual([
      ['revoke-refresh', 200],
      ['revoke-access', 200],
    ]);
    expect(await introspect(token.accessToken)).toMatchObject({ active: false });
    expect(await introspect(token.refreshToken!)).toMatchObject({ active: false });
    expect(app.core.ledger.views().find((view) => view.id === report.ledgerId)?.status).toBe('revoked');
  });

  it('device authorization (RFC 8628): shows the user code, polls until approved', async () => {
    const { clientId } = oidc.clients.public;
    const before = app.events.length;
    const report = await grant({
      grantType: 'device_code',
      clientId,
      clientAuth: 'none',
      scope: 'openid offline_access',
    });
    expect(report.error).toBeUndefined();
    const waiting = app.events
      .slice(before)
      .find((event) => (event.payload as { state?: string }).state === 'waiting-device');
    expect(waiting?.payload).toMatchObject({ stepId: 'device', userCode: expect.any(String) as string });
    expect(report.steps.map((step) => step.id)).toEqual(['discover', 'device', 'device.poll']);
    expect(report.token?.refreshTokenMasked).toBeDefined();
  });

  it('uses a refresh token pasted into the form (grant type refresh_token)', async () => {
    const { clientId } = oidc.clients.public;
    const first = await grant({
      grantType: 'authorization_code',
      clientId,
      clientAuth: 'none',
      scope: 'openid offline_access',
      extraParams: 'authorize prompt=consent',
    });
    const refreshToken = app.core.runs.get(first.runId).token!.refreshToken!;
    const report = await grant({ grantType: 'refresh_token', clientId, clientAuth: 'none', refreshToken });
    expect(report.error).toBeUndefined();
    expect(report.steps.at(-1)).toMatchObject({ id: 'refresh', response: { status: 200 } });
  });

  it('names the field when the secret is wrong, and never shows it', async () => {
    const { clientId } = oidc.clients.basic;
    const report = await grant({ clientId, clientSecret: 'definitely-wrong-secret', clientAuth: 'basic' });
    expect(report.error).toMatchObject({ code: 'INVALID_CLIENT', field: 'clientSecret' });
    expect(JSON.stringify(report)).not.toContain('definitely-wrong-secret');
  });
});
