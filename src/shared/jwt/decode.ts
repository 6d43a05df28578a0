import { z } from 'zod';
import { AppError } from '../domain/errors.ts';

export const decodedJwtSchema = z.object({
  header: z.record(z.string(), z.unknown()),
  payload: z.record(z.string(), z.unknown()),
  /** `iat`, `nbf` and `exp` as ISO 8601 dates, for the claims that are numbers. */
  times: z.record(z.string(), z.string()),
  /** Facts a reader must not miss: `alg: none`, expired, not yet valid. */
  warnings: z.array(z.string()),
});
export type DecodedJwt = z.infer<typeof decodedJwtSchema>;

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const TIME_CLAIMS = ['iat', 'nbf', 'exp'] as const;
/** Reusable: a non-streaming decode starts afresh every call. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function fail(message: string): never {
  throw new AppError('JWT_MALFORMED', message, {
    hint: 'A JWT is three base64url parts separated by dots: header.payload.signature.',
  });
}

function decodeSegment(segment: string, name: 'header' | 'payload'): Record<string, unknown> {
  if (segment === '') fail(`The JWT ${name} is empty.`);
  if (!BASE64URL.test(segment)) fail(`The JWT ${name} is not base64url (it has characters outside A–Z a–z 0–9 - _).`);
  if (segment.length % 4 === 1) fail(`The JWT ${name} is not valid base64url (its length is impossible).`);
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  // A plain loop: Uint8Array.from with a map function was the slowest part of decoding a token.
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    fail(`The JWT ${name} is not UTF-8 text.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail(`The JWT ${name} is not JSON.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`The JWT ${name} is JSON but not an object.`);
  }
  return value as Record<string, unknown>;
}

/** True when the string has the shape of a compact JWS (three base64url parts), without decoding it. */
export function looksLikeJwt(value: string): boolean {
  const parts = value.split('.');
  return (
    parts.length === 3 &&
    parts[0]!.startsWith('eyJ') &&
    parts[1]!.length > 0 &&
    parts.every((part) => BASE64URL.test(part))
  );
}

/**
 * Decodes a compact JWS without verifying it: verification needs a key and lives in the inspector.
 * Throws `JWT_MALFORMED` with a message that names the part that is wrong.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2
 */
export function decodeJwt(token: string, now: Date = new Date()): DecodedJwt {
  const trimmed = token.trim();
  if (trimmed === '') fail('The JWT is empty.');
  const parts = trimmed.split('.');
  if (parts.length === 5) {
    throw new AppError('JWT_MALFORMED', 'This is an encrypted JWT (JWE): its payload cannot be read without the key.');
  }
  if (parts.length !== 3) fail(`A JWT has 3 parts separated by dots; this has ${parts.length}.`);
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeSegment(headerPart, 'header');
  const payload = decodeSegment(payloadPart, 'payload');
  if (!BASE64URL.test(signaturePart)) fail('The JWT signature is not base64url.');

  const warnings: string[] = [];
  const alg = typeof header.alg === 'string' ? header.alg.toLowerCase() : undefined;
  if (alg === undefined) warnings.push('The header has no "alg".');
  else if (alg === 'none') warnings.push('alg is "none": this token is unsigned, and anyone could have written it.');
  else if (signaturePart === '') warnings.push('The signature is empty.');

  const times: Record<string, string> = {};
  for (const claim of TIME_CLAIMS) {
    const value = payload[claim];
    if (typeof value === 'number' && Number.isFinite(value)) {
      const date = new Date(value * 1000);
      if (!Number.isNaN(date.getTime())) times[claim] = date.toISOString();
    } else if (value !== undefined) {
      warnings.push(`"${claim}" is not a number of seconds.`);
    }
  }
  const nowSeconds = now.getTime() / 1000;
  if (typeof payload.exp === 'number' && payload.exp <= nowSeconds) warnings.push('The token has expired.');
  if (typeof payload.nbf === 'number' && payload.nbf > nowSeconds) warnings.push('The token is not valid yet (nbf).');

  return { header, payload, times, warnings };
}
