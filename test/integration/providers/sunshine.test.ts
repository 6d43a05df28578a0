import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from '../../../src/shared/jwt/decode.ts';
import {
  startSunshineSimulator,
  SUNSHINE_APP_KEY,
  SUNSHINE_CLIENT,
  type SunshineSimulator,
} from '../../fixtures/simulators/sunshine.ts';
import { answerConsent, consentRedirect } from '../../support/consent.ts';
import { startCore } from '../../support/core.ts';
import { expectExportsReproduce } from '../../support/exports.ts';

let sim: SunshineSimulator;
let decision: 'allow' | 'deny' = 'allow';
let app: Awaited<ReturnType<typeof startCore>>;
beforeAll(async () => {
  sim = await startSunshineSimulator();
  // The "system browser": it approves (or denies) on the consent page, like a user would.
  app = await startCore({ autoRenew: false, opener: (url) => answerConsent(url, decision) });
});
afterAll(async () => {
  await app.close();
  await sim.close();
});

const values = (overrides: Record<string, string> = {}) => ({
  baseUrl: sim.baseUrl,
  clientId: SUNSHINE_CLIENT.clientId,
  clientSecret: SUNSHINE_CLIENT.clientSecret,
  redirectUri: 'http://127.0.0.1/callback',
  ...overrides,
});

describe('Sunshine Conversations OAuth (authorization code)', () => {
  it('authorizes in the browser, exchanges the code as JSON, checks and revokes the token', async () => {
    decision = 'allow';
    const before = sim.requests.length;
    const report = await app.call('grant:run', { profileId: 'sunshine', values: values() });
    expect(report.error).toBeUndefined();
    const authorize = new URL(report.steps[0]!.browserUrl!);
    expect(authorize.pathname).toBe('/oauth/authorize');
    expect(authorize.searchParams.get('client_id')).toBe(SUNSHINE_CLIENT.clientId);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{32}$/);
    expect(authorize.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);

    const exchange = sim.requests.find((request, index) => index >= before && request.path === '/oauth/token')!;
    expect(exchange.headers['content-type']).toBe('application/json');
    expect(Object.keys(JSON.parse(exchange.body.toString()) as object)).toEqual([
      'code',
      'grant_type',
      'client_id',
      'client_secret',
    ]);
    expect(report.token).toMatchObject({ tokenType: 'Bearer' });
    expect(report.steps.at(-1)).toMatchObject({ id: 'check', response: { status: 200 } });
    expect(await expectExportsReproduce(app.core, report.runId, sim, sim.requests.slice(before))).toBe(2);

    const revoked = await app.call('ledger:revoke', { id: report.ledgerId! });
    expect(revoked.error).toBeUndefined();
    const deleted = sim.requests.at(-1)!;
    expect([deleted.method, deleted.path, deleted.headers.authorization]).toEqual([
      'DELETE',
      '/oauth/authorization',
      `Bearer ${sim.issued.at(-1)!}`,
    ]);
    const [entry] = (await app.call('ledger:list', {})).filter((view) => view.id === report.ledgerId);
    expect(entry?.status).toBe('revoked');
  });

  it('reports a denial in the browser as AUTHORIZATION_DENIED, and never exchanges a code', async () => {
    decision = 'deny';
    const before = sim.requests.length;
    const report = await app.call('grant:run', { profileId: 'sunshine', values: values() });
    expect(report.error?.code).toBe('AUTHORIZATION_DENIED');
    expect(sim.requests.slice(before).some((request) => request.path === '/oauth/token')).toBe(false);
  });

  it('accepts a pasted redirect URL when the browser cannot reach the listener', async () => {
    const pasting = await startCore({
      autoRenew: false,
      // The browser ends on the redirect, but the loopback listener never sees it: the user pastes it.
      opener: async (url) => {
        const location = await consentRedirect(url, 'allow');
        const { runId } = pasting.events.find((event) => event.event === 'grant:progress')!.payload as {
          runId: string;
        };
        await pasting.call('grant:paste-redirect', { runId, url: location });
      },
    });
    const report = await pasting.call('grant:run', { profileId: 'sunshine', values: values() });
    await pasting.close();
    expect(report.error).toBeUndefined();
    expect(report.token?.tokenType).toBe('Bearer');
  });

  it('refuses a wrong client secret with the field to fix', async () => {
    decision = 'allow';
    const report = await app.call('grant:run', { profileId: 'sunshine', values: values({ clientSecret: 'bad' }) });
    expect(report.error).toMatchObject({ code: 'INVALID_CLIENT', field: 'clientSecret' });
  });
});

describe('Sunshine Conversations app JWT (no network)', () => {
  it('signs an HS256 JWT with kid = key id and payload {"scope":"app"}, which the API accepts', async () => {
    const before = sim.requests.length;
    const report = await app.call('grant:run', {
      profileId: 'sunshine-jwt',
      values: { keyId: SUNSHINE_APP_KEY.keyId, secret: SUNSHINE_APP_KEY.secret, scope: 'app' },
    });
    expect(report.error).toBeUndefined();
    expect(sim.requests.length).toBe(before);
    expect(report.token?.jwt?.header).toEqual({ typ: 'JWT', kid: SUNSHINE_APP_KEY.keyId, alg: 'HS256' });
    expect(report.token?.jwt?.payload).toEqual({ scope: 'app' });
    await app.call('token:copy', { runId: report.runId });
    const jwt = app.clipboard.at(-1)!;
    expect(decodeJwt(jwt).payload).toEqual({ scope: 'app' });
    const apps = await fetch(`${sim.baseUrl}/v2/apps`, { headers: { authorization: `Bearer ${jwt}` } });
    expect(apps.status).toBe(200);
  });
});
