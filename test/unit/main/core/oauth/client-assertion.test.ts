import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { readPrivateKey, signClientAssertion } from '../../../../../src/main/core/oauth/client-assertion.ts';
import { AppError } from '../../../../../src/shared/domain/errors.ts';

const CLIENT_ID = 'tokensmith-client';
const AUDIENCE = 'https://as.example.com/oauth2/token';
const SECRET = 'a-client-secret-of-at-least-32-bytes!!';

const keys = {
  RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  ES384: generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  ES512: generateKeyPairSync('ec', { namedCurve: 'P-521' }),
  EdDSA: generateKeyPairSync('ed25519'),
};
type Alg = keyof typeof keys;
const ALGS = Object.keys(keys) as Alg[];

const pem = (key: KeyObject): string => key.export({ type: 'pkcs8', format: 'pem' }).toString();
const jwk = (key: KeyObject, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ ...key.export({ format: 'jwk' }), ...extra });

function failure(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

async function asyncFailure(action: Promise<unknown>): Promise<AppError> {
  try {
    await action;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('readPrivateKey', () => {
  it.each(ALGS)('picks %s for a PKCS#8 PEM key', (alg) => {
    const read = readPrivateKey(pem(keys[alg].privateKey));
    expect(read.alg).toBe(alg);
    expect(read.kid).toBeUndefined();
    expect(read.key.type).toBe('private');
  });

  it.each(ALGS)('picks %s for a private JWK, keeping its kid', (alg) => {
    const read = readPrivateKey(jwk(keys[alg].privateKey, { kid: `key-${alg}` }));
    expect(read).toMatchObject({ alg, kid: `key-${alg}` });
  });

  it('reads a PKCS#1 RSA PEM and tolerates surrounding whitespace', () => {
    const pkcs1 = keys.RS256.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(readPrivateKey(`\n  ${pkcs1}\n`).alg).toBe('RS256');
  });

  it('refuses a public JWK, saying it has no private part', () => {
    const error = failure(() => readPrivateKey(jwk(keys.ES256.publicKey)));
    expect(error).toMatchObject({ code: 'INVALID_FIELD', field: 'privateKey' });
    expect(error.message).toBe('The JWK has no private part ("d"): it is a public key.');
  });

  it.each([
    ['garbage', 'not a key at all'],
    ['a public PEM', keys.RS256.publicKey.export({ type: 'spki', format: 'pem' }).toString()],
    ['a truncated PEM', pem(keys.RS256.privateKey).slice(0, 200)],
    ['broken JSON', '{"kty":"EC","d":'],
    ['a JWK with a bad d', JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA', d: 'AA' })],
  ])('refuses %s → INVALID_FIELD on privateKey', (_name, text) => {
    const error = failure(() => readPrivateKey(text));
    expect(error).toMatchObject({ code: 'INVALID_FIELD', field: 'privateKey' });
    expect(error.hint).toMatch(/PEM .*JWK/);
  });

  it.each([
    ['an unsupported curve', generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey],
    ['an X25519 key, which cannot sign', generateKeyPairSync('x25519').privateKey],
  ])('refuses %s', (_name, key) => {
    expect(failure(() => readPrivateKey(pem(key)))).toMatchObject({ code: 'INVALID_FIELD', field: 'privateKey' });
  });
});

async function claimsOf(jwt: string, key: KeyObject | Uint8Array) {
  const { payload, protectedHeader } = await jwtVerify(jwt, key, {
    issuer: CLIENT_ID,
    subject: CLIENT_ID,
    audience: AUDIENCE,
  });
  return { payload, protectedHeader };
}

describe('signClientAssertion (RFC 7523)', () => {
  it.each(ALGS)('private_key_jwt with a %s key verifies with the public key', async (alg) => {
    const jwt = await signClientAssertion({
      method: 'private_key_jwt',
      clientId: CLIENT_ID,
      audience: AUDIENCE,
      privateKey: pem(keys[alg].privateKey),
    });
    const { payload, protectedHeader } = await claimsOf(jwt, keys[alg].publicKey);
    expect(protectedHeader).toEqual({ alg, typ: 'JWT' });
    expect(payload).toMatchObject({ iss: CLIENT_ID, sub: CLIENT_ID, aud: AUDIENCE });
    expect(payload.exp! - payload.iat!).toBe(60);
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(5);
    expect(payload.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('puts the JWK kid in the header', async () => {
    const jwt = await signClientAssertion({
      method: 'private_key_jwt',
      clientId: CLIENT_ID,
      audience: AUDIENCE,
      privateKey: jwk(keys.ES256.privateKey, { kid: 'k1' }),
    });
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'ES256', typ: 'JWT', kid: 'k1' });
    await claimsOf(jwt, createPublicKey(keys.ES256.privateKey));
  });

  it('client_secret_jwt is HS256 with the client secret', async () => {
    const jwt = await signClientAssertion({
      method: 'client_secret_jwt',
      clientId: CLIENT_ID,
      audience: AUDIENCE,
      clientSecret: SECRET,
    });
    const { payload, protectedHeader } = await claimsOf(jwt, new TextEncoder().encode(SECRET));
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload.exp! - payload.iat!).toBe(60);
    await expect(jwtVerify(jwt, new TextEncoder().encode(`${SECRET}x`))).rejects.toThrow();
  });

  it('uses a fresh jti every time', async () => {
    const secret = new TextEncoder().encode(SECRET);
    const sign = () =>
      signClientAssertion({
        method: 'client_secret_jwt',
        clientId: CLIENT_ID,
        audience: AUDIENCE,
        clientSecret: SECRET,
      });
    const jtis = await Promise.all(
      Array.from({ length: 5 }, async () => (await claimsOf(await sign(), secret)).payload.jti),
    );
    expect(new Set(jtis).size).toBe(5);
  });

  it('needs the client secret for client_secret_jwt and the key for private_key_jwt', async () => {
    expect(
      await asyncFailure(signClientAssertion({ method: 'client_secret_jwt', clientId: CLIENT_ID, audience: AUDIENCE })),
    ).toMatchObject({ code: 'MISSING_FIELD', field: 'clientSecret' });
    expect(
      await asyncFailure(signClientAssertion({ method: 'private_key_jwt', clientId: CLIENT_ID, audience: AUDIENCE })),
    ).toMatchObject({ code: 'MISSING_FIELD', field: 'privateKey' });
    expect(
      await asyncFailure(
        signClientAssertion({ method: 'private_key_jwt', clientId: CLIENT_ID, audience: AUDIENCE, privateKey: 'x' }),
      ),
    ).toMatchObject({ code: 'INVALID_FIELD', field: 'privateKey' });
  });
});
