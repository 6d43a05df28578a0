import { isCredentialName, snakeCase } from '../../../shared/security/credential-name.ts';

/**
 * What the main-process log may hold: everything, except credentials. Unlike the request redaction
 * in ../redact.ts, which knows the secrets of one flow, this works without knowing any secret: it
 * goes by the names credentials travel under and the shapes they take in text.
 */

export const REDACTED = '[REDACTED]';

/** How deep a logged value is followed; logs are for people, and cycles must end. */
const MAX_DEPTH = 8;

/** Query and fragment parameters that carry credentials besides the credential names: the authorization code among them. */
const SENSITIVE_URL_PARAMS = new Set(['code', 'device_code', 'user_code', 'key', 'sig']);

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
const SCHEME_CREDENTIAL = /\b(Bearer|Token|DPoP)(\s+)[A-Za-z0-9\-._~+/]+=*/g;
const BASIC_CREDENTIAL = /\b(Basic)(\s+)([A-Za-z0-9+/]{4,}={0,2})/g;
const JWT = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const NAME = '[A-Za-z][A-Za-z0-9_-]*';
const FORM_PAIR = new RegExp(`(^|[?&;\\s])(${NAME})=([^&\\s;]*)`, 'g');
const JSON_PAIR = new RegExp(`("(${NAME})"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|[^,}\\]\\s]+)`, 'g');
const HEADER_LINE = new RegExp(`(^|\\n)(${NAME})(:[ \\t]*)([^\\r\\n]*)`, 'g');

function redactParams(params: URLSearchParams): boolean {
  let changed = false;
  for (const name of new Set(params.keys())) {
    if (SENSITIVE_URL_PARAMS.has(snakeCase(name)) || isCredentialName(name)) {
      params.set(name, REDACTED);
      changed = true;
    }
  }
  return changed;
}

/** A URL with its userinfo and credential parameters (query and fragment) replaced. */
function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  let changed = false;
  if (url.username !== '' || url.password !== '') {
    // Brackets would be percent-encoded in the userinfo; the bare word reads better.
    url.username = 'REDACTED';
    url.password = '';
    changed = true;
  }
  if (redactParams(url.searchParams)) changed = true;
  // The implicit grant and some providers put tokens in the fragment: `#access_token=…`.
  if (url.hash.includes('=')) {
    const fragment = new URLSearchParams(url.hash.slice(1));
    if (redactParams(fragment)) {
      url.hash = fragment.toString();
      changed = true;
    }
  }
  // Left as written when nothing was found, so a log line reads like what was logged.
  return changed ? url.toString() : raw;
}

function isBasicCredential(encoded: string): boolean {
  return Buffer.from(encoded, 'base64').toString('utf8').includes(':');
}

/** Credentials inside free text: URLs, Authorization values, JWTs, `name=value`, JSON and header lines. */
export function redactString(text: string): string {
  return text
    .replace(URL_IN_TEXT, (url) => redactUrl(url))
    .replace(SCHEME_CREDENTIAL, (_match, scheme: string, space: string) => `${scheme}${space}${REDACTED}`)
    .replace(BASIC_CREDENTIAL, (match, scheme: string, space: string, encoded: string) =>
      isBasicCredential(encoded) ? `${scheme}${space}${REDACTED}` : match,
    )
    .replace(JWT, REDACTED)
    .replace(FORM_PAIR, (match, lead: string, name: string) =>
      isCredentialName(name) || snakeCase(name) === 'code' ? `${lead}${name}=${REDACTED}` : match,
    )
    .replace(JSON_PAIR, (match, head: string, name: string) =>
      isCredentialName(name) ? `${head}"${REDACTED}"` : match,
    )
    .replace(HEADER_LINE, (match, lead: string, name: string, colon: string) =>
      isCredentialName(name) ? `${lead}${name}${colon}${REDACTED}` : match,
    );
}

function isHeaderPair(value: unknown[]): value is [string, unknown] {
  return value.length === 2 && typeof value[0] === 'string';
}

function redactError(error: Error, seen: WeakSet<object>, depth: number): Record<string, unknown> {
  const record: Record<string, unknown> = { name: error.name, message: error.message };
  if (error.stack) record.stack = error.stack;
  for (const [key, value] of Object.entries(error)) record[key] = value;
  if (error.cause !== undefined) record.cause = error.cause;
  return redactObject(record, seen, depth);
}

function redactObject(value: object, seen: WeakSet<object>, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    result[key] = isCredentialName(key) ? REDACTED : walk(item, seen, depth + 1);
  }
  return result;
}

function walk(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return '[Function]';
  if (depth > MAX_DEPTH) return '[Too deep]';
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  try {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    // Bytes are never logged: they may be a sealed secret or a key.
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
    if (value instanceof URL) return redactUrl(value.toString());
    if (value instanceof Error) return redactError(value, seen, depth);
    if (value instanceof Map) {
      const entries = [...(value as Map<unknown, unknown>)].map(([key, item]) => [
        typeof key === 'string' ? key : typeof key,
        item,
      ]);
      return redactObject(Object.fromEntries(entries) as Record<string, unknown>, seen, depth);
    }
    if (value instanceof Set) return walk([...value], seen, depth);
    if (Array.isArray(value)) {
      // Ordered headers travel as [name, value] pairs (HttpRequestSpec.headers).
      if (isHeaderPair(value) && isCredentialName(value[0])) return [value[0], REDACTED];
      return value.map((item) => walk(item, seen, depth + 1));
    }
    return redactObject(value, seen, depth);
  } finally {
    seen.delete(value);
  }
}

/**
 * A copy of `value` safe to write to the log: credential fields, header pairs and parameters are
 * replaced by `[REDACTED]`, and so are URL userinfo, Bearer and Basic credentials and JWTs inside
 * any string. Errors become plain objects (name, message, stack, cause).
 */
export function redact(value: unknown): unknown {
  return walk(value, new WeakSet(), 0);
}
