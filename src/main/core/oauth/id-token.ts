import { createHash } from 'node:crypto';
import { compactVerify, createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { AppError } from '../../../shared/domain/errors.ts';
import type { IdTokenCheck, IdTokenReport } from '../../../shared/domain/token.ts';

/** Clocks differ: `exp` and `iat` are given this much slack, as most libraries do. */
const CLOCK_SKEW_S = 60;

export interface IdTokenExpectations {
  /** The issuer the flow talked to (discovery's `issuer`). */
  issuer: string;
  clientId: string;
  /** The issuer's signing keys, for asymmetric algorithms. */
  jwks?: JSONWebKeySet | undefined;
  /** For HS256/384/512 ID tokens, signed with the client secret. */
  clientSecret?: string | undefined;
  /** The `nonce` the authorization request sent; its check is made only when one was sent. */
  nonce?: string | undefined;
  /** The access token issued beside it, for `at_hash`. */
  accessToken?: string | undefined;
  /** The authorization code it was exchanged for, for `c_hash`. */
  code?: string | undefined;
  now: Date;
}

/** The hash `at_hash` and `c_hash` use: the one of the signing algorithm (SHA-512 for Ed25519). */
function hashOf(alg: string): string | undefined {
  if (alg === 'EdDSA' || alg === 'Ed25519') return 'sha512';
  const bits = /^(?:RS|PS|ES|HS)(256|384|512)$/.exec(alg)?.[1];
  return bits ? `sha${bits}` : undefined;
}

/**
 * The left half of the hash of a value, base64url: what `at_hash` and `c_hash` hold.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeIDToken
 */
export function halfHash(value: string, alg: string): string | undefined {
  const hash = hashOf(alg);
  if (!hash) return undefined;
  const digest = createHash(hash).update(value, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

async function signatureCheck(idToken: string, alg: string, expected: IdTokenExpectations): Promise<IdTokenCheck> {
  try {
    if (alg === 'none') return { name: 'signature', ok: false, detail: 'The ID token is not signed (alg "none").' };
    if (alg.startsWith('HS')) {
      if (!expected.clientSecret)
        return {
          name: 'signature',
          ok: false,
          detail: `Signed with ${alg}, but there is no client secret to check it.`,
        };
      await compactVerify(idToken, new TextEncoder().encode(expected.clientSecret));
      return { name: 'signature', ok: true, detail: `${alg} with the client secret.` };
    }
    if (!expected.jwks)
      return { name: 'signature', ok: false, detail: 'The issuer publishes no JWKS (jwks_uri) to check it against.' };
    await compactVerify(idToken, createLocalJWKSet(expected.jwks));
    const kid = decodeProtectedHeader(idToken).kid;
    return { name: 'signature', ok: true, detail: `${alg}${kid ? `, key ${kid}` : ''} from the issuer's JWKS.` };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { name: 'signature', ok: false, detail: `Does not verify against the issuer's keys: ${reason}.` };
  }
}

function claimChecks(payload: Record<string, unknown>, alg: string, expected: IdTokenExpectations): IdTokenCheck[] {
  const now = Math.floor(expected.now.getTime() / 1000);
  const checks: IdTokenCheck[] = [];
  const check = (name: string, ok: boolean, detail: string): void => void checks.push({ name, ok, detail });

  check(
    'iss',
    payload.iss === expected.issuer,
    payload.iss === expected.issuer
      ? expected.issuer
      : `Is ${JSON.stringify(payload.iss)}, expected ${expected.issuer}.`,
  );
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const audOk = audiences.includes(expected.clientId);
  check(
    'aud',
    audOk,
    audOk
      ? `Includes ${expected.clientId}.`
      : `Is ${JSON.stringify(payload.aud)}, not for client ${expected.clientId}.`,
  );
  if (payload.azp !== undefined || audiences.length > 1) {
    const ok = payload.azp === expected.clientId;
    check('azp', ok, ok ? expected.clientId : `Is ${JSON.stringify(payload.azp)}, expected ${expected.clientId}.`);
  }
  const exp = payload.exp;
  if (typeof exp !== 'number') check('exp', false, 'Missing or not a number.');
  else
    check(
      'exp',
      exp + CLOCK_SKEW_S > now,
      exp + CLOCK_SKEW_S > now
        ? new Date(exp * 1000).toISOString()
        : `Expired at ${new Date(exp * 1000).toISOString()}.`,
    );
  const iat = payload.iat;
  if (typeof iat !== 'number') check('iat', false, 'Missing or not a number.');
  else
    check(
      'iat',
      iat - CLOCK_SKEW_S <= now,
      iat - CLOCK_SKEW_S <= now
        ? new Date(iat * 1000).toISOString()
        : `Issued in the future (${new Date(iat * 1000).toISOString()}).`,
    );
  if (expected.nonce !== undefined) {
    const ok = payload.nonce === expected.nonce;
    check(
      'nonce',
      ok,
      ok
        ? 'Matches the nonce of the authorization request.'
        : payload.nonce === undefined
          ? 'Missing: the authorization request sent one.'
          : 'Differs from the nonce the authorization request sent (a replayed or injected ID token).',
    );
  }
  for (const [name, value] of [
    ['at_hash', expected.accessToken],
    ['c_hash', expected.code],
  ] as const) {
    if (payload[name] === undefined || value === undefined) continue;
    const ok = payload[name] === halfHash(value, alg);
    check(
      name,
      ok,
      ok
        ? `Matches the ${name === 'at_hash' ? 'access token' : 'code'}.`
        : `Does not match the ${name === 'at_hash' ? 'access token issued with it' : 'authorization code'}.`,
    );
  }
  return checks;
}

/**
 * Checks an ID token as OpenID Connect Core §3.1.3.7 asks: signature against the issuer's keys,
 * `iss`, `aud`, `azp`, `exp`, `iat`, `nonce`, and `at_hash` and `c_hash` when present. Every check
 * is listed, passed or failed; {@link assertIdTokenValid} turns a failure into an error.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export async function checkIdToken(idToken: string, expected: IdTokenExpectations): Promise<IdTokenReport> {
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(idToken);
    payload = decodeJwt(idToken);
  } catch (error) {
    throw new AppError('ID_TOKEN_INVALID', 'token response "id_token" is not a JWT.', {
      hint: 'The server does not follow OpenID Connect; report it to the provider.',
      cause: error,
    });
  }
  const alg = typeof header.alg === 'string' ? header.alg : 'none';
  const checks = [await signatureCheck(idToken, alg, expected), ...claimChecks(payload, alg, expected)];
  return { header, payload, valid: checks.every((check) => check.ok), checks };
}

/** A failed check is an error that names it, never a warning lost in a list. */
export function assertIdTokenValid(report: IdTokenReport): void {
  const failed = report.checks.find((check) => !check.ok);
  if (!failed) return;
  throw new AppError('ID_TOKEN_INVALID', `The ID token fails its "${failed.name}" check: ${failed.detail}`, {
    hint:
      failed.name === 'nonce'
        ? 'This ID token does not belong to this sign-in: start the flow again.'
        : failed.name === 'iss' || failed.name === 'signature'
          ? 'Check Issuer: the ID token must come from it and be signed with its keys.'
          : failed.name === 'aud' || failed.name === 'azp'
            ? 'Check Client ID: the ID token was issued to another client.'
            : 'Check the computer’s clock, then start the flow again.',
    ...(failed.name === 'aud' || failed.name === 'azp' ? { field: 'clientId' } : {}),
  });
}
