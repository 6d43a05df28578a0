import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINETIC_CLIENT, startKineticSimulator, type KineticSimulator } from '../../fixtures/simulators/kinetic.ts';
import { startCore } from '../../support/core.ts';
import { expectExportsReproduce } from '../../support/exports.ts';

let sim: KineticSimulator;
let app: Awaited<ReturnType<typeof startCore>>;
beforeAll(async () => {
  sim = await startKineticSimulator();
  app = await startCore({ autoRenew: false });
});
afterAll(async () => {
  await app.close();
  await sim.close();
});

const values = (overrides: Record<string, string> = {}) => ({
  server: `${sim.server}/`,
  clientId: KINETIC_CLIENT.clientId,
  clientSecret: KINETIC_CLIENT.clientSecret,
  ...overrides,
});

describe('Kinetic Platform', () => {
  it('authenticates with HTTP Basic, puts both parameters in the query, and gets a JWT', async () => {
    const before = sim.requests.length;
    const report = await app.call('grant:run', { profileId: 'kinetic', values: values() });
    expect(report.error).toBeUndefined();
    const sent = sim.requests[before]!;
    expect(sent.path).toBe('/app/oauth/token');
    expect(sent.query).toBe('grant_type=client_credentials&response_type=token');
    expect(sent.headers.authorization).toBe(
      `Basic ${Buffer.from(`${KINETIC_CLIENT.clientId}:${KINETIC_CLIENT.clientSecret}`).toString('base64')}`,
    );
    expect(report.token?.jwt?.payload).toMatchObject({ iss: 'kinetic-data', username: KINETIC_CLIENT.clientId });
    expect(report.token?.expiresIn).toBe(43199);
    expect(report.steps.map((step) => [step.id, step.response?.status])).toEqual([
      ['token', 200],
      ['check', 200],
    ]);
    expect(report.steps[0]?.request?.headers).toContainEqual(['Authorization', 'Basic ••••']);
    expect(await expectExportsReproduce(app.core, report.runId, sim, sim.requests.slice(before))).toBe(2);
  });

  it('says which credentials to check on 401, naming where they are set', async () => {
    const report = await app.call('grant:run', { profileId: 'kinetic', values: values({ clientSecret: 'not-it' }) });
    expect(report.error).toMatchObject({ code: 'INVALID_CLIENT', field: 'clientSecret' });
    expect(report.error?.hint).toMatch(/Space > Settings > OAuth/);
  });

  it('requires the server field', async () => {
    const report = await app.call('grant:run', { profileId: 'kinetic', values: values({ server: '' }) });
    expect(report.error).toMatchObject({ code: 'MISSING_FIELD', field: 'server' });
    expect(report.steps).toEqual([]);
  });
});
