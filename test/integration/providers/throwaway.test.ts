import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/shared/providers/index.ts';
import {
  startThrowawaySimulator,
  THROWAWAY_CLIENT,
  throwaway,
  type ThrowawaySimulator,
} from '../../fixtures/providers/throwaway.ts';
import { startCore } from '../../support/core.ts';

/**
 * A provider added as docs/adding-a-provider.md says, without touching any file of src/: its
 * profile object and its simulator are fixtures, and the core is given the profile.
 */
let sim: ThrowawaySimulator;
let app: Awaited<ReturnType<typeof startCore>>;
beforeAll(async () => {
  sim = await startThrowawaySimulator();
  app = await startCore({ autoRenew: false, profiles: [...PROFILES, throwaway] });
});
afterAll(async () => {
  await app.close();
  await sim.close();
});

const values = (overrides: Record<string, string> = {}) => ({
  baseUrl: `${sim.origin}/`,
  clientId: THROWAWAY_CLIENT.clientId,
  clientSecret: THROWAWAY_CLIENT.clientSecret,
  ...overrides,
});

describe('a provider that is only a profile and a simulator', () => {
  it('gets a token through the core, checks it, and keeps it in the ledger under its client id', async () => {
    const report = await app.call('grant:run', { profileId: 'throwaway', values: values() });
    expect(report.error).toBeUndefined();
    expect(report.steps.map((step) => [step.id, step.response?.status])).toEqual([
      ['token', 200],
      ['check', 200],
    ]);
    expect(report.token?.accessTokenMasked).toBe(`••••${sim.issued.at(-1)!.slice(-4)}`);
    expect(JSON.stringify(report)).not.toContain(THROWAWAY_CLIENT.clientSecret);
    const entry = (await app.call('ledger:list', {})).find((candidate) => candidate.id === report.ledgerId);
    expect(entry).toMatchObject({ profileId: 'throwaway', clientId: THROWAWAY_CLIENT.clientId });
  });

  it("a wrong secret gets the profile's own diagnosis, naming its field", async () => {
    const report = await app.call('grant:run', { profileId: 'throwaway', values: values({ clientSecret: 'wrong' }) });
    expect(report.error).toMatchObject({ code: 'INVALID_CLIENT', field: 'clientSecret' });
  });

  it('an import recognises its token request and its API calls by what the profile says', async () => {
    const summary = await app.call('import:text', {
      text: [
        `curl ${sim.origin}/widgets/oauth/token -d grant_type=client_credentials -d client_id=${THROWAWAY_CLIENT.clientId} -d client_secret=YOUR_CLIENT_SECRET`,
        `curl ${sim.origin}/widgets/api/me -H 'Authorization: Bearer {{token}}'`,
      ].join('\n'),
    });
    expect(summary.warnings).toEqual(['"YOUR_CLIENT_SECRET" is a placeholder: fill in Client secret.']);
    const { requests } = await app.call('requests:list', {});
    const imported = requests.find((request) => request.id === summary.requestIds[0]);
    expect(imported).toMatchObject({
      profileId: 'throwaway',
      values: { baseUrl: sim.origin, clientId: THROWAWAY_CLIENT.clientId },
    });
    expect(imported?.followUps.map((followUp) => followUp.url)).toEqual([`${sim.origin}/widgets/api/me`]);

    const calls = await app.call('import:text', { text: `curl ${sim.origin}/widgets/api/orders` });
    const holder = (await app.call('requests:list', {})).requests.find((request) => request.id === calls.requestIds[0]);
    expect(holder).toMatchObject({ profileId: 'throwaway', values: { baseUrl: sim.origin } });
  });
});
