import { describe, expect, it } from 'vitest';
import { processAuthorizationResponse } from '../../../../../src/main/core/oauth/authorization-response.ts';
import { AppError } from '../../../../../src/shared/domain/errors.ts';

const STATE = 'Zk3pQ1vS0b9yW7mXc2rT4uHn8eLdAoGf';
const ISSUER = 'https://as.example.com';

function callback(query: Record<string, string>): URL {
  const url = new URL('http://127.0.0.1:49152/callback');
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url;
}

function failure(url: URL, expected: { state: string; issuer?: string; issuerRequired?: boolean }): AppError {
  try {
    processAuthorizationResponse(url, expected);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('processAuthorizationResponse: state (RFC 6749 §10.12)', () => {
  it('returns the code when the state is exactly the one sent', () => {
    expect(processAuthorizationResponse(callback({ code: 'the-code', state: STATE }), { state: STATE })).toBe(
      'the-code',
    );
  });

  it.each([
    ['a prefix of it', STATE.slice(0, -1)],
    ['it with more appended', `${STATE}x`],
    ['it in another case', STATE.toUpperCase()],
    ['it with a space around', ` ${STATE}`],
    ['empty', ''],
  ])('refuses a state that is %s → STATE_MISMATCH', (_name, state) => {
    const error = failure(callback({ code: 'the-code', state }), { state: STATE });
    expect(error.code).toBe('STATE_MISMATCH');
    expect(error.message).toBe('The authorization response carries a different "state" than the one sent.');
    expect(error.message).not.toContain(STATE);
  });

  it('refuses a response without state', () => {
    const error = failure(callback({ code: 'the-code' }), { state: STATE });
    expect(error.code).toBe('STATE_MISMATCH');
    expect(error.message).toBe('The authorization response has no "state".');
  });

  it('checks state before reading an error, so a forged error link is not believed', () => {
    const error = failure(callback({ error: 'access_denied', state: 'forged' }), { state: STATE });
    expect(error.code).toBe('STATE_MISMATCH');
  });
});

describe('processAuthorizationResponse: iss (RFC 9207)', () => {
  it('accepts an iss equal to the expected issuer', () => {
    const url = callback({ code: 'c', state: STATE, iss: ISSUER });
    expect(processAuthorizationResponse(url, { state: STATE, issuer: ISSUER })).toBe('c');
  });

  it.each([
    ['another issuer', 'https://evil.example'],
    ['the issuer with a trailing slash', `${ISSUER}/`],
    ['the issuer over http', 'http://as.example.com'],
  ])('refuses %s → ISSUER_MISMATCH on the issuer field', (_name, iss) => {
    const error = failure(callback({ code: 'c', state: STATE, iss }), { state: STATE, issuer: ISSUER });
    expect(error).toMatchObject({ code: 'ISSUER_MISMATCH', field: 'issuer' });
    expect(error.message).toBe(`The authorization response comes from issuer ${iss}, not ${ISSUER}.`);
  });

  it('checks iss before reading an error', () => {
    const url = callback({ error: 'access_denied', state: STATE, iss: 'https://evil.example' });
    expect(failure(url, { state: STATE, issuer: ISSUER }).code).toBe('ISSUER_MISMATCH');
  });

  it('accepts a response without iss (it is checked when present)', () => {
    expect(processAuthorizationResponse(callback({ code: 'c', state: STATE }), { state: STATE, issuer: ISSUER })).toBe(
      'c',
    );
  });

  it('refuses a response without iss when the server advertises it (authorization_response_iss_parameter_supported)', () => {
    const error = failure(callback({ code: 'c', state: STATE }), {
      state: STATE,
      issuer: ISSUER,
      issuerRequired: true,
    });
    expect(error).toMatchObject({ code: 'ISSUER_MISMATCH', field: 'issuer' });
    expect(error.message).toContain('RFC 9207');
  });

  it('names the PAR field when the server says the client must push its request (RFC 9126)', () => {
    const url = callback({
      error: 'invalid_request',
      error_description: 'Pushed Authorization Request must be used',
      state: STATE,
    });
    expect(failure(url, { state: STATE })).toMatchObject({ code: 'AUTHORIZATION_DENIED', field: 'par' });
  });

  it('ignores iss when no issuer is configured', () => {
    const url = callback({ code: 'c', state: STATE, iss: 'https://anything.example' });
    expect(processAuthorizationResponse(url, { state: STATE })).toBe('c');
    expect(processAuthorizationResponse(url, { state: STATE, issuer: '' })).toBe('c');
  });
});

describe('processAuthorizationResponse: errors (RFC 6749 §4.1.2.1)', () => {
  it('access_denied → AUTHORIZATION_DENIED with the description', () => {
    const error = failure(callback({ error: 'access_denied', error_description: 'User said no', state: STATE }), {
      state: STATE,
    });
    expect(error.code).toBe('AUTHORIZATION_DENIED');
    expect(error.message).toBe('Access was denied in the browser (access_denied: User said no).');
    expect(error.hint).toMatch(/^Approve the request in the browser/);
  });

  it('access_denied without a description', () => {
    const error = failure(callback({ error: 'access_denied', state: STATE }), { state: STATE });
    expect(error.message).toBe('Access was denied in the browser (access_denied).');
  });

  it.each(['invalid_scope', 'unauthorized_client', 'server_error'])('%s → AUTHORIZATION_DENIED naming it', (code) => {
    const error = failure(callback({ error: code, error_description: 'details', state: STATE }), { state: STATE });
    expect(error.code).toBe('AUTHORIZATION_DENIED');
    expect(error.message).toBe(`The authorization server answered ${code}: details.`);
    expect(error.hint).toMatch(/Client ID, Redirect URI and Scope/);
  });

  it('an error wins over a code in the same response', () => {
    const error = failure(callback({ error: 'access_denied', code: 'c', state: STATE }), { state: STATE });
    expect(error.code).toBe('AUTHORIZATION_DENIED');
  });

  it.each([
    ['no code', {}],
    ['an empty code', { code: '' }],
  ])('%s → AUTHORIZATION_DENIED', (_name, query) => {
    const error = failure(callback({ ...query, state: STATE }), { state: STATE });
    expect(error.code).toBe('AUTHORIZATION_DENIED');
    expect(error.message).toBe('The authorization response has no "code".');
  });
});
