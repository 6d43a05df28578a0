import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bodyParams, sendJson, startSimServer, type SimServer } from '../../fixtures/simulators/sim-server.ts';
import { FakeKeychain } from '../../support/fake-keychain.ts';
import { newUserDataDir, removeTempDirs, startApp } from '../vault/profile.ts';

const OLD_SECRET = 'the client secret before rotation';
const NEW_SECRET = 'the client secret after rotation 2026';
/** 6 s tokens are renewed 5 s before they expire: about a second after they were got. */
const LIFETIME_S = 6;

let sim: SimServer;
let issued = 0;
beforeAll(async () => {
  // Like a provider in the middle of a rotation, it still takes the old secret: only Tokensmith can
  // keep the old secret from being sent again.
  sim = await startSimServer((request, response) => {
    sendJson(response, 200, { access_token: `access-${++issued}`, token_type: 'Bearer', expires_in: LIFETIME_S });
  });
});
afterAll(async () => {
  await sim.close();
  removeTempDirs();
});

/** The client and secret of every token request the simulator received. */
const tokenRequests = () =>
  sim.requests.map((request) => {
    const params = bodyParams(request) ?? {};
    return [params.client_id, params.client_secret];
  });

describe('a token obtained with a replaced secret', () => {
  it('is neither renewed on its own nor by Renew (SECRET_REPLACED); the other tokens still renew', async () => {
    const app = await startApp(newUserDataDir(), { keychain: new FakeKeychain(), autoRenew: true });
    try {
      const values = { grantType: 'client_credentials', tokenUrl: `${sim.origin}/token`, clientAuth: 'form' };
      const rotated = await app.call('requests:save', {
        name: 'Rotated',
        profileId: 'oauth2',
        values: { ...values, clientId: 'rotated', clientSecret: OLD_SECRET },
      });
      const steady = await app.call('requests:save', {
        name: 'Steady',
        profileId: 'oauth2',
        values: { ...values, clientId: 'steady', clientSecret: 'the steady secret' },
      });
      for (const id of [rotated.id, steady.id]) {
        const report = await app.call('grant:run', { profileId: 'oauth2', savedRequestId: id, values: {} });
        expect(report.error).toBeUndefined();
      }
      expect(await app.call('vault:replace', { ref: `request:${rotated.id}/clientSecret`, value: NEW_SECRET })).toEqual(
        { marked: 1 },
      );
      const listed = await app.call('ledger:list', {});
      const marked = listed.find((view) => view.clientId === 'rotated')!;
      expect(marked).toMatchObject({ replacedSecret: true, canRenew: false });
      const steadyView = listed.find((view) => view.clientId === 'steady')!;
      expect(steadyView.canRenew).toBe(true);

      // Auto-renew is on and works: the other token is renewed shortly before it expires.
      await vi.waitFor(
        async () =>
          expect((await app.call('ledger:list', {})).find((view) => view.clientId === 'steady')!.obtainedAt).not.toBe(
            steadyView.obtainedAt,
          ),
        { timeout: 10_000, interval: 50 },
      );
      // Both were due at the same moment; give the marked one the time its renewal would take.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(tokenRequests().filter(([client]) => client === 'rotated')).toEqual([['rotated', OLD_SECRET]]);

      const before = sim.requests.length;
      const refused = await app.refused('ledger:renew', { id: marked.id });
      expect(refused.code).toBe('SECRET_REPLACED');
      expect(refused.hint).toContain('Run the request again');
      expect(sim.requests).toHaveLength(before);
      // It stays as it was, marked, until it expires.
      const after = (await app.call('ledger:list', {})).find((view) => view.id === marked.id)!;
      expect(after).toMatchObject({ replacedSecret: true, obtainedAt: marked.obtainedAt });
      expect(after.accessTokenMasked).toBe(marked.accessTokenMasked);

      // Running the request again gets a token with the new secret, in place of the marked one.
      const again = await app.call('grant:run', { profileId: 'oauth2', savedRequestId: rotated.id, values: {} });
      expect(again.error).toBeUndefined();
      expect(tokenRequests().at(-1)).toEqual(['rotated', NEW_SECRET]);
      const renewed = (await app.call('ledger:list', {})).find((view) => view.id === marked.id)!;
      expect(renewed.replacedSecret).toBeUndefined();
      expect(renewed.canRenew).toBe(true);
    } finally {
      await app.close();
    }
  }, 30_000);
});
