import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KHOROS_API_TOKEN,
  KHOROS_CLIENT,
  startKhorosSimulator,
  type KhorosSimulator,
} from '../../fixtures/simulators/khoros.ts';
import { startCore } from '../../support/core.ts';
import { expectExportsReproduce } from '../../support/exports.ts';

let sim: KhorosSimulator;
let app: Awaited<ReturnType<typeof startCore>>;
beforeAll(async () => {
  sim = await startKhorosSimulator();
  app = await startCore({ autoRenew: false });
});
afterAll(async () => {
  await app.close();
  await sim.close();
});

const values = (overrides: Record<string, string> = {}) => ({
  authBaseUrl: sim.authBaseUrl,
  apiBaseUrl: sim.apiBaseUrl,
  environment: 'Production',
  clientId: KHOROS_CLIENT.clientId,
  clientSecret: KHOROS_CLIENT.clientSecret,
  loginEmail: KHOROS_CLIENT.loginEmail,
  loginPassword: KHOROS_CLIENT.loginPassword,
  redirectUri: KHOROS_CLIENT.redirectUri,
  ...overrides,
});

describe('Khoros Marketing 3-legged OAuth', () => {
  it('walks /authorize, /grant (code from the redirect) and /token, reads data.accessToken and checks /v2/me', async () => {
    const before = sim.requests.length;
    const report = await app.call('grant:run', { profileId: 'khoros', values: values() });
    expect(report.error).toBeUndefined();
    expect(report.steps.map((step) => [step.id, step.response?.status])).toEqual([
      ['authorize', 200],
      ['grant', 302],
      ['token', 200],
      ['check', 200],
    ]);
    const token = sim.requests.slice(before).find((request) => request.path === '/v1/oauth/token')!;
    const params = new URLSearchParams(token.body.toString());
    expect([...params.keys()]).toEqual(['grant_type', 'code', 'client_id', 'client_secret', 'redirect_uri']);
    expect(report.token?.warnings).toContain(
      'The token is in "data.accessToken" rather than "access_token" (RFC 6749 §5.1).',
    );
    expect(Date.parse(report.token!.expiresAt!) - Date.now()).toBeGreaterThan(700 * 24 * 3600 * 1000);
    // The code from the redirect is a secret: masked in the report, a variable in the export.
    expect(JSON.stringify(report)).not.toContain(params.get('code'));
    const shown = await app.call('snippet:export', { runId: report.runId, stepId: 'token', lang: 'curl', mode: 'env' });
    expect(shown.code).toMatch(/^# TOKENSMITH_KHOROS_CODE: "code" from the redirect of step "Log in at \/grant"/);
    expect(shown.code).toContain('--data-urlencode code="$TOKENSMITH_KHOROS_CODE"');
    expect(await expectExportsReproduce(app.core, report.runId, sim, sim.requests.slice(before))).toBe(4);
    const [entry] = await app.call('ledger:list', {});
    expect(entry).toMatchObject({ profileId: 'khoros', environment: 'Production', clientId: KHOROS_CLIENT.clientId });
  });

  it.each([
    [
      'a wrong client ID',
      { clientId: 'unknownclient' },
      'INVALID_CLIENT',
      'clientId',
      /does not recognise this application/,
    ],
    [
      'a wrong password',
      { loginPassword: 'nope' },
      'INVALID_CREDENTIALS',
      'loginPassword',
      /Incorrect Email or Password/,
    ],
    [
      'a wrong email',
      { loginEmail: 'someone@else.example' },
      'INVALID_CREDENTIALS',
      'loginPassword',
      /Incorrect Email or Password/,
    ],
    [
      'a wrong client secret (a 500 at /token)',
      { clientSecret: 'nope' },
      'INVALID_CLIENT',
      'clientSecret',
      /500 SERVER ERROR at \/token/,
    ],
  ])('diagnoses %s', async (_name, overrides, code, field, message) => {
    const changed = Object.fromEntries(
      Object.entries(overrides).map(([key, value]) => [key, value.replace('PLACEHOLDER', sim.apiBaseUrl)]),
    );
    const report = await app.call('grant:run', { profileId: 'khoros', values: values(changed) });
    expect(report.error).toMatchObject({ code, field });
    expect(report.error?.message).toMatch(message);
    const serialized = JSON.stringify(report);
    for (const secret of [KHOROS_CLIENT.clientSecret, KHOROS_CLIENT.loginPassword]) {
      expect(serialized).not.toContain(secret);
      expect(serialized).not.toContain(encodeURIComponent(secret));
    }
  });

  it('an environment in the wrong case only fails the check: the token is kept, the 586 explained', async () => {
    const report = await app.call('grant:run', {
      profileId: 'khoros',
      values: values({ apiBaseUrl: `${sim.apiBaseUrl}/production/v1` }),
    });
    expect(report.error).toBeUndefined();
    expect(report.ledgerId).toBeDefined();
    expect(report.steps.at(-1)?.error).toMatchObject({ code: 'HTTP_ERROR', field: 'environment' });
    expect(report.warnings).toContainEqual(
      expect.stringMatching(
        /^could not confirm the token: \/production\/v1\/v2\/me answered \d+\. .*586 Service Not Found/,
      ),
    );
  });
});

describe('Khoros API access token (pasted)', () => {
  it('checks a pasted JWT against /v2/me and takes its expiry from exp', async () => {
    const before = sim.requests.length;
    const report = await app.call('grant:run', {
      profileId: 'khoros-token',
      values: { apiBaseUrl: sim.apiBaseUrl, accessToken: KHOROS_API_TOKEN },
    });
    expect(report.error).toBeUndefined();
    expect(report.steps.at(-1)).toMatchObject({ id: 'check', response: { status: 200 } });
    expect(report.steps.at(-1)?.request?.headers).toContainEqual([
      'Authorization',
      `Bearer ••••${KHOROS_API_TOKEN.slice(-4)}`,
    ]);
    expect(report.token?.expiresAt).toBeDefined();
    expect(await expectExportsReproduce(app.core, report.runId, sim, sim.requests.slice(before))).toBe(1);
  });

  it('says "Developer Inactive" means an expired or revoked token', async () => {
    sim.expire(KHOROS_API_TOKEN);
    const report = await app.call('grant:run', {
      profileId: 'khoros-token',
      values: { apiBaseUrl: sim.apiBaseUrl, accessToken: KHOROS_API_TOKEN },
    });
    expect(report.error).toMatchObject({ code: 'TOKEN_REJECTED', field: 'accessToken' });
    expect(report.error?.message).toMatch(/Developer Inactive.*expired or was revoked/);
    expect(JSON.stringify(report)).not.toContain(KHOROS_API_TOKEN);
  });

  it('refuses a token Khoros does not know', async () => {
    const report = await app.call('grant:run', {
      profileId: 'khoros-token',
      values: { apiBaseUrl: sim.apiBaseUrl, accessToken: 'not-a-real-token-123' },
    });
    expect(report.error).toMatchObject({ code: 'TOKEN_REJECTED', field: 'accessToken' });
  });
});
