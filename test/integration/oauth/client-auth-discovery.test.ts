import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcServer, type OidcServer } from '../../fixtures/oidc/oidc-server.ts';
import { startCore } from '../../support/core.ts';

/**
 * Issue 15 item 5: the client authentication the server's discovery document lists. The server
 * here accepts credentials in the body only (and public clients); its client is registered for
 * client_secret_post.
 */
let oidc: OidcServer;
let app: Awaited<ReturnType<typeof startCore>>;

beforeAll(async () => {
  oidc = await startOidcServer({ clientAuthMethods: ['client_secret_post', 'none'] });
  app = await startCore({ autoRenew: false });
}, 60_000);
afterAll(async () => {
  await app.close();
  await oidc.close();
});

describe('client authentication from the discovery document', () => {
  it('grant:discover reads what the server accepts before any run', async () => {
    const { metadata } = await app.call('grant:discover', { profileId: 'oauth2', values: { issuer: oidc.issuer } });
    expect(metadata).toEqual({
      issuer: oidc.issuer,
      tokenEndpointAuthMethods: ['client_secret_post', 'none'],
      userinfoEndpoint: oidc.userinfoEndpoint,
    });
  });

  it('grant:discover answers nothing without an issuer, and DISCOVERY_FAILED for a server without a document', async () => {
    expect(await app.call('grant:discover', { profileId: 'oauth2', values: { tokenUrl: oidc.tokenEndpoint } })).toEqual(
      {},
    );
    await expect(
      app.call('grant:discover', { profileId: 'oauth2', values: { issuer: `${oidc.issuer}/nowhere` } }),
    ).rejects.toThrow(/^DISCOVERY_FAILED/);
  });

  // oidc-provider takes the secret in the header or the body alike, whichever of the two it registered:
  // an assertion signed with the secret is a method it does not accept here.
  it('on invalid_client with a method the server does not accept, says it accepts credentials in the body', async () => {
    const report = await app.call('grant:run', {
      profileId: 'oauth2',
      values: {
        issuer: oidc.issuer,
        clientId: oidc.clients.post.clientId,
        clientSecret: oidc.clients.post.clientSecret,
        clientAuth: 'client_secret_jwt',
      },
    });
    expect(report.error).toMatchObject({ code: 'INVALID_CLIENT', field: 'clientAuth' });
    expect(report.error?.hint).toContain('This server accepts: credentials in the body (client_secret_post)');
    expect(report.token).toBeUndefined();
  });

  it('with the method it preselects, the same client gets a token', async () => {
    const report = await app.call('grant:run', {
      profileId: 'oauth2',
      values: {
        issuer: oidc.issuer,
        clientId: oidc.clients.post.clientId,
        clientSecret: oidc.clients.post.clientSecret,
        clientAuth: 'form',
      },
    });
    expect(report.error).toBeUndefined();
    expect(report.token?.tokenType).toBe('Bearer');
  });
});
