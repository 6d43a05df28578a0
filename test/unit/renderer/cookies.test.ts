import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cookiesFromHeaders,
  maskCookieValue,
  parseCookieDate,
  parseSetCookie,
  splitSetCookieHeader,
} from '../../../src/renderer/src/features/response/body/cookies.ts';

describe('parseSetCookie', () => {
  it('reads every attribute, names case-insensitively', () => {
    expect(
      parseSetCookie(
        'sid=abc123; Domain=.Example.COM; PATH=/api; expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=3600; secure; HTTPONLY; SameSite=lax',
      ),
    ).toEqual({
      name: 'sid',
      value: 'abc123',
      domain: 'example.com',
      path: '/api',
      expires: 'Wed, 21 Oct 2015 07:28:00 GMT',
      expiresAt: Date.UTC(2015, 9, 21, 7, 28, 0),
      maxAge: 3600,
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
    });
  });

  it('defaults to a host-only session cookie without flags', () => {
    expect(parseSetCookie('theme=dark')).toEqual({ name: 'theme', value: 'dark', secure: false, httpOnly: false });
  });

  it('trims whitespace and keeps = inside the value', () => {
    expect(parseSetCookie('  token = a=b==  ;  Path = /  ')).toMatchObject({
      name: 'token',
      value: 'a=b==',
      path: '/',
    });
  });

  it('keeps a pair without = as a nameless cookie and drops an empty one (RFC 6265bis)', () => {
    expect(parseSetCookie('justvalue; Secure')).toMatchObject({ name: '', value: 'justvalue', secure: true });
    expect(parseSetCookie('=; Path=/')).toBeNull();
    expect(parseSetCookie('')).toBeNull();
  });

  it('lets the last of a repeated attribute win', () => {
    expect(parseSetCookie('a=1; Path=/one; Path=/two; SameSite=Strict; SameSite=None')).toMatchObject({
      path: '/two',
      sameSite: 'None',
    });
    // An invalid later value resets to the default, as the browser's attribute list does.
    expect(parseSetCookie('a=1; Path=/one; Path=relative')).not.toHaveProperty('path');
    expect(parseSetCookie('a=1; SameSite=Strict; SameSite=bogus')).not.toHaveProperty('sameSite');
  });

  it('ignores Max-Age that is not an integer and keeps negative ones', () => {
    expect(parseSetCookie('a=1; Max-Age=12s')).not.toHaveProperty('maxAge');
    expect(parseSetCookie('a=1; Max-Age=+5')).not.toHaveProperty('maxAge');
    expect(parseSetCookie('a=1; Max-Age=-1')).toMatchObject({ maxAge: -1 });
    expect(parseSetCookie('a=1; Max-Age=0')).toMatchObject({ maxAge: 0 });
  });

  it('keeps an unparseable Expires as text without a date', () => {
    const cookie = parseSetCookie('a=1; Expires=soon');
    expect(cookie).toMatchObject({ expires: 'soon' });
    expect(cookie).not.toHaveProperty('expiresAt');
  });

  it('ignores an empty Domain and unknown attributes', () => {
    expect(parseSetCookie('a=1; Domain=; Priority=High; Partitioned')).toEqual({
      name: 'a',
      value: '1',
      secure: false,
      httpOnly: false,
    });
  });
});

describe('parseCookieDate', () => {
  it.each([
    ['Wed, 21 Oct 2015 07:28:00 GMT', Date.UTC(2015, 9, 21, 7, 28, 0)],
    ['Wednesday, 21-Oct-15 07:28:00 GMT', Date.UTC(2015, 9, 21, 7, 28, 0)],
    ['Wed Oct 21 07:28:00 2015', Date.UTC(2015, 9, 21, 7, 28, 0)],
    ['21 oct 1999 23:59:59', Date.UTC(1999, 9, 21, 23, 59, 59)],
    ['Thu, 01-Jan-70 00:00:01 GMT', 1000],
    ['Fri, 1 Jan 2038 9:5:3 GMT', Date.UTC(2038, 0, 1, 9, 5, 3)],
  ])('parses %j', (text, expected) => {
    expect(parseCookieDate(text)).toBe(expected);
  });

  it.each(['', 'soon', 'Wed, 21 Oct 2015', '31 Feb 2020 00:00:00', '21 Oct 1600 00:00:00', '21 Oct 2015 24:00:00'])(
    'rejects %j',
    (text) => {
      expect(parseCookieDate(text)).toBeUndefined();
    },
  );
});

describe('splitSetCookieHeader', () => {
  it('keeps the comma of an Expires date inside its cookie', () => {
    expect(splitSetCookieHeader('a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/')).toEqual([
      'a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/',
    ]);
  });

  it('splits cookies folded into one header, also after an Expires at the end', () => {
    expect(splitSetCookieHeader('a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT, b=2; Path=/,c=3')).toEqual([
      'a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT',
      'b=2; Path=/',
      'c=3',
    ]);
  });

  it('does not split on a comma inside a value when no name= follows', () => {
    expect(splitSetCookieHeader('list=a,b,c; Path=/')).toEqual(['list=a,b,c; Path=/']);
  });
});

describe('cookiesFromHeaders', () => {
  it('takes Set-Cookie headers of any case and leaves the others', () => {
    const cookies = cookiesFromHeaders([
      ['Content-Type', 'application/json'],
      ['set-cookie', 'a=1; HttpOnly'],
      ['SET-COOKIE', 'b=2; Expires=Thu, 01 Jan 2099 00:00:00 GMT, c=3; Secure'],
      ['Set-Cookie2', 'old=1'],
    ]);
    expect(cookies.map(({ name, value }) => `${name}=${value}`)).toEqual(['a=1', 'b=2', 'c=3']);
    expect(cookies[1]).toMatchObject({ expiresAt: Date.UTC(2099, 0, 1) });
    expect(cookies[2]).toMatchObject({ secure: true });
  });

  it('returns nothing when no cookie was set', () => {
    expect(cookiesFromHeaders([['content-length', '0']])).toEqual([]);
  });

  it('finds back every cookie of any folded list of name=value pairs', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(token, token), { minLength: 1, maxLength: 6 }), (pairs) => {
        const folded = pairs
          .map(([name, value]) => `${name}=${value}; Expires=Mon, 01 Jan 2035 00:00:00 GMT`)
          .join(', ');
        const cookies = cookiesFromHeaders([['Set-Cookie', folded]]);
        expect(cookies.map(({ name, value }) => [name, value])).toEqual(pairs);
        expect(cookies.every((cookie) => cookie.expiresAt === Date.UTC(2035, 0, 1))).toBe(true);
      }),
    );
  });
});

describe('maskCookieValue', () => {
  it('shows values of 16 characters or fewer as they are', () => {
    expect(maskCookieValue('')).toBe('');
    expect(maskCookieValue('0123456789abcdef')).toBe('0123456789abcdef');
  });

  it('keeps only the last four characters of longer values', () => {
    expect(maskCookieValue('0123456789abcdefg')).toBe('••••defg');
    expect(maskCookieValue('eyJhbGciOiJIUzI1NiJ9.payload.sig')).toBe('••••.sig');
  });

  it('counts code points, so an emoji is never cut in half', () => {
    expect(maskCookieValue(`${'x'.repeat(15)}😀😀`)).toBe('••••xx😀😀');
    expect(maskCookieValue('😀'.repeat(16))).toBe('😀'.repeat(16));
  });
});
