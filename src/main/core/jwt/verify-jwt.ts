import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { AppError } from '../../../shared/domain/errors.ts';
import type { JwtKey, JwtVerification } from '../../../shared/domain/jwt-verification.ts';
import type { HttpClient } from '../http/http-client.ts';
import { parseJson } from '../http/content.ts';

async function jwksFrom(url: string, http: HttpClient): Promise<JWTVerifyGetKey> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('INVALID_INPUT', 'The JWKS URL is not a URL.');
  }
  // Fetched with our own client: same timeouts, proxies and size cap as every other request.
  const response = await http.send({
    method: 'GET',
    url: parsed.toString(),
    headers: [['Accept', 'application/json']],
    body: { kind: 'none' },
  });
  const body = parseJson(response);
  if (
    response.status !== 200 ||
    typeof body !== 'object' ||
    body === null ||
    !Array.isArray((body as { keys?: unknown }).keys)
  ) {
    throw new AppError('INVALID_INPUT', `${parsed.host} did not answer with a JWK set (status ${response.status}).`, {
      hint: 'Check the JWKS URL (often …/.well-known/jwks.json).',
    });
  }
  return createLocalJWKSet(body as JSONWebKeySet);
}

function publicKeyFromPem(pem: string): KeyObject {
  try {
    return createPublicKey(pem.trim());
  } catch (error) {
    throw new AppError('INVALID_INPUT', 'The PEM key cannot be read.', {
      hint: 'Paste a public key or certificate (-----BEGIN PUBLIC KEY----- or CERTIFICATE).',
      cause: error,
    });
  }
}

/**
 * Checks a JWT's signature and its time claims with a shared secret, a PEM key or a JWKS URL, and
 * says in words what holds: `alg: none` is never accepted.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2
 */
export async function verifyJwt(token: string, key: JwtKey, http: HttpClient): Promise<JwtVerification> {
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw new AppError('JWT_MALFORMED', 'This is not a JWT.');
  }
  if (!alg || alg.toLowerCase() === 'none')
    return {
      verdict: 'alg-none',
      message: 'alg is "none": the token is unsigned, so there is nothing to verify and it proves nothing.',
    };
  const withAlg = (result: Omit<JwtVerification, 'alg'>): JwtVerification => ({ ...result, alg });
  try {
    if (key.kind === 'secret')
      await jwtVerify(token, new TextEncoder().encode(key.secret), { algorithms: ['HS256', 'HS384', 'HS512'] });
    else if (key.kind === 'pem') await jwtVerify(token, publicKeyFromPem(key.pem));
    else await jwtVerify(token, await jwksFrom(key.url, http));
    return withAlg({
      verdict: 'valid',
      message: `The ${alg} signature is valid and the token is within its validity period.`,
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof errors.JWTExpired)
      return withAlg({ verdict: 'expired', message: 'The signature is valid, but the token has expired.' });
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf')
      return withAlg({
        verdict: 'not-yet-valid',
        message: 'The signature is valid, but the token is not valid yet (nbf).',
      });
    if (error instanceof errors.JWTClaimValidationFailed)
      return withAlg({
        verdict: 'claims-invalid',
        message: `The signature is valid, but the "${error.claim}" claim is not.`,
      });
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return withAlg({
        verdict: 'bad-signature',
        message: 'The signature does not match: the key is wrong or the token was altered.',
      });
    if (error instanceof errors.JWKSNoMatchingKey)
      return withAlg({
        verdict: 'key-mismatch',
        message: 'The JWK set has no key for this token (its kid or algorithm).',
      });
    if (error instanceof errors.JOSEAlgNotAllowed || error instanceof TypeError) {
      return withAlg({ verdict: 'key-mismatch', message: `This key cannot verify an ${alg} signature.` });
    }
    throw new AppError('INVALID_INPUT', 'The token could not be verified with this key.', { cause: error });
  }
}
