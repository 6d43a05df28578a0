import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcServer, type OidcServer } from '../../fixtures/oidc/oidc-server.ts';
import { launchChromium } from '../../support/browser.ts';
import { BIN, start } from '../../support/cli.ts';
import { startCore } from '../../support/core.ts';
import { completeLoginAndConsent } from '../../support/oidc-browser.ts';

let oidc: OidcServer;
let browser: Browser;
let page: Page;
let browserTasks: Promise<unknown>[] = [];
let app: Awaited<ReturnType<typeof startCore>>;

beforeAll(async () => {
  oidc = await startOidcServer();
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

async function codeFlow(values: Record<string, string>) {
  browserTasks = [];
  const report = await app.call('grant:run', {
    profileId: 'oauth2',
    values: {
      issuer: oidc.issuer,
      grantType: 'authorization_code',
      clientId: oidc.clients.public.clientId,
      clientAuth: 'none',
      scope: 'openid',
      ...values,
    },
  });
  await Promise.allSettled(browserTasks);
  return report;
}

describe('OpenID Connect ID tokens, checked', () => {
  it('sends a nonce and checks the ID token against the issuer: signature, iss, aud, exp, iat, nonce', async () => {
    const report = await codeFlow({});
    expect(report.error).toBeUndefined();
    const authorize = new URL(report.steps.find((step) => step.id === 'authorize')!.browserUrl!);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{32}$/);
    const idToken = report.token!.idToken!;
    expect(idToken.valid).toBe(true);
    expect(report.idToken).toEqual(idToken);
    // The issuer has a UserInfo endpoint: the ledger offers it as a follow-up of this token.
    const kept = (await app.call('ledger:list', {})).find((entry) => entry.id === report.ledgerId);
    expect(kept?.canUserinfo).toBe(true);
    const userinfo = await app.call('ledger:userinfo', { id: report.ledgerId! });
    expect(userinfo.error).toBeUndefined();
    expect(JSON.parse(userinfo.steps[0]!.response!.bodyText)).toEqual({ sub: idToken.payload.sub });
    expect(idToken.payload).toMatchObject({ iss: oidc.issuer, aud: oidc.clients.public.clientId });
    expect(idToken.checks.map((check) => [check.name, check.ok])).toEqual(
      expect.arrayContaining([
        ['signature', true],
        ['iss', true],
        ['aud', true],
        ['exp', true],
        ['iat', true],
        ['nonce', true],
      ]),
    );
  });

  it('fails with ID_TOKEN_INVALID naming the nonce when the ID token carries another nonce', async () => {
    // The browser sends a nonce of the user's choosing; the ID token echoes it, not the one Tokensmith expects.
    const report = await codeFlow({ extraParams: 'authorize nonce=someone-elses-nonce' });
    expect(report.error).toMatchObject({ code: 'ID_TOKEN_INVALID' });
    expect(report.error?.message).toContain('"nonce"');
    expect(report.token).toBeUndefined();
    // The tokens of the response it turned down are masked like kept ones.
    const body = JSON.parse(report.steps.at(-1)!.response!.bodyText) as Record<string, string>;
    expect(body.access_token).toMatch(/^••••.{4}$/);
    expect(body.id_token).toMatch(/^••••.{4}$/);
    // The report still lists every check, the failed one among them, for the response view.
    expect(report.idToken?.valid).toBe(false);
    expect(report.idToken?.checks.map((check) => [check.name, check.ok])).toEqual(
      expect.arrayContaining([
        ['signature', true],
        ['iss', true],
        ['nonce', false],
      ]),
    );
  });

  it('tokensmith grant --json reports idToken { header, payload, valid, checks } with a nonce check', async () => {
    const cli = start(process.execPath, [
      BIN,
      'grant',
      'oauth2',
      '--no-browser',
      '--json',
      '--set',
      `issuer=${oidc.issuer}`,
      '--set',
      'grantType=authorization_code',
      '--set',
      `clientId=${oidc.clients.public.clientId}`,
      '--set',
      'clientAuth=none',
      '--set',
      'scope=openid',
    ]);
    await completeLoginAndConsent(page, await cli.stderrMatch(/^Open this URL in your browser: (\S+)$/m));
    const result = await cli.done;
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { idToken: { valid: boolean; checks: { name: string; ok: boolean }[] } };
    expect(json.idToken).toMatchObject({ valid: true, header: { alg: 'RS256' }, payload: { iss: oidc.issuer } });
    expect(json.idToken.checks).toContainEqual(expect.objectContaining({ name: 'nonce', ok: true }));
  });
});
