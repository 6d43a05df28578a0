import { createHash } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  asksForDpopNonce,
  createDpopProof,
  dpopRejection,
  DpopNonces,
  generateDpopKey,
} from '../../../../../src/main/core/oauth/dpop.ts';
import type { HttpResponseRecord } from '../../../../../src/shared/domain/http.ts';

const response = (status: number, headers: [string, string][], body = ''): HttpResponseRecord => ({
  status,
  headers,
  bodyText: body,
  size: body.length,
  timing: { totalMs: 1, firstByteMs: 1, downloadMs: 0 },
});

describe('DPoP proofs (RFC 9449 §4)', () => {
  it.each(['ES256', 'EdDSA', 'RS256'] as const)('signs a %s proof with the public key in the header', async (alg) => {
    const key = await generateDpopKey(alg);
    const proof = await createDpopProof({
      key,
      htm: 'GET',
      htu: 'https://api.example/me?x=1#frag',
      nonce: 'n-1',
      accessToken: 'token-value',
    });
    const header = decodeProtectedHeader(proof);
    expect(header).toMatchObject({ typ: 'dpop+jwt', alg, jwk: key.publicJwk });
    expect(header.jwk).not.toHaveProperty('d');
    await compactVerify(proof, await importJWK(key.publicJwk, alg));
    expect(decodeJwt(proof)).toMatchObject({
      htm: 'GET',
      htu: 'https://api.example/me',
      nonce: 'n-1',
      ath: createHash('sha256').update('token-value').digest('base64url'),
      jti: expect.any(String) as string,
      iat: expect.any(Number) as number,
    });
  });

  it('gives each proof its own jti', async () => {
    const key = await generateDpopKey('ES256');
    const [a, b] = await Promise.all([1, 2].map(() => createDpopProof({ key, htm: 'POST', htu: 'https://as/token' })));
    expect(decodeJwt(a!).jti).not.toBe(decodeJwt(b!).jti);
  });

  it('recognises use_dpop_nonce from a token endpoint and a resource server', () => {
    expect(asksForDpopNonce(response(400, [], '{"error":"use_dpop_nonce"}'))).toBe(true);
    expect(asksForDpopNonce(response(401, [['WWW-Authenticate', 'DPoP error="use_dpop_nonce"']]))).toBe(true);
    expect(asksForDpopNonce(response(400, [], '{"error":"invalid_grant"}'))).toBe(false);
  });

  it('remembers the nonce per server origin', () => {
    const nonces = new DpopNonces();
    expect(nonces.remember('https://as.example/token', response(400, [['dpop-nonce', 'abc']]))).toBe(true);
    expect(nonces.get('https://as.example/other')).toBe('abc');
    expect(nonces.get('https://rs.example/')).toBeUndefined();
  });

  it('names a rejected proof DPOP_FAILED, and leaves other errors alone', () => {
    expect(dpopRejection(response(400, [], '{"error":"invalid_dpop_proof","error_description":"bad"}'))).toMatchObject({
      code: 'DPOP_FAILED',
      field: 'dpop',
    });
    expect(dpopRejection(response(400, [], '{"error":"invalid_client"}'))).toBeUndefined();
  });
});
