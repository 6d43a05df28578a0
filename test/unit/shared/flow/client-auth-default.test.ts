import { describe, expect, it } from 'vitest';
import { clientAuthFromDiscovery } from '../../../../src/shared/flow/client-auth-default.ts';
import { oauth2 } from '../../../../src/shared/providers/oauth2.ts';

const field = oauth2.fields.find((candidate) => candidate.name === 'clientAuth')!;

describe('clientAuthFromDiscovery', () => {
  it('keeps the default when the server accepts it, or lists nothing', () => {
    expect(clientAuthFromDiscovery(field, ['client_secret_post', 'client_secret_basic'])).toBeUndefined();
    expect(clientAuthFromDiscovery(field, [])).toBeUndefined();
  });

  it('picks the first method the form offers that the server accepts, and says why', () => {
    expect(clientAuthFromDiscovery(field, ['client_secret_post', 'none'])).toEqual({
      method: 'form',
      note: 'Chosen from the server’s discovery document, which accepts: credentials in the body, no client authentication (a public client).',
    });
    expect(clientAuthFromDiscovery(field, ['tls_client_auth', 'private_key_jwt'])?.method).toBe('private_key_jwt');
  });

  it('picks nothing when the server accepts nothing the form offers', () => {
    expect(clientAuthFromDiscovery(field, ['attest_jwt_client_auth'])).toBeUndefined();
  });
});
