import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPN_CLIENT, startKpnSimulator, type KpnSimulator } from '../../fixtures/simulators/kpn.ts';
import { startCore } from '../../support/core.ts';
import { expectExportsReproduce } from '../../support/exports.ts';

let sim: KpnSimulator;
let app: Awaited<ReturnType<typeof startCore>>;
beforeAll(async () => {
  sim = await startKpnSimulator();
  app = await startCore({ autoRenew: false });
});
afterAll(async () => {
  await app.close();
  await sim.close();
});

const values = (overrides: Record<string, string> = {}) => ({
  tokenUrl: sim.tokenUrl,
  clientId: KPN_CLIENT.clientId,
  clientSecret: KPN_CLIENT.clientSecret,
  ...overrides,
});

describe('KPN API Store (Apigee)', () => {
  it('sends grant_type in the query and the credentials in a form body, and reads the Apigee answer', async () => {
    const before = sim.requests.length;
    const report = await app.call('grant:run', { profileId: 'kpn', values: values() });
    expect(report.error).toBeUndefined();
    const sent = sim.requests[before]!;
    expect(sent.query).toBe('grant_type=client_credentials');
    expect(sent.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(sent.body.toString()).get('client_secret')).toBe(KPN_CLIENT.clientSecret);
    expect(report.token).toMatchObject({ tokenType: 'Bearer', expiresIn: 3599 });
    expect(report.token?.warnings).toEqual([
      '"token_type" is "BearerToken"; treated as Bearer.',
      '"expires_in" is the string "3599"; RFC 6749 §5.1 wants a number.',
    ]);
    expect(await expectExportsReproduce(app.core, report.runId, sim, sim.requests.slice(before))).toBe(1);
  });

  it.each([
    ['an unknown client ID', { clientId: 'nope' }, 'clientId', /ClientId is Invalid/],
    ['a wrong secret', { clientSecret: 'wrong-secret-0042' }, 'clientSecret', /Client credentials are invalid/],
  ])('names the field to fix for %s', async (_name, overrides, field, message) => {
    const report = await app.call('grant:run', { profileId: 'kpn', values: values(overrides) });
    expect(report.error).toMatchObject({ code: 'INVALID_CLIENT', field });
    expect(report.error?.message).toMatch(message);
    expect(JSON.stringify(report)).not.toContain(KPN_CLIENT.clientSecret);
    expect(JSON.stringify(report)).not.toContain('wrong-secret-0042');
  });
});
