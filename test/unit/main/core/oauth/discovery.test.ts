import { describe, expect, it } from 'vitest';
import { discoveryUrls, processMetadata } from '../../../../../src/main/core/oauth/discovery.ts';
import { AppError } from '../../../../../src/shared/domain/errors.ts';
import { responseOf } from '../../../../support/responses.ts';

const ISSUER = 'https://as.example.com';

function metadata(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    issuer: ISSUER,
    token_endpoint: `${ISSUER}/oauth2/token`,
    authorization_endpoint: `${ISSUER}/oauth2/authorize`,
    revocation_endpoint: `${ISSUER}/oauth2/revoke`,
    ...overrides,
  };
}

function failure(body: unknown, issuer = ISSUER): AppError {
  try {
    processMetadata(responseOf(200, body), issuer);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('discoveryUrls', () => {
  it.each([
    [
      'https://as.example.com',
      'https://as.example.com/.well-known/openid-configuration',
      'https://as.example.com/.well-known/oauth-authorization-server',
    ],
    [
      'https://as.example.com/',
      'https://as.example.com/.well-known/openid-configuration',
      'https://as.example.com/.well-known/oauth-authorization-server',
    ],
    [
      'https://as.example.com:8443/tenant/v2',
      'https://as.example.com:8443/tenant/v2/.well-known/openid-configuration',
      'https://as.example.com:8443/.well-known/oauth-authorization-server/tenant/v2',
    ],
    [
      'https://as.example.com/realms/acme/',
      'https://as.example.com/realms/acme/.well-known/openid-configuration',
      'https://as.example.com/.well-known/oauth-authorization-server/realms/acme',
    ],
  ])('%s: OpenID Connect first, then RFC 8414', (issuer, oidc, rfc8414) => {
    expect(discoveryUrls(issuer)).toEqual([oidc, rfc8414]);
  });
});

describe('processMetadata', () => {
  it('returns the issuer and the known endpoints, ignoring other members', () => {
    const outputs = processMetadata(
      responseOf(200, metadata({ scopes_supported: ['openid'], jwks_uri: `${ISSUER}/jwks` })),
      ISSUER,
    );
    expect(outputs).toEqual({
      issuer: ISSUER,
      token_endpoint: `${ISSUER}/oauth2/token`,
      authorization_endpoint: `${ISSUER}/oauth2/authorize`,
      revocation_endpoint: `${ISSUER}/oauth2/revoke`,
      jwks_uri: `${ISSUER}/jwks`,
    });
  });

  it('accepts http endpoints on loopback (local test servers)', () => {
    const issuer = 'http://127.0.0.1:4444';
    const outputs = processMetadata(
      responseOf(200, { issuer, token_endpoint: `${issuer}/token`, userinfo_endpoint: 'http://localhost:4444/me' }),
      issuer,
    );
    expect(outputs.token_endpoint).toBe(`${issuer}/token`);
    expect(outputs.userinfo_endpoint).toBe('http://localhost:4444/me');
  });

  it.each([
    ['another issuer', 'https://evil.example'],
    ['the issuer with a trailing slash', `${ISSUER}/`],
    ['the issuer in another case', 'https://AS.example.com'],
    ['no issuer', undefined],
  ])('refuses a document naming %s → DISCOVERY_FAILED on the issuer field', (_name, issuer) => {
    const error = failure(metadata({ issuer }));
    expect(error).toMatchObject({ code: 'DISCOVERY_FAILED', field: 'issuer' });
    expect(error.message).toBe(`The discovery document names issuer ${JSON.stringify(issuer)}, not ${ISSUER}.`);
  });

  it('refuses a trailing slash the other way round too', () => {
    expect(failure(metadata({ issuer: ISSUER }), `${ISSUER}/`)).toMatchObject({
      code: 'DISCOVERY_FAILED',
      field: 'issuer',
    });
  });

  it.each([
    ['token_endpoint', 'http://as.example.com/oauth2/token'],
    ['authorization_endpoint', 'http://as.example.com/authorize'],
    ['revocation_endpoint', 'ftp://as.example.com/revoke'],
    ['token_endpoint', 'not a url'],
    ['token_endpoint', 42],
  ])('refuses a non-https %s (%s)', (member, value) => {
    const error = failure(metadata({ [member]: value }));
    expect(error).toMatchObject({ code: 'DISCOVERY_FAILED', field: 'issuer' });
    expect(error.message).toBe(`The discovery document's "${member}" is not an https URL.`);
  });

  it('refuses a document without token_endpoint, pointing at the Token URL field', () => {
    const error = failure(metadata({ token_endpoint: undefined }));
    expect(error).toMatchObject({ code: 'DISCOVERY_FAILED', field: 'tokenUrl' });
    expect(error.message).toBe('The discovery document has no "token_endpoint".');
  });

  it.each([
    ['HTML', '<html><body>login</body></html>'],
    ['a JSON array', [metadata()]],
    ['JSON null', 'null'],
  ])('refuses %s → DISCOVERY_FAILED', (_name, body) => {
    const error = failure(body);
    expect(error).toMatchObject({ code: 'DISCOVERY_FAILED', field: 'issuer' });
    expect(error.message).toBe('The discovery document is not a JSON object.');
  });
});
