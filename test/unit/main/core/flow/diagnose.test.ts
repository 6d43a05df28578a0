import { describe, expect, it } from 'vitest';
import { diagnoseResponse } from '../../../../../src/main/core/flow/diagnose.ts';
import { kaisa } from '../../../../../src/shared/providers/kaisa.ts';
import { oauth2 } from '../../../../../src/shared/providers/oauth2.ts';
import { responseOf } from '../../../../support/responses.ts';

const context = { profile: kaisa, stepId: 'token', endpoint: 'The token endpoint', urlField: 'tokenUrl' };

describe('diagnoseResponse', () => {
  it('lets a good JSON response through', () => {
    expect(diagnoseResponse(responseOf(200, { access_token: 'x' }), context)).toBeUndefined();
  });

  it('uses the profile’s own rule first: Kaisa’s 401 names the client secret', () => {
    const error = diagnoseResponse(responseOf(401, { error: 'invalid_client' }), context);
    expect(error?.code).toBe('INVALID_CLIENT');
    expect(error?.field).toBe('clientSecret');
    expect(error?.hint).toMatch(/Client ID and Client secret/);
  });

  it('recognises an HTML error page and quotes its title', () => {
    const error = diagnoseResponse(
      responseOf(404, '<html><head><title>404 Not Found</title></head><body>nginx</body></html>', [
        ['content-type', 'text/html'],
      ]),
      context,
    );
    expect(error?.code).toBe('HTML_RESPONSE');
    expect(error?.message).toBe(
      'The token endpoint answered 404 with an HTML page ("404 Not Found") where JSON was expected.',
    );
    expect(error?.hint).toMatch(/^Check Token URL/);
    expect(error?.field).toBe('tokenUrl');
  });

  it('says a 502, 503 or 504 server is unavailable, and does not blame the URL', () => {
    const error = diagnoseResponse(
      responseOf(503, '<html><head><title>Down for maintenance</title></head></html>', [
        ['content-type', 'text/html'],
        ['retry-after', '120'],
      ]),
      context,
    );
    expect(error?.code).toBe('HTTP_ERROR');
    expect(error?.message).toBe('The token endpoint answered 503: the server is unavailable ("Down for maintenance").');
    expect(error?.hint).toBe('It may be down for maintenance or overloaded; try again after 120 s.');
    expect(error?.field).toBeUndefined();
    expect(diagnoseResponse(responseOf(502, 'Bad Gateway'), context)?.message).toBe(
      'The token endpoint answered 502: the server is unavailable.',
    );
  });

  it('recognises HTML served as text/plain by its first character', () => {
    expect(diagnoseResponse(responseOf(200, '<h1>Developer Inactive</h1>'), context)?.code).toBe('HTML_RESPONSE');
  });

  it('reports garbage that is neither JSON nor HTML', () => {
    const error = diagnoseResponse(responseOf(200, 'access_token=abc&expires=3'), context);
    expect(error?.code).toBe('INVALID_JSON');
    expect(error?.message).toContain('"access_token=abc&expires=3"');
  });

  it('explains OAuth error codes', () => {
    const error = diagnoseResponse(
      responseOf(400, { error: 'invalid_scope', error_description: 'no such scope' }),
      context,
    );
    expect(error?.code).toBe('HTTP_ERROR');
    expect(error?.message).toBe('The token endpoint answered 400 invalid_scope: no such scope.');
    expect(error?.hint).toMatch(/scope/);
  });

  it('reports a bare error status', () => {
    const error = diagnoseResponse(responseOf(500, {}), context);
    expect(error?.code).toBe('HTTP_ERROR');
    expect(error?.message).toBe('The token endpoint answered 500.');
  });

  it('on invalid_client names the methods the discovery document lists when the one used is not among them', () => {
    const oauthContext = {
      profile: oauth2,
      stepId: 'client-credentials',
      endpoint: 'The token endpoint',
      urlField: 'tokenUrl',
      values: { grantType: 'client_credentials', clientAuth: 'basic', clientId: 'a', clientSecret: 'b' },
    };
    const wrongMethod = diagnoseResponse(responseOf(401, { error: 'invalid_client' }), {
      ...oauthContext,
      acceptedClientAuth: ['client_secret_post', 'private_key_jwt'],
    });
    expect(wrongMethod?.code).toBe('INVALID_CLIENT');
    expect(wrongMethod?.field).toBe('clientAuth');
    expect(wrongMethod?.hint).toBe(
      'This server accepts: credentials in the body (client_secret_post), an assertion signed with a private key (private_key_jwt). Choose it in Client authentication.',
    );
    // The method is one the server accepts: the credentials themselves are to check.
    const rightMethod = diagnoseResponse(responseOf(401, { error: 'invalid_client' }), {
      ...oauthContext,
      acceptedClientAuth: ['client_secret_basic'],
    });
    expect(rightMethod?.field).toBe('clientSecret');
  });
});
