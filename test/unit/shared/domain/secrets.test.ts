import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formEncode } from '../../../../src/shared/domain/http.ts';
import {
  assertSecretText,
  maskSecret,
  maskToken,
  secretRedactor,
  secretVariableName,
} from '../../../../src/shared/domain/secrets.ts';

describe('secretVariableName', () => {
  it.each([
    ['kaisa', 'clientSecret', 'TOKENSMITH_KAISA_CLIENT_SECRET'],
    ['kpn', 'clientSecret', 'TOKENSMITH_KPN_CLIENT_SECRET'],
    ['sunshine-jwt', 'secret', 'TOKENSMITH_SUNSHINE_JWT_SECRET'],
    ['khoros', 'loginPassword', 'TOKENSMITH_KHOROS_LOGIN_PASSWORD'],
    ['oauth2', 'privateKey', 'TOKENSMITH_OAUTH2_PRIVATE_KEY'],
  ])('%s + %s → %s', (profile, field, variable) => {
    expect(secretVariableName(profile, field)).toBe(variable);
  });
});

describe('maskSecret', () => {
  it('shows none of the characters of a password, client secret or key, however long', () => {
    expect(maskSecret("kaisa s3cr3t $HOME 'quoted' `x` ü!")).toBe('••••');
    expect(maskSecret('short-secret')).toBe('••••');
  });
});

describe('maskToken', () => {
  it('shows the last four characters of a token, which tell tokens apart, and none of a short one', () => {
    expect(maskToken('eyJhbGciOiJIUzI1NiJ9.payload.sig3f9a')).toBe('••••3f9a');
    expect(maskToken('short-token')).toBe('••••');
  });
});

describe('secretRedactor', () => {
  it('removes a secret in every encoding it can take in a body', () => {
    const secret = 'p@ss "w0rd"/ü';
    const text = `raw=${secret} url=${encodeURIComponent(secret)} json=${JSON.stringify(secret)}`;
    const redacted = secretRedactor([{ value: secret }])(text);
    expect(redacted).not.toContain('w0rd');
  });

  it("removes the secret as Tokensmith's own form encoding writes it, which also encodes !'()*", () => {
    const secret = "it's (a) secret!";
    const redacted = secretRedactor([{ value: secret }])(`client_secret=${formEncode(secret)}`);
    expect(redacted).toBe(`client_secret=${maskSecret(secret)}`);
  });

  it('never leaves a secret of four characters or more behind (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4 }), fc.string(), fc.string(), (secret, before, after) => {
        fc.pre(!maskSecret(secret).includes(secret));
        expect(secretRedactor([{ value: secret }])(`${before}${secret}${after}`)).not.toContain(secret);
      }),
    );
  });

  it('removes the base64 and hex of a secret inside longer encoded text, at any alignment (property)', () => {
    fc.assert(
      // Any Unicode: the encodings are of the UTF-8 bytes, where a character takes one to four.
      fc.property(fc.string({ minLength: 4, unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (secret, before) => {
        const start = Buffer.byteLength(before);
        const end = start + Buffer.byteLength(secret);
        const bytes = Buffer.from(`${before}${secret}`);
        const redact = secretRedactor([{ value: secret }]);
        const base64 = bytes.toString('base64');
        // The characters of the encoding that carry the secret's bits and nothing else.
        const carried = base64.slice(Math.ceil((8 * start) / 6), Math.floor((8 * end) / 6));
        expect(redact(base64)).not.toContain(carried);
        expect(redact(bytes.toString('base64url'))).not.toContain(carried.replace(/\+/g, '-').replace(/\//g, '_'));
        const hex = bytes.toString('hex');
        expect(redact(hex)).not.toContain(hex.slice(2 * start));
        expect(redact(hex.toUpperCase())).not.toContain(hex.slice(2 * start).toUpperCase());
      }),
    );
  });

  it('masks a secret shorter than four characters only where it is a whole value', () => {
    const redact = secretRedactor([{ value: 'ok' }]);
    expect(redact('Tokensmith: the token endpoint')).toBe('Tokensmith: the token endpoint');
    expect(redact('ok')).toBe('••••');
    expect(redact('client_id=me&client_secret=ok&scope=a')).toBe('client_id=me&client_secret=••••&scope=a');
    expect(redact('https://example.com/token?secret=ok')).toBe('https://example.com/token?secret=••••');
    expect(redact('{"ok": 1, "client_secret": "ok", "list": ["ok"]}')).toBe(
      '{"ok": 1, "client_secret": "••••", "list": ["••••"]}',
    );
  });

  it('masks any Basic or Bearer credential, and leaves the words and auth-params that only look like one', () => {
    const redact = secretRedactor([]);
    const basic = Buffer.from('someone:pa55').toString('base64');
    expect(redact(`echo: Basic ${basic}.`)).toBe('echo: Basic ••••.');
    expect(redact('Authorization: bearer f0reign-9bearer.Zt7Qx2mK8pL4')).toBe('Authorization: bearer ••••8pL4');
    for (const text of [
      'Bearer realm="api", error="invalid_token"',
      'Bearer authentication is required',
      '{"token_type":"Bearer","expires_in":3600}',
      'Basic Authentication',
    ]) {
      expect(redact(text)).toBe(text);
    }
  });
});

describe('assertSecretText', () => {
  const field = { name: 'clientSecret', label: 'Client secret' };

  it('accepts any well-formed text', () => {
    expect(() => assertSecretText(field, 'sécret 🔑 ✓')).not.toThrow();
  });

  it.each([
    ['a lone surrogate', 'abc\uD800'],
    ['U+FFFD, left where bytes were not UTF-8', 'caf\uFFFD'],
  ])('refuses %s, naming the field', (_what, value) => {
    expect(() => assertSecretText(field, value)).toThrow(
      expect.objectContaining({
        code: 'INVALID_FIELD',
        field: 'clientSecret',
        message: expect.stringMatching(/^Client secret /) as string,
      }) as Error,
    );
  });
});
