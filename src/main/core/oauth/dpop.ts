import { createHash, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { AppError } from '../../../shared/domain/errors.ts';
import { headerValue, type HttpRequestSpec, type HttpResponseRecord, type Pair } from '../../../shared/domain/http.ts';
import { secretVariableName, type SecretBinding } from '../../../shared/domain/secrets.ts';
import { parseJson } from '../http/content.ts';

export const DPOP_ALGS = ['ES256', 'EdDSA', 'RS256'] as const;
export type DpopAlg = (typeof DPOP_ALGS)[number];

/** A DPoP key pair as JWKs, so it can be sealed in the vault with the ledger entry it binds. */
export interface DpopKey {
  alg: DpopAlg;
  privateJwk: JWK;
  publicJwk: JWK;
}

export function isDpopAlg(value: string | undefined): value is DpopAlg {
  return (DPOP_ALGS as readonly string[]).includes(value ?? '');
}

/** A fresh key pair for one ledger entry: every token gets its own. @see https://www.rfc-editor.org/rfc/rfc9449#section-2 */
export async function generateDpopKey(alg: DpopAlg): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  });
  const publicJwk = await exportJWK(publicKey);
  return { alg, privateJwk: await exportJWK(privateKey), publicJwk };
}

/** The key's JWK SHA-256 thumbprint: what `cnf.jkt` of a bound token holds. @see https://www.rfc-editor.org/rfc/rfc7638 */
export function dpopThumbprint(key: DpopKey): Promise<string> {
  return calculateJwkThumbprint(key.publicJwk, 'sha256');
}

/** `htu` is the URL without query and fragment. @see https://www.rfc-editor.org/rfc/rfc9449#section-4.2 */
function htuOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/**
 * A DPoP proof for one request: `typ` dpop+jwt, the public key in the header, and `jti`, `htm`,
 * `htu`, `iat`, plus the server's `nonce` when it asked for one and `ath` (the access token's
 * SHA-256) when the request carries a token. Single-use: each request gets a new one.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.2
 */
export async function createDpopProof(options: {
  key: DpopKey;
  htm: string;
  htu: string;
  nonce?: string | undefined;
  accessToken?: string | undefined;
  now?: Date;
}): Promise<string> {
  const claims: Record<string, string> = { htm: options.htm, htu: htuOf(options.htu) };
  if (options.nonce) claims.nonce = options.nonce;
  if (options.accessToken) claims.ath = createHash('sha256').update(options.accessToken, 'ascii').digest('base64url');
  const key = await importJWK(options.key.privateJwk, options.key.alg);
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'dpop+jwt', alg: options.key.alg, jwk: options.key.publicJwk })
    .setJti(randomUUID())
    .setIssuedAt(Math.floor((options.now ?? new Date()).getTime() / 1000))
    .sign(key);
}

/** Where a DPoP proof stands in exports: a proof is single-use, so no export can carry a working one. */
export const DPOP_PROOF_ORIGIN =
  'a DPoP proof (RFC 9449) is single-use and bound to one request: print a fresh one with `tokensmith dpop-proof --saved NAME --htm METHOD --htu URL`';

/**
 * The request with a fresh DPoP proof, the server's last nonce and, for a request made with the
 * token, `ath` and the `DPoP` scheme in place of `Bearer`. The proof goes into the spec (so the
 * preview shows it) and among the secrets (so no export carries it).
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.1
 */
export async function withDpopProof(
  compiled: { spec: HttpRequestSpec; secrets: SecretBinding[] },
  options: { key: DpopKey; nonce: string | undefined; accessToken?: string | undefined; profileId: string; now?: Date },
): Promise<{ spec: HttpRequestSpec; secrets: SecretBinding[] }> {
  const { spec } = compiled;
  const proof = await createDpopProof({
    key: options.key,
    htm: spec.method,
    htu: spec.url,
    nonce: options.nonce,
    accessToken: options.accessToken,
    ...(options.now ? { now: options.now } : {}),
  });
  const headers = spec.headers.map(([name, value]): Pair =>
    options.accessToken && name.toLowerCase() === 'authorization'
      ? [name, value.replace(/^Bearer\s/i, 'DPoP ')]
      : [name, value],
  );
  return {
    spec: { ...spec, headers: [...headers, ['DPoP', proof]] },
    secrets: [
      ...compiled.secrets,
      {
        variable: secretVariableName(options.profileId, 'dpopProof'),
        value: proof,
        origin: DPOP_PROOF_ORIGIN,
        fromStep: true,
      },
    ],
  };
}

/**
 * Whether the answer asks to retry with a server nonce: `use_dpop_nonce` in a token endpoint's JSON
 * error, or in a resource server's `WWW-Authenticate`.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-8
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-9
 */
export function asksForDpopNonce(response: HttpResponseRecord): boolean {
  if (response.status !== 400 && response.status !== 401) return false;
  if (/error\s*=\s*"?use_dpop_nonce/i.test(headerValue(response.headers, 'www-authenticate') ?? '')) return true;
  const body = parseJsonQuietly(response);
  return body?.error === 'use_dpop_nonce';
}

function parseJsonQuietly(response: HttpResponseRecord): Record<string, unknown> | undefined {
  try {
    const body = parseJson(response);
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The DPoP failure of an answer, in words, when the server rejected the proof or the key. */
export function dpopRejection(response: HttpResponseRecord): AppError | undefined {
  if (response.status < 400) return undefined;
  const body = parseJsonQuietly(response);
  const challenge = headerValue(response.headers, 'www-authenticate') ?? '';
  const error = typeof body?.error === 'string' ? body.error : /error\s*=\s*"([^"]+)"/.exec(challenge)?.[1];
  const description =
    typeof body?.error_description === 'string'
      ? body.error_description
      : /error_description\s*=\s*"([^"]+)"/.exec(challenge)?.[1];
  // A resource server that refuses a DPoP token with its proof answers with a DPoP challenge and
  // need not say more (RFC 9449 §7.1): the proof's key not being the token's is the usual reason.
  const dpopChallenge = response.status === 401 && /^\s*DPoP\b/i.test(challenge) && error === 'invalid_token';
  const aboutDpop = error === 'invalid_dpop_proof' || /dpop|jkt/i.test(description ?? '') || dpopChallenge;
  if (!aboutDpop) return undefined;
  return new AppError(
    'DPOP_FAILED',
    `The server rejected the token with its DPoP proof (${error ?? response.status}${description ? `: ${description}` : ''}).`,
    {
      hint: 'The proof must be signed with the key the token is bound to (RFC 9449): use the token’s own ledger entry; if the token was revoked, run the flow again.',
      field: 'dpop',
    },
  );
}

/**
 * The last `DPoP-Nonce` each server sent, by origin, so the next proof to it carries it without a
 * failed round trip first.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-8.2
 */
export class DpopNonces {
  readonly #byOrigin = new Map<string, string>();

  get(url: string): string | undefined {
    return this.#byOrigin.get(new URL(url).origin);
  }

  /** Keeps the nonce of an answer; true when it is a new one. */
  remember(url: string, response: HttpResponseRecord): boolean {
    const nonce = headerValue(response.headers, 'dpop-nonce');
    if (!nonce) return false;
    const origin = new URL(url).origin;
    const changed = this.#byOrigin.get(origin) !== nonce;
    this.#byOrigin.set(origin, nonce);
    return changed;
  }
}

/** Without a store of its own (an app core or a command has one), a process remembers nonces here. */
export const processDpopNonces = new DpopNonces();
