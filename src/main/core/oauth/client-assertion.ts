import { createPrivateKey, randomUUID, type JsonWebKey, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { AppError } from '../../../shared/domain/errors.ts';

const ASSERTION_LIFETIME_SECONDS = 60;

function invalidKey(message: string, cause?: unknown): AppError {
  return new AppError('INVALID_FIELD', message, {
    hint: 'Paste a private key as PEM (-----BEGIN PRIVATE KEY-----, PKCS#8) or as a JWK with "d".',
    field: 'privateKey',
    cause,
  });
}

/** Reads a PEM or JWK private key and picks the JWS algorithm its type calls for. */
export function readPrivateKey(text: string): { key: KeyObject; alg: string; kid?: string } {
  let key: KeyObject;
  let kid: string | undefined;
  try {
    const trimmed = text.trim();
    if (trimmed.startsWith('{')) {
      const jwk = JSON.parse(trimmed) as { kid?: unknown; d?: unknown };
      if (typeof jwk.d !== 'string') throw invalidKey('The JWK has no private part ("d"): it is a public key.');
      if (typeof jwk.kid === 'string') kid = jwk.kid;
      key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    } else {
      key = createPrivateKey(trimmed);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw invalidKey('The private key cannot be read.', error);
  }
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { key, alg: 'RS256', ...(kid ? { kid } : {}) };
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      const alg =
        curve === 'prime256v1'
          ? 'ES256'
          : curve === 'secp384r1'
            ? 'ES384'
            : curve === 'secp521r1'
              ? 'ES512'
              : undefined;
      if (!alg) throw invalidKey(`The EC curve ${curve ?? 'of this key'} is not supported; use P-256, P-384 or P-521.`);
      return { key, alg, ...(kid ? { kid } : {}) };
    }
    case 'ed25519':
      return { key, alg: 'EdDSA', ...(kid ? { kid } : {}) };
    default:
      throw invalidKey(
        `A ${key.asymmetricKeyType ?? 'this'} key cannot sign a client assertion; use RSA, EC or Ed25519.`,
      );
  }
}

/**
 * A client assertion for `private_key_jwt` (signed with the client's private key) or
 * `client_secret_jwt` (HMAC with the client secret): iss = sub = client_id, aud = the token
 * endpoint, a fresh jti, valid for one minute.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
export async function signClientAssertion(options: {
  method: 'private_key_jwt' | 'client_secret_jwt';
  clientId: string;
  audience: string;
  privateKey?: string;
  clientSecret?: string;
}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({})
    .setIssuer(options.clientId)
    .setSubject(options.clientId)
    .setAudience(options.audience)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + ASSERTION_LIFETIME_SECONDS);
  if (options.method === 'client_secret_jwt') {
    if (!options.clientSecret) {
      throw new AppError('MISSING_FIELD', 'Client secret is required for client_secret_jwt.', {
        field: 'clientSecret',
      });
    }
    return jwt.setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(options.clientSecret));
  }
  if (!options.privateKey)
    throw new AppError('MISSING_FIELD', 'Private key is required for private_key_jwt.', { field: 'privateKey' });
  const { key, alg, kid } = readPrivateKey(options.privateKey);
  return jwt.setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) }).sign(key);
}

/**
 * A JWT bearer authorization grant: `iss`, `sub` and `aud` as given, a fresh `jti`, valid for one
 * minute, signed with the key (RSA, EC or Ed25519).
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.1
 */
export async function signJwtBearerAssertion(options: {
  issuer: string;
  subject: string;
  audience: string;
  key: string;
  /** The field the key comes from, named when it cannot be read. */
  field: string;
}): Promise<string> {
  if (options.key === '')
    throw new AppError('MISSING_FIELD', 'The signing key of the assertion is required.', { field: options.field });
  let signer: ReturnType<typeof readPrivateKey>;
  try {
    signer = readPrivateKey(options.key);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new AppError(error.code, error.message, {
      ...(error.hint ? { hint: error.hint } : {}),
      field: options.field,
    });
  }
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: signer.alg, typ: 'JWT', ...(signer.kid ? { kid: signer.kid } : {}) })
    .setIssuer(options.issuer)
    .setSubject(options.subject)
    .setAudience(options.audience)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + ASSERTION_LIFETIME_SECONDS)
    .sign(signer.key);
}

/**
 * A request object: the authorization request's parameters as the claims of a JWT with `iss` the
 * client and `aud` the authorization server, signed with the client's private key, or HS256 with
 * its secret when it has no key.
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-4
 */
export async function signRequestObject(options: {
  params: Record<string, string>;
  clientId: string;
  audience: string;
  privateKey?: string | undefined;
  clientSecret?: string | undefined;
}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ ...options.params })
    .setIssuer(options.clientId)
    .setAudience(options.audience)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 5 * 60);
  if (options.privateKey) {
    const { key, alg, kid } = readPrivateKey(options.privateKey);
    return jwt.setProtectedHeader({ alg, typ: 'oauth-authz-req+jwt', ...(kid ? { kid } : {}) }).sign(key);
  }
  if (options.clientSecret) {
    return jwt
      .setProtectedHeader({ alg: 'HS256', typ: 'oauth-authz-req+jwt' })
      .sign(new TextEncoder().encode(options.clientSecret));
  }
  throw new AppError('MISSING_FIELD', 'A signed authorization request needs the client’s private key or secret.', {
    hint: 'Fill in Private key (or Client secret), or set Sign the authorization request (JAR) to off.',
    field: 'privateKey',
  });
}
