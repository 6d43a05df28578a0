import { afterAll, describe, expect, it } from 'vitest';
import type { SavedRequest } from '../../../src/shared/domain/workspace.ts';
import { startKaisaSimulator } from '../../fixtures/simulators/kaisa.ts';
import { startKhorosSimulator } from '../../fixtures/simulators/khoros.ts';
import { startKpnSimulator } from '../../fixtures/simulators/kpn.ts';
import type { SimServer } from '../../fixtures/simulators/sim-server.ts';
import { startCore } from '../../support/core.ts';
import { PROVIDER_CURL_EXAMPLES, type ProviderPage } from '../../fixtures/interop/provider-examples.ts';

/**
 * Acceptance 1 of issue 8: every cURL example on the provider pages (copied in test/fixtures/interop/provider-examples.ts) imports
 * through `import:text` and runs against the simulators. The pages' hosts are not reachable, so
 * each imported URL is pointed at a simulator, as a user would edit the field; the doc's own sample
 * credentials are what the simulators accept, and the placeholders (APP_CONSUMER_KEY, <accessToken>)
 * are filled in like a user would.
 */

const CHEAP_KDF = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 };
const servers: SimServer[] = [];
const cores: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all([...servers.map((server) => server.close()), ...cores.map((core) => core.close())]);
});

async function importedCore(text: string) {
  const app = await startCore({ kdf: CHEAP_KDF, autoRenew: false });
  cores.push(app);
  await app.call('vault:use-passphrase', { passphrase: 'correct horse battery staple' });
  const summary = await app.call('import:text', { text });
  const { requests } = await app.call('requests:list', {});
  return { app, summary, requests };
}

/** A page's examples, pasted together as one text. */
function examples(page: ProviderPage): string {
  return PROVIDER_CURL_EXAMPLES[page].join('\n\n');
}

/** The saved request as the user leaves it after pointing its URLs at the simulator. */
function pointedAt(request: SavedRequest, values: Record<string, string>, followUps = request.followUps) {
  return { id: request.id, name: request.name, profileId: request.profileId, values, followUps };
}

describe('the cURL examples of the provider pages', () => {
  it('Kaisa: the JSON and form token requests become Kaisa requests, the API call their follow-up, and all run', async () => {
    const jsonSim = await startKaisaSimulator({ clientId: '123abc-456def-789ghi', clientSecret: '1234567890' });
    const formSim = await startKaisaSimulator({ clientId: '123abc456def789ghi', clientSecret: '1234567890' });
    servers.push(jsonSim, formSim);
    const { app, summary, requests } = await importedCore(examples('kaisa-freespee-oauth2'));
    expect(summary).toMatchObject({ kind: 'curl', requests: 2, environments: 0, secrets: 2, warnings: [] });
    expect(requests.map((request) => [request.profileId, request.values, request.secretFields])).toEqual([
      [
        'kaisa',
        { tokenUrl: 'https://auth.freespee.com/oauth2/token', clientId: '123abc-456def-789ghi', bodyFormat: 'json' },
        ['clientSecret'],
      ],
      [
        'kaisa',
        { tokenUrl: 'https://auth.freespee.com/oauth2/token', clientId: '123abc456def789ghi', bodyFormat: 'form' },
        ['clientSecret'],
      ],
    ]);
    const [json, form] = requests as [SavedRequest, SavedRequest];
    expect(form.followUps).toEqual([
      expect.objectContaining({
        method: 'GET',
        url: 'https://api.analytics.freespee.com/version/customers',
        headers: [['Authorization', 'Bearer {{token}}']],
      }),
    ]);
    for (const [request, sim] of [
      [json, jsonSim],
      [form, formSim],
    ] as const) {
      await app.call('requests:save', pointedAt(request, { ...request.values, tokenUrl: sim.tokenUrl }));
      const report = await app.call('grant:run', { profileId: 'kaisa', savedRequestId: request.id, values: {} });
      expect(report.error).toBeUndefined();
      expect(report.token).toBeDefined();
      const sent = sim.requests.at(-1)!;
      expect(sent.headers['content-type']).toBe(
        request === json ? 'application/json' : 'application/x-www-form-urlencoded',
      );
      if (request === form) {
        // "version" in the page's URL stands for v2 or v3; the simulator serves v3.
        const followUp = { ...form.followUps[0]!, url: `${formSim.origin}/v3/customers` };
        const call = await app.call('followup:send', {
          profileId: 'kaisa',
          ledgerId: report.ledgerId,
          request: followUp,
        });
        expect(call.error).toBeUndefined();
        expect(call.steps[0]?.response?.status).toBe(200);
      }
    }
  });

  it('KPN: the token request becomes a KPN request (placeholders to fill in) and runs', async () => {
    const sim = await startKpnSimulator();
    servers.push(sim);
    const { app, summary, requests } = await importedCore(examples('kpn-messenger-api'));
    expect(summary).toMatchObject({ kind: 'curl', requests: 1, secrets: 0 });
    expect(summary.warnings).toEqual([
      '"APP_CONSUMER_KEY" is a placeholder: fill in Client ID.',
      '"APP_CONSUMER_SECRET" is a placeholder: fill in Client secret.',
    ]);
    const kpn = requests[0]!;
    expect([kpn.profileId, kpn.values]).toEqual([
      'kpn',
      { tokenUrl: 'https://api-prd.kpn.com/oauth/client_credential/accesstoken' },
    ]);
    const { KPN_CLIENT } = await import('../../fixtures/simulators/kpn.ts');
    await app.call(
      'requests:save',
      pointedAt(kpn, { tokenUrl: sim.tokenUrl, clientId: KPN_CLIENT.clientId, clientSecret: KPN_CLIENT.clientSecret }),
    );
    const report = await app.call('grant:run', { profileId: 'kpn', savedRequestId: kpn.id, values: {} });
    expect(report.error).toBeUndefined();
    expect(sim.requests.at(-1)!.query).toBe('grant_type=client_credentials');
  });

  it('Khoros: the /v2/me call becomes a follow-up of a Khoros API-token request and runs with the token', async () => {
    const sim = await startKhorosSimulator();
    servers.push(sim);
    const { app, summary, requests } = await importedCore(examples('khoros-marketing-conversations-api'));
    expect(summary).toMatchObject({ kind: 'curl', requests: 1, secrets: 0 });
    const holder = requests[0]!;
    expect([holder.profileId, holder.values]).toEqual(['khoros-token', { apiBaseUrl: 'https://api.spredfast.com' }]);
    const followUp = { ...holder.followUps[0]!, url: `${sim.apiBaseUrl}/v2/me` };
    expect(holder.followUps[0]).toMatchObject({ method: 'GET', headers: [['Authorization', 'Bearer {{token}}']] });
    await app.call(
      'requests:save',
      pointedAt(holder, { apiBaseUrl: sim.apiBaseUrl, accessToken: sim.apiToken }, [followUp]),
    );
    const report = await app.call('grant:run', { profileId: 'khoros-token', savedRequestId: holder.id, values: {} });
    expect(report.error).toBeUndefined();
    const call = await app.call('followup:send', {
      profileId: 'khoros-token',
      ledgerId: report.ledgerId,
      request: followUp,
    });
    expect(call.steps[0]?.response?.status).toBe(200);
  });
});
