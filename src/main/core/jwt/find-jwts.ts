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

function walk(value: unknown, path: string, found: FoundJwt[], depth: number): void {
  if (found.length >= MAX_FOUND || depth > MAX_DEPTH) return;
  if (typeof value === 'string') {
    if (looksLikeJwt(value)) found.push({ location: `body ${path}`, token: value });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${path}[${index}]`, found, depth + 1));
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value))
      walk(
        item,
        /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`,
        found,
        depth + 1,
      );
  }
}

/** Every JWT in a response's headers (Bearer or bare) and JSON body, in document order. */
export function findJwts(response: HttpResponseRecord): FoundJwt[] {
  const found: FoundJwt[] = [];
  for (const [name, value] of response.headers) {
    const candidate = value.replace(/^Bearer\s+/i, '').trim();
    if (looksLikeJwt(candidate)) found.push({ location: `header ${name.toLowerCase()}`, token: candidate });
  }
  const body = parseJson(response);
  if (body !== undefined) walk(body, '$', found, 0);
  return found;
}
