import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/domain/errors.ts';
import { decodeJwt, looksLikeJwt } from '../../../../src/shared/jwt/decode.ts';
import { base64url, unsignedJwt } from '../../../support/jwt.ts';

const NOW = new Date('2026-01-01T00:00:00Z');
const nowSeconds = NOW.getTime() / 1000;

function decodeError(token: string): AppError {
  try {
    decodeJwt(token, NOW);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected decodeJwt to throw');
}

describe('decodeJwt', () => {
  it('decodes header, payload and times of a valid token', () => {
    const token = unsignedJwt(
      { alg: 'HS256', typ: 'JWT' },
      { sub: 'user-1', iat: nowSeconds - 60, exp: nowSeconds + 240, scope: 'api' },
    );
    const decoded = decodeJwt(token, NOW);
    expect(decoded.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decoded.payload.sub).toBe('user-1');
    expect(decoded.times.exp).toBe('2026-01-01T00:04:00.000Z');
    expect(decoded.times.iat).toBe('2025-12-31T23:59:00.000Z');
    expect(decoded.warnings).toEqual([]);
  });

  it('decodes the Kinetic Platform sample token from its getting-started page', () => {
    const token =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJjbGllbnRJZCI6ImJlbnMtaW50ZWdyYXRpb24tdXNlciIsImRpc3BsYXlOYW1lIjoiYmVucy1pbnRlZ3JhdGlvbi11c2VyIiwiZW1haWwiOiIiLCJleHAiOjE1ODc0NDMyMjYsImlzcyI6ImtpbmV0aWMtZGF0YSIsInNwYWNlQWRtaW4iOnRydWUsInNwYWNlU2x1ZyI6InVhdCIsInVzZXJuYW1lIjoiYmVucy1pbnRlZ3JhdGlvbi11c2VyIn0.GDfzsN_mTmDy3pmhlVhb3-BenU_I0sZYLFVtpG5GD-Y';
    const decoded = decodeJwt(token, NOW);
    expect(decoded.payload.iss).toBe('kinetic-data');
    expect(decoded.times.exp).toBe('2020-04-21T04:27:06.000Z');
    expect(decoded.warnings).toContain('The token has expired.');
  });

  it('warns about alg none, expiry and nbf in the future', () => {
    const none = decodeJwt(unsignedJwt({ alg: 'none' }, { sub: 'x' }, ''), NOW);
    expect(none.warnings.join(' ')).toMatch(/alg is "none"/);
    const early = decodeJwt(unsignedJwt({ alg: 'HS256' }, { nbf: nowSeconds + 100 }), NOW);
    expect(early.warnings).toContain('The token is not valid yet (nbf).');
    const odd = decodeJwt(unsignedJwt({ alg: 'HS256' }, { exp: 'tomorrow' }), NOW);
    expect(odd.warnings).toContain('"exp" is not a number of seconds.');
  });

  it.each([
    ['', /empty/],
    ['abc', /3 parts.*has 1/],
    ['a.b', /has 2/],
    ['a.b.c.d', /has 4/],
    [`${base64url('{"alg":"HS256"}')}.pay*load.sig`, /payload is not base64url/],
    [`${base64url('not json')}.${base64url('{}')}.sig`, /header is not JSON/],
    [`${base64url('{"alg":"HS256"}')}.${base64url('[1,2]')}.sig`, /payload is JSON but not an object/],
    [`${base64url('{"alg":"HS256"}')}..sig`, /payload is empty/],
    [`${base64url('{"alg":"HS256"}')}.${Buffer.from([0xff, 0xfe]).toString('base64url')}.sig`, /payload is not UTF-8/],
    [`${base64url('{"alg":"HS256"}')}.a.sig`, /length is impossible/],
  ])('rejects %j as JWT_MALFORMED', (token, message) => {
    const error = decodeError(token);
    expect(error.code).toBe('JWT_MALFORMED');
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(/three base64url parts/);
  });

  it('recognises an encrypted JWT and says it cannot be read', () => {
    expect(decodeError('a.b.c.d.e').message).toMatch(/encrypted JWT \(JWE\)/);
  });

  it('round-trips any JSON objects (property)', () => {
    const jsonObject = fc.dictionary(fc.string(), fc.jsonValue());
    fc.assert(
      fc.property(jsonObject, jsonObject, (header, payload) => {
        const decoded = decodeJwt(unsignedJwt(header, payload), NOW);
        expect(decoded.header).toEqual(JSON.parse(JSON.stringify(header)));
        expect(decoded.payload).toEqual(JSON.parse(JSON.stringify(payload)));
      }),
    );
  });

  it('either decodes or fails with JWT_MALFORMED, never anything else, for any string (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(fc.base64String(), { maxLength: 4 }).map((parts) => parts.join('.')),
        ),
        (token) => {
          try {
            decodeJwt(token, NOW);
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
            expect((error as AppError).code).toBe('JWT_MALFORMED');
          }
        },
      ),
    );
  });
});

describe('looksLikeJwt', () => {
  it('tells a JWT from an opaque token', () => {
    expect(looksLikeJwt(unsignedJwt({ alg: 'HS256' }, {}))).toBe(true);
    expect(looksLikeJwt('haf2SDl07E9N7RluNQ4kJ1TkGgso')).toBe(false);
    expect(looksLikeJwt('a.b.c')).toBe(false);
  });
});
