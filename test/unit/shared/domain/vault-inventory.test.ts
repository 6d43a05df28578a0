import { describe, expect, it } from 'vitest';
import { secretKindOf } from '../../../../src/shared/domain/vault-inventory.ts';
import { PROFILES } from '../../../../src/shared/providers/index.ts';

describe('secretKindOf', () => {
  it('gives every secret field of every built-in profile its kind, from the field alone', () => {
    const kinds = Object.fromEntries(
      PROFILES.flatMap((profile) =>
        profile.fields
          .filter((field) => field.type === 'secret')
          .map((field) => [`${profile.id}.${field.name}`, secretKindOf(field)]),
      ),
    );
    expect(kinds).toEqual({
      'kaisa.clientSecret': 'client-secret',
      'khoros.clientSecret': 'client-secret',
      'khoros.loginPassword': 'password',
      'khoros-token.accessToken': 'api-token',
      'kinetic.clientSecret': 'client-secret',
      'kpn.clientSecret': 'client-secret',
      'oauth2.clientSecret': 'client-secret',
      'oauth2.privateKey': 'private-key',
      'oauth2.clientCertificate': 'certificate',
      'oauth2.clientCertificateKey': 'private-key',
      'oauth2.clientCertificatePassword': 'password',
      'oauth2.refreshToken': 'refresh-token',
      'oauth2.password': 'password',
      'oauth2.subjectToken': 'api-token',
      'oauth2.actorToken': 'api-token',
      'oauth2.assertionKey': 'private-key',
      'sunshine.clientSecret': 'client-secret',
      'sunshine-jwt.secret': 'client-secret',
    });
  });

  it('names a field of a profile it has never seen by its words', () => {
    expect(secretKindOf({ name: 'apiKey', label: 'API key' })).toBe('client-secret');
    expect(secretKindOf({ name: 'pat', label: 'Personal access token' })).toBe('api-token');
    expect(secretKindOf({ name: 'tlsCert', label: 'TLS certificate (PEM)' })).toBe('certificate');
  });
});
