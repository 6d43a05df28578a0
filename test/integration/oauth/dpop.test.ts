import type { Browser, Page } from 'playwright-core';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_RESOURCE, API_SCOPE, startOidcServer, type OidcServer } from '../../fixtures/oidc/oidc-server.ts';
import { launchChromium } from '../../support/browser.ts';
import { tokensmith } from '../../support/cli.ts';
import { startCore } from '../../support/core.ts';
import { completeLoginAndConsent } from '../../support/oidc-browser.ts';
import { generateDpopKey } from '../../../src/main/core/oauth/dpop.ts';

let oidc: OidcServer;
let browser: Browser;
let page: Page;
let browserTasks: Promise<unknown>[] = [];
let app: Awaited<ReturnType<typeof startCore>>;

beforeAll(async () => {
  // The server demands a nonce in every proof: each first request is answered use_dpop_nonce.
  oidc = await startOidcServer({ dpopNonce: true });
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  app = await startCore({
    autoRenew: false,
    opener: (url) => {
      browserTasks.push(completeLoginAndConsent(page, url));
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
  await Promise.allSettled(browserTasks);
  return report;
}

describe('DPoP (RFC 9449) against oidc-provider', () => {
  it('binds a client-credentials token to the run’s key, retrying once with the server’s DPoP-Nonce', async () => {
    const { clientId, clientSecret } = oidc.clients.basic;
    const report = await grant({
      clientId,
      clientSecret,
      clientAuth: 'basic',
      scope: API_SCOPE,
      resource: API_RESOURCE,
      dpop: 'ES256',
    });
    expect(report.error).toBeUndefined();
    expect(report.token?.tokenType).toBe('DPoP');
    const run = app.core.runs.get(report.runId);
    const thumbprint = await calculateJwkThumbprint(run.dpopKey!.publicJwk);
    expect(decodeJwt(run.token!.accessToken).cnf).toEqual({ jkt: thumbprint });
    expect(report.token?.binding).toEqual({ jkt: thumbprint });
    // The ledger says so too, so the JWT inspector can compare a ledger token's cnf with its key.
    const kept = (await app.call('ledger:list', {})).find((entry) => entry.id === report.ledgerId);
    expect(kept?.binding).toEqual({ jkt: thumbprint });
    // What was sent (after the retry) carries the server's nonce and the public key.
    const sent = run.steps.at(-1)!.spec!;
    const proof = sent.headers.find(([name]) => name === 'DPoP')![1];
    expect(decodeProtectedHeader(proof)).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256', jwk: run.dpopKey!.publicJwk });
    expect(decodeJwt(proof)).toMatchObject({
      htm: 'POST',
      htu: oidc.tokenEndpoint,
      nonce: expect.any(String) as string,
    });
    // The export cannot replay a proof, and says what to do instead.
    const exported = await app.call('snippet:export', {
      runId: report.runId,
      stepId: run.steps.at(-1)!.id,
      lang: 'curl',
      mode: 'env',
    });
    expect(exported.code).toContain('single-use');
    expect(exported.code).toContain('tokensmith dpop-proof');
  });

  it('keeps the key with the ledger entry, refreshes and calls the API with it; another key is refused with DPOP_FAILED', async () => {
    const { clientId } = oidc.clients.public;
    const report = await grant({
      grantType: 'authorization_code',
      clientId,
      clientAuth: 'none',
      scope: 'openid offline_access',
      extraParams: 'authorize prompt=consent',
      dpop: 'EdDSA',
    });
    expect(report.error).toBeUndefined();
    expect(report.token?.tokenType).toBe('DPoP');
    const entry = app.core.tokens.get(report.ledgerId!)!;
    expect(entry.dpopKey?.alg).toBe('EdDSA');

    const renewed = await app.call('ledger:renew', { id: report.ledgerId! });
    expect(renewed.error).toBeUndefined();
    expect(renewed.token?.tokenType).toBe('DPoP');
    expect(app.core.tokens.get(report.ledgerId!)!.dpopKey).toEqual(entry.dpopKey);

    // A follow-up with the token: "Bearer" becomes "DPoP", and the proof carries ath.
    const userinfo = {
      id: 'userinfo',
      name: 'Who am I',
      method: 'GET' as const,
      url: oidc.userinfoEndpoint,
      headers: [['Authorization', 'Bearer {{token}}']] as [string, string][],
      body: '',
    };
    const followUp = await app.call('followup:send', {
      profileId: 'oauth2',
      ledgerId: report.ledgerId!,
      request: userinfo,
    });
    expect(followUp.error).toBeUndefined();
    expect(followUp.steps[0]?.response?.status).toBe(200);
    const sent = app.core.runs.get(followUp.runId).steps[0]!.spec!;
    expect(sent.headers.find(([name]) => name === 'Authorization')?.[1]).toMatch(/^DPoP /);
    const proof = sent.headers.find(([name]) => name === 'DPoP')![1];
    expect(decodeJwt(proof)).toMatchObject({ htm: 'GET', ath: expect.any(String) as string });

    // UserInfo from the ledger, as a follow-up: the same binding, the user's claims.
    const userinfo2 = await app.call('ledger:userinfo', { id: report.ledgerId! });
    expect(userinfo2.error).toBeUndefined();
    expect(JSON.parse(userinfo2.steps[0]!.response!.bodyText)).toMatchObject({ sub: expect.any(String) as string });
    expect(userinfo2.steps[0]?.request?.headers.map(([name]) => name)).toContain('DPoP');

    // The same token proved with another key (a proof with the wrong key) is refused, and said so.
    app.core.tokens.update(report.ledgerId!, { dpopKey: await generateDpopKey('EdDSA') });
    const stolen = await app.call('followup:send', {
      profileId: 'oauth2',
      ledgerId: report.ledgerId!,
      request: userinfo,
    });
    expect(stolen.steps[0]?.response?.status).toBe(401);
    expect(stolen.error).toMatchObject({ code: 'DPOP_FAILED', field: 'dpop' });
  });

  it('tokensmith grant --set dpop=ES256 prints a DPoP token', async () => {
    const { clientId, clientSecret } = oidc.clients.basic;
    const result = await tokensmith(
      [
        'grant',
        'oauth2',
        '--set',
        `issuer=${oidc.issuer}`,
        '--set',
        `clientId=${clientId}`,
        '--set',
        'dpop=ES256',
        '--json',
      ],
      { env: { TOKENSMITH_OAUTH2_CLIENT_SECRET: clientSecret } },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ tokenType: 'DPoP' });
  });
});
