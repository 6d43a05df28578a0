import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formEncode } from '../../../../src/shared/domain/http.ts';
import { maskSecret, secretRedactor, secretVariableName } from '../../../../src/shared/domain/secrets.ts';

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
  it('shows at most the last four characters, and none of a short secret', () => {
    expect(maskSecret('eyJhbGciOiJIUzI1NiJ9.payload.sig3f9a')).toBe('••••3f9a');
    expect(maskSecret('short-secret')).toBe('••••');
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

  it('never leaves a secret behind (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 3 }), fc.string(), fc.string(), (secret, before, after) => {
        fc.pre(!maskSecret(secret).includes(secret));
        expect(secretRedactor([{ value: secret }])(`${before}${secret}${after}`)).not.toContain(secret);
      }),
    );
  });
});
