import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactString } from '../../../../../src/main/core/log/redact.ts';
import { isCredentialName as isSensitiveName } from '../../../../../src/shared/security/credential-name.ts';

const SECRET = 'S3cr3t-canary-9f2b7c';

describe('isSensitiveName', () => {
  it.each([
    'authorization',
    'Authorization',
    'proxy-authorization',
    'cookie',
    'Set-Cookie',
    'client_secret',
    'clientSecret',
    'password',
    'passphrase',
    'access_token',
    'refresh_token',
    'id_token',
    'accessToken',
    'subject_token',
    'code_verifier',
    'codeVerifier',
    'client_assertion',
    'secret',
    'x-api-key',
  ])('%s is a credential', (name) => expect(isSensitiveName(name)).toBe(true));

  it.each(['token_type', 'tokenType', 'expires_in', 'scope', 'code', 'url', 'status', 'grant_type'])(
    '%s is not',
    (name) => expect(isSensitiveName(name)).toBe(false),
  );
});

describe('redact', () => {
  it.each([
    ['authorization', { authorization: `Bearer ${SECRET}` }],
    ['Authorization in headers', { headers: { Authorization: `Basic ${SECRET}` } }],
    ['cookie', { headers: { cookie: `sid=${SECRET}` } }],
    ['set-cookie (an array)', { headers: { 'set-cookie': [`sid=${SECRET}; HttpOnly`] } }],
    ['client_secret', { body: { client_secret: SECRET } }],
    ['password', { login: { user: 'ada', password: SECRET } }],
    ['access_token', { access_token: SECRET }],
    ['refresh_token', { refresh_token: SECRET }],
    ['id_token', { id_token: SECRET }],
    ['camelCase accessToken', { accessToken: SECRET }],
    ['code_verifier', { code_verifier: SECRET }],
    ['client_assertion', { client_assertion: SECRET }],
    ['secret', { secret: SECRET }],
    ['a header pair', { headers: [['Authorization', `Bearer ${SECRET}`]] }],
    ['a cookie header pair', { headers: [['Cookie', SECRET]] }],
    ['a non-string credential', { client_secret: { nested: SECRET } }],
  ])('removes %s', (_name, value) => {
    const json = JSON.stringify(redact(value));
    expect(json).not.toContain(SECRET);
    expect(json).toContain(REDACTED);
  });

  it('keeps what is not a credential, and the shape around it', () => {
    expect(
      redact({
        status: 401,
        ok: false,
        token_type: 'Bearer',
        headers: [
          ['Accept', 'application/json'],
          ['Authorization', 'Bearer x'],
        ],
        at: new Date('2025-01-02T03:04:05Z'),
        none: null,
      }),
    ).toEqual({
      status: 401,
      ok: false,
      token_type: 'Bearer',
      headers: [
        ['Accept', 'application/json'],
        ['Authorization', REDACTED],
      ],
      at: '2025-01-02T03:04:05.000Z',
      none: null,
    });
  });

  it.each([
    ['URL userinfo', `https://ada:${SECRET}@api.example/v1`],
    ['URL username alone', `https://${SECRET}@api.example/v1`],
    ['a userinfo trick', `https://a.com:${SECRET}@evil.example/`],
    ['a token in the query', `https://api.example/v1?access_token=${SECRET}&page=2`],
    ['a client secret in the query', `https://kpn.example/token?grant_type=client_credentials&client_secret=${SECRET}`],
    ['the authorization code in a redirect', `http://127.0.0.1:51234/callback?code=${SECRET}&state=abc`],
    ['a token in the fragment', `https://app.example/cb#access_token=${SECRET}&token_type=Bearer`],
    ['a URL inside a sentence', `request to https://u:${SECRET}@api.example/x failed: ECONNREFUSED`],
    ['a Bearer credential', `header was Bearer ${SECRET}`],
    ['a Basic credential', `Basic ${Buffer.from(`client:${SECRET}`).toString('base64')}`],
    ['a JWT', `got eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIke1NFQ1JFVH0ifQ.${SECRET}`],
    ['a form body', `grant_type=password&username=ada&password=${SECRET}`],
    ['a JSON body', `{"access_token":"${SECRET}","expires_in":300}`],
    ['a header line', `HTTP/1.1 200 OK\nSet-Cookie: sid=${SECRET}\nContent-Type: text/plain`],
  ])('removes %s from a string', (_name, text) => {
    const result = redact({ message: text }) as { message: string };
    expect(result.message).not.toContain(SECRET);
    expect(result.message).toContain('REDACTED');
  });

  it('keeps the readable parts of a redacted URL and leaves harmless strings alone', () => {
    expect(redactString(`https://api.example/v1?access_token=${SECRET}&page=2`)).toBe(
      'https://api.example/v1?access_token=[REDACTED]&page=2',
    );
    expect(redactString('https://api.example/v1?page=2')).toBe('https://api.example/v1?page=2');
    expect(redactString(`see https://ada:${SECRET}@api.example/v1 now`)).toBe(
      'see https://REDACTED@api.example/v1 now',
    );
    expect(redactString('Basic authentication failed')).toBe('Basic authentication failed');
    expect(redactString('{"expires_in":300,"token_type":"Bearer"}')).toBe('{"expires_in":300,"token_type":"Bearer"}');
  });

  it('turns errors into plain records and redacts their message, stack and cause', () => {
    const cause = new Error(`connect to https://u:${SECRET}@proxy.example failed`);
    const error = Object.assign(new Error(`token request failed: {"refresh_token":"${SECRET}"}`, { cause }), {
      code: 'E_TOKEN',
    });
    const result = redact({ error }) as { error: Record<string, unknown> };
    expect(result.error).toMatchObject({ name: 'Error', code: 'E_TOKEN' });
    expect(result.error.stack).toEqual(expect.stringContaining('redact.test.ts'));
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('survives cycles, depth and bytes without leaking', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { password: SECRET };
    for (let index = 0; index < 20; index++) deep = { deep };
    const result = JSON.stringify(redact({ cyclic, deep, key: new TextEncoder().encode(SECRET) }));
    expect(result).toContain('[Circular]');
    expect(result).toContain('[Too deep]');
    expect(result).toContain(`[${SECRET.length} bytes]`);
    expect(result).not.toContain(SECRET);
  });

  it('never lets a credential value through under a sensitive name (property)', () => {
    const names = fc.constantFrom('authorization', 'Cookie', 'client_secret', 'password', 'refresh_token', 'idToken');
    const values = fc.string({ minLength: 12, maxLength: 64 }).filter((value) => !value.includes('REDACTED'));
    fc.assert(
      fc.property(names, values, (name, value) => {
        const json = JSON.stringify(redact({ outer: { [name]: value }, list: [[name, value]] }));
        expect(json).not.toContain(JSON.stringify(value).slice(1, -1));
      }),
    );
  });
});
