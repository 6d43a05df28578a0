import { createHash } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertIdTokenValid, checkIdToken, halfHash } from '../../../../../src/main/core/oauth/id-token.ts';

const ISSUER = 'https://op.example';
const NOW = new Date('2026-01-01T00:00:00Z');
const now = Math.floor(NOW.getTime() / 1000);
let privateKey: CryptoKey;
let publicJwk: JWK;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
});

function sign(claims: Record<string, unknown>, key: CryptoKey | Uint8Array = privateKey, alg = 'ES256') {
  return new SignJWT({ iss: ISSUER, aud: 'client-1', sub: 'alice', nonce: 'n-1', iat: now, exp: now + 300, ...claims })
    .setProtectedHeader({ alg, kid: 'k1' })
    .sign(key);
}

const check = (token: string, extra: Partial<Parameters<typeof checkIdToken>[1]> = {}) =>
  checkIdToken(token, { issuer: ISSUER, clientId: 'client-1', jwks: { keys: [publicJwk] }, now: NOW, ...extra });

describe('checkIdToken', () => {
  it('passes every check of a good token, at_hash and c_hash included', async () => {
    const token = await sign({
      nonce: 'n-1',
      at_hash: halfHash('the-access-token', 'ES256'),
      c_hash: halfHash('the-code', 'ES256'),
    });
    const report = await check(token, { nonce: 'n-1', accessToken: 'the-access-token', code: 'the-code' });
    expect(report.valid).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual([
      'signature',
      'iss',
      'aud',
      'exp',
      'iat',
      'nonce',
      'at_hash',
      'c_hash',
    ]);
    expect(() => assertIdTokenValid(report)).not.toThrow();
  });

  it('computes at_hash as the left half of SHA-256, base64url (OIDC Core §3.1.3.6)', () => {
    const full = createHash('sha256').update('abc').digest();
    expect(halfHash('abc', 'RS256')).toBe(full.subarray(0, 16).toString('base64url'));
    expect(halfHash('abc', 'EdDSA')).toHaveLength(43);
  });

  it.each([
    ['nonce', { nonce: 'other' }, {}],
    ['iss', { iss: 'https://evil.example' }, {}],
    ['aud', { aud: 'another-client' }, {}],
    ['azp', { aud: ['client-1', 'x'], azp: 'x' }, {}],
    ['exp', { exp: now - 3600 }, {}],
    ['iat', { iat: now + 3600 }, {}],
    ['at_hash', { at_hash: 'AAAAAAAAAAAAAAAAAAAAAA' }, { accessToken: 'the-access-token' }],
    ['c_hash', { c_hash: 'AAAAAAAAAAAAAAAAAAAAAA' }, { code: 'the-code' }],
  ] as const)('fails the %s check with ID_TOKEN_INVALID', async (name, claims, extra) => {
    const report = await check(await sign(claims), { nonce: 'n-1', ...extra });
    expect(report.valid).toBe(false);
    expect(report.checks.find((c) => c.name === name)?.ok).toBe(false);
    expect(() => assertIdTokenValid(report)).toThrow(expect.objectContaining({ code: 'ID_TOKEN_INVALID' }) as Error);
    expect(() => assertIdTokenValid(report)).toThrow(`"${name}"`);
  });

  it('fails the signature check for a token signed with another key', async () => {
    const other = await generateKeyPair('ES256');
    const report = await check(await sign({}, other.privateKey));
    expect(report.checks[0]).toMatchObject({ name: 'signature', ok: false });
  });

  it('checks an HS256 ID token with the client secret', async () => {
    const secret = 'a-client-secret-of-enough-length-for-hs256';
    const token = await sign({}, new TextEncoder().encode(secret), 'HS256');
    expect((await check(token, { clientSecret: secret })).valid).toBe(true);
    expect((await check(token, { clientSecret: 'wrong' })).checks[0]).toMatchObject({ ok: false });
  });
});
