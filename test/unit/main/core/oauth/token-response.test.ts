import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src/shared/domain/errors.ts';
import { processTokenResponse } from '../../../../../src/main/core/oauth/token-response.ts';
import { responseOf } from '../../../../support/responses.ts';

const NOW = new Date('2026-01-01T00:00:00Z');

function failure(body: unknown): AppError {
  try {
    processTokenResponse(responseOf(200, body), NOW);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('processTokenResponse', () => {
  it('reads an RFC 6749 response without warnings', () => {
    const token = processTokenResponse(
      responseOf(200, { access_token: 'abc', token_type: 'bearer', expires_in: 300, refresh_token: 'r', scope: 'a b' }),
      NOW,
    );
    expect(token).toEqual({
      accessToken: 'abc',
      tokenType: 'Bearer',
      expiresIn: 300,
      expiresAt: '2026-01-01T00:05:00.000Z',
      refreshToken: 'r',
      scope: 'a b',
      warnings: [],
    });
  });

  it('accepts KPN’s Apigee answer and says how it departs from the standard', () => {
    const token = processTokenResponse(
      responseOf(200, {
        refresh_token_expires_in: '0',
        token_type: 'BearerToken',
        issued_at: '1521039195424',
        access_token: 'haf2SDl07E9N7RluNQ4kJ1TkGgso',
        scope: '',
        expires_in: '3599',
        status: 'approved',
      }),
      NOW,
    );
    expect(token.tokenType).toBe('Bearer');
    expect(token.expiresIn).toBe(3599);
    expect(token.scope).toBeUndefined();
    expect(token.warnings).toEqual([
      '"token_type" is "BearerToken"; treated as Bearer.',
      '"expires_in" is the string "3599"; RFC 6749 §5.1 wants a number.',
    ]);
  });

  it('finds Khoros’ token in a data envelope', () => {
    const token = processTokenResponse(
      responseOf(200, { data: { accessToken: 'jwt-here' }, status: { succeeded: true } }),
      NOW,
    );
    expect(token.accessToken).toBe('jwt-here');
    expect(token.warnings).toContain('The token is in "data.accessToken" rather than "access_token" (RFC 6749 §5.1).');
    expect(token.warnings).toContain('No "expires_in": the expiry is unknown.');
  });

  it('fails with NO_TOKEN when a 200 carries no token, listing what it has', () => {
    const error = failure({ status: 'ok', message: 'hello' });
    expect(error.code).toBe('NO_TOKEN');
    expect(error.message).toContain('it has: status, message');
  });

  it.each([
    [{ access_token: 42 }, 'token response "access_token" is not a non-empty string.'],
    [{ access_token: 'a', expires_in: 'soon' }, 'token response "expires_in" is not a number of seconds.'],
    [{ access_token: 'a', expires_in: -5 }, 'token response "expires_in" is not a positive number.'],
    [{ access_token: 'a', token_type: 7 }, 'token response "token_type" is not a string.'],
    [{ access_token: 'a', refresh_token: 7, expires_in: 1 }, 'token response "refresh_token" is not a string.'],
  ])('names the member that is wrong in %j', (body, message) => {
    const error = failure(body);
    expect(error.code).toBe('INVALID_TOKEN_RESPONSE');
    expect(error.message).toBe(message);
  });

  it('rejects a body that is not a JSON object', () => {
    expect(failure('[1,2]').code).toBe('INVALID_TOKEN_RESPONSE');
    expect(failure([1, 2]).code).toBe('INVALID_TOKEN_RESPONSE');
  });
});

describe('processTokenResponse: an expires_in beyond any date', () => {
  it.each([
    ['1e20', '1e20'],
    ['9223372036854775807', '9223372036854775807'],
    ['"9223372036854775807"', '9223372036854775807'],
  ])('expires_in %s → the token, marked as not expiring, with what the server said', (raw, said) => {
    const token = processTokenResponse(
      responseOf(200, `{"access_token":"abc","token_type":"Bearer","expires_in":${raw}}`),
      NOW,
    );
    expect(token.accessToken).toBe('abc');
    expect(token.expiresIn).toBeUndefined();
    expect(token.expiresAt).toBeUndefined();
    expect(token.warnings).toContain(`The token does not expire (server said ${said} s).`);
  });

  it('a JWT whose exp is beyond any date → not expiring, not a RangeError', () => {
    const payload = Buffer.from('{"exp":1e20}').toString('base64url');
    const jwt = `eyJhbGciOiJub25lIn0.${payload}.`;
    const token = processTokenResponse(responseOf(200, { access_token: jwt, token_type: 'Bearer' }), NOW);
    expect(token.expiresAt).toBeUndefined();
    expect(token.warnings).toContain('The token does not expire (its JWT "exp" is 100000000000000000000).');
  });

  it('a long but real lifetime (68 years, 2^31 − 1 s) keeps its date', () => {
    const token = processTokenResponse(responseOf(200, { access_token: 'abc', expires_in: 2147483647 }), NOW);
    expect(token.expiresAt).toBe(new Date(NOW.getTime() + 2147483647 * 1000).toISOString());
  });
});
