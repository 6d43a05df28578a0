import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcServer, type OidcServer } from '../../fixtures/oidc/oidc-server.ts';
import { startCore } from '../../support/core.ts';

/** Issue 15 item 8: Revoke asks for the field it needs (an undiscovered revocation URL) instead of failing. */
let oidc: OidcServer;
let app: Awaited<ReturnType<typeof startCore>>;

beforeAll(async () => {
  oidc = await startOidcServer();
  app = await startCore({ autoRenew: false });
}, 60_000);
afterAll(async () => {
  await app.close();
  await oidc.close();
});

async function tokenFrom(where: { tokenUrl: string } | { issuer: string }): Promise<string> {
  const report = await app.call('grant:run', {
    profileId: 'oauth2',
    values: { ...where, clientId: oidc.clients.basic.clientId, clientSecret: oidc.clients.basic.clientSecret },
  });
  expect(report.error).toBeUndefined();
  return report.ledgerId!;
}

async function view(id: string) {
  return (await app.call('ledger:list', {})).find((entry) => entry.id === id)!;
}

describe('Revoke and the fields it needs', () => {
  it('names the Revocation URL when neither typed nor discovered, and revokes with the one given', async () => {
    const id = await tokenFrom({ tokenUrl: oidc.tokenEndpoint });
    expect((await view(id)).revokeNeeds).toEqual([{ field: 'revokeUrl', label: 'Revocation URL' }]);
    // Nothing discovered, no UserInfo endpoint to offer either.
    expect((await view(id)).canUserinfo).toBeUndefined();

    const without = await app.call('ledger:revoke', { id });
    expect(without.error).toMatchObject({ field: 'revokeUrl' });
    expect((await view(id)).status).not.toBe('revoked');

    const report = await app.call('ledger:revoke', { id, values: { revokeUrl: oidc.revocationEndpoint } });
    expect(report.error).toBeUndefined();
    expect(report.steps.map((step) => [step.id, step.request?.url, step.response?.status])).toEqual([
      ['revoke-access', oidc.revocationEndpoint, 200],
    ]);
    const revoked = await view(id);
    expect(revoked.status).toBe('revoked');
    expect(revoked.revokeNeeds).toBeUndefined();
  });

  it('takes only the fields Revoke needs: the token’s other settings stay', async () => {
    const id = await tokenFrom({ tokenUrl: oidc.tokenEndpoint });
    const report = await app.call('ledger:revoke', {
      id,
      values: { revokeUrl: oidc.revocationEndpoint, clientId: 'someone-else' },
    });
    expect(report.error).toBeUndefined();
    expect(report.steps[0]?.request?.headers).toContainEqual(['Authorization', 'Basic ••••']);
    expect((await view(id)).clientId).toBe(oidc.clients.basic.clientId);
  });

  it('needs nothing when the issuer’s discovery document names the revocation endpoint', async () => {
    const id = await tokenFrom({ issuer: oidc.issuer });
    expect((await view(id)).revokeNeeds).toBeUndefined();
    expect((await app.call('ledger:revoke', { id })).error).toBeUndefined();
  });
});
