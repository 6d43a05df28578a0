import type { HttpResponseRecord } from '../../../shared/domain/http.ts';
import { looksLikeJwt } from '../../../shared/jwt/decode.ts';
import { parseJson } from '../http/content.ts';

/** A JWT found in a response: where (`body $.access_token`, `header authorization`) and its text. */
export interface FoundJwt {
  location: string;
  token: string;
}

const MAX_DEPTH = 20;
const MAX_FOUND = 50;
/** Every compact JWS starts with the base64url of `{"`; a body without it holds no JWT. */
const JWT_START = 'eyJ';

/** `$.data[3].token`, `$["odd key"]`: the path as JSONPath, built only for what is found. */
function jsonPath(path: readonly (string | number)[]): string {
  return `$${path
    .map((key) =>
      typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`,
    )
    .join('')}`;
}

/**
 * Walks a parsed body. The path is a stack of keys, turned into text only for a JWT: building a path
 * string for each of the million values of a 20 MB body took longer than parsing it.
 */
function walk(value: unknown, path: (string | number)[], found: FoundJwt[]): void {
  if (found.length >= MAX_FOUND || path.length > MAX_DEPTH) return;
  if (typeof value === 'string') {
    if (value.startsWith(JWT_START) && looksLikeJwt(value))
      found.push({ location: `body ${jsonPath(path)}`, token: value });
    return;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      walk(value[index], path, found);
      path.pop();
    }
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      path.push(key);
      walk(item, path, found);
      path.pop();
    }
  }
}

/** Every JWT in a response's headers (Bearer or bare) and JSON body, in document order. */
export function findJwts(response: HttpResponseRecord): FoundJwt[] {
  const found: FoundJwt[] = [];
  for (const [name, value] of response.headers) {
    const candidate = value.replace(/^Bearer\s+/i, '').trim();
    if (looksLikeJwt(candidate)) found.push({ location: `header ${name.toLowerCase()}`, token: candidate });
  }
  // A JWT in a JSON body shows its start in the text, unless the server wrote it with \u escapes:
  // without either, a big body need not be parsed and walked at all.
  if (!response.bodyText.includes(JWT_START) && !response.bodyText.includes('\\u')) return found;
  const body = parseJson(response);
  if (body !== undefined) walk(body, [], found);
  return found;
}
