import { AppError } from '../../../shared/domain/errors.ts';
import type { HttpResponseRecord } from '../../../shared/domain/http.ts';
import type { TokenSet } from '../../../shared/domain/token.ts';
import { decodeJwt, looksLikeJwt } from '../../../shared/jwt/decode.ts';
import { parseJson } from '../http/content.ts';
import { invalidMember } from './assert.ts';

const WHERE = 'token response';
const NO_EXPIRY = 'No "expires_in": the expiry is unknown.';
const TOKEN_MEMBERS = ['access_token', 'accessToken', 'token'] as const;
/**
 * A lifetime past this many seconds (a century) means "never": servers send 2^63 − 1 or 1e20 for
 * that, and such a date is beyond what a Date can hold (RangeError) or any ledger needs.
 */
export const MAX_LIFETIME_S = 100 * 365.25 * 24 * 3600;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Finds the token object: the top level, or a `data` envelope as some providers send it. */
function locateToken(
  body: Record<string, unknown>,
  warnings: string[],
): { holder: Record<string, unknown>; member: string } {
  const places: { holder: Record<string, unknown>; prefix: string }[] = [{ holder: body, prefix: '' }];
  if (isRecord(body.data)) places.push({ holder: body.data, prefix: 'data.' });
  for (const { holder, prefix } of places) {
    for (const member of TOKEN_MEMBERS) {
      if (holder[member] === undefined) continue;
      if (typeof holder[member] !== 'string' || holder[member] === '') {
        throw invalidMember(WHERE, `${prefix}${member}`, 'is not a non-empty string');
      }
      if (`${prefix}${member}` !== 'access_token') {
        warnings.push(`The token is in "${prefix}${member}" rather than "access_token" (RFC 6749 §5.1).`);
      }
      return { holder, member };
    }
  }
  const keys = Object.keys(body).slice(0, 8).join(', ');
  throw new AppError('NO_TOKEN', `The ${WHERE} has no "access_token"${keys ? ` (it has: ${keys})` : ''}.`, {
    hint: 'Check the token URL and the grant parameters: the server answered but gave no token.',
  });
}

function normalizeTokenType(raw: unknown, warnings: string[]): string {
  if (raw === undefined) {
    warnings.push('No "token_type"; assumed Bearer (RFC 6749 §5.1 requires it).');
    return 'Bearer';
  }
  if (typeof raw !== 'string' || raw === '') throw invalidMember(WHERE, 'token_type', 'is not a string');
  if (raw.toLowerCase() === 'bearer') return 'Bearer';
  if (raw.toLowerCase() === 'bearertoken') {
    warnings.push(`"token_type" is "${raw}"; treated as Bearer.`);
    return 'Bearer';
  }
  return raw;
}

function normalizeExpiresIn(raw: unknown, warnings: string[]): number | undefined {
  if (raw === undefined || raw === null) {
    warnings.push(NO_EXPIRY);
    return undefined;
  }
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 0) throw invalidMember(WHERE, 'expires_in', 'is not a positive number');
    return raw;
  }
  if (typeof raw === 'string' && /^\d+$/.test(raw.trim())) {
    warnings.push(`"expires_in" is the string "${raw}"; RFC 6749 §5.1 wants a number.`);
    return Number(raw.trim());
  }
  throw invalidMember(WHERE, 'expires_in', 'is not a number of seconds');
}

function optionalString(holder: Record<string, unknown>, member: string): string | undefined {
  const value = holder[member];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidMember(WHERE, member, 'is not a string');
  return value;
}

/** `expires_in` as the server wrote it (JSON numbers this large lose their digits when parsed). */
function rawExpiresIn(bodyText: string): string | undefined {
  return /"expires_?in"\s*:\s*"?(\d[\d.]*(?:[eE][+-]?\d+)?)/i.exec(bodyText)?.[1];
}

/**
 * Reads a successful token response into a {@link TokenSet}. Lenient where real providers are
 * sloppy (string `expires_in`, `BearerToken`, a `data` envelope) and says so in `warnings`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export function processTokenResponse(response: HttpResponseRecord, now: Date = new Date()): TokenSet {
  const body = parseJson(response);
  if (!isRecord(body)) {
    throw new AppError('INVALID_TOKEN_RESPONSE', `The ${WHERE} is not a JSON object.`, {
      hint: 'Check the token URL: the server should answer with a JSON object.',
    });
  }
  const warnings: string[] = [];
  const { holder, member } = locateToken(body, warnings);
  const accessToken = holder[member] as string;
  const tokenType = normalizeTokenType(holder.token_type ?? holder.tokenType, warnings);
  const expiresIn = normalizeExpiresIn(holder.expires_in ?? holder.expiresIn, warnings);
  const token: TokenSet = { accessToken, tokenType, warnings };
  if (expiresIn !== undefined && expiresIn > MAX_LIFETIME_S) {
    warnings.push(`The token does not expire (server said ${rawExpiresIn(response.bodyText) ?? expiresIn} s).`);
  } else if (expiresIn !== undefined) {
    token.expiresIn = expiresIn;
    token.expiresAt = new Date(now.getTime() + expiresIn * 1000).toISOString();
  }
  const refreshToken = optionalString(holder, 'refresh_token') ?? optionalString(holder, 'refreshToken');
  if (refreshToken) token.refreshToken = refreshToken;
  const scope = optionalString(holder, 'scope');
  if (scope) token.scope = scope;
  const idToken = optionalString(holder, 'id_token');
  if (idToken) token.idToken = idToken;
  return withJwtExpiry(token, now);
}

/**
 * When the server gave no `expires_in` but the access token is a JWT with a numeric `exp`, the
 * expiry comes from the JWT (long-lived API tokens, pasted tokens, signed app JWTs).
 */
export function withJwtExpiry(token: TokenSet, now: Date): TokenSet {
  if (token.expiresAt !== undefined || !looksLikeJwt(token.accessToken)) return token;
  let exp: unknown;
  try {
    exp = decodeJwt(token.accessToken, now).payload.exp;
  } catch {
    return token;
  }
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return token;
  const never = exp - now.getTime() / 1000 > MAX_LIFETIME_S;
  const warnings = token.warnings.map((warning) =>
    warning !== NO_EXPIRY
      ? warning
      : never
        ? `The token does not expire (its JWT "exp" is ${exp}).`
        : 'No "expires_in"; the expiry comes from the JWT\'s "exp".',
  );
  if (never) return { ...token, warnings };
  return {
    ...token,
    expiresIn: Math.max(0, Math.round(exp - now.getTime() / 1000)),
    expiresAt: new Date(exp * 1000).toISOString(),
    warnings,
  };
}
