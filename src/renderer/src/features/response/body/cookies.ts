/**
 * Set-Cookie response headers, parsed the way a browser stores them. Pure: no DOM.
 * @see https://www.rfc-editor.org/rfc/rfc6265#section-5.2
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.6
 */

export type SameSite = 'Strict' | 'Lax' | 'None';

export interface ParsedCookie {
  readonly name: string;
  readonly value: string;
  /** Without a leading dot and lower-cased, as RFC 6265 §5.2.3 stores it; absent means host-only. */
  readonly domain?: string;
  /** Absent when missing or not starting with `/` (the browser then uses the request's default path). */
  readonly path?: string;
  /** The Expires attribute as sent. */
  readonly expires?: string;
  /** Expires as epoch milliseconds, absent when the date does not parse (the cookie is then a session cookie). */
  readonly expiresAt?: number;
  /** Seconds; takes precedence over Expires. Zero or less deletes the cookie. */
  readonly maxAge?: number;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  /** Absent when missing or unrecognised: the browser's default applies. */
  readonly sameSite?: SameSite;
}

type Header = readonly [name: string, value: string];

/** Space and tab: the whitespace RFC 6265 trims around names, values and attributes. */
function trimWsp(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The cookie-date algorithm: lenient on purpose (servers send RFC 1123, RFC 850 and asctime dates and
 * worse), so `Date.parse` and its engine-specific guesses are not used.
 * @see https://www.rfc-editor.org/rfc/rfc6265#section-5.1.1
 */
export function parseCookieDate(text: string): number | undefined {
  // delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E; everything else builds date-tokens.
  const tokens = text.split(/[\t\x20-\x2f\x3b-\x40\x5b-\x60\x7b-\x7e]+/).filter((token) => token !== '');
  let time: [number, number, number] | undefined;
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  for (const token of tokens) {
    const hms = time === undefined ? /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\D|$)/.exec(token) : null;
    if (hms) {
      time = [Number(hms[1]), Number(hms[2]), Number(hms[3])];
      continue;
    }
    const dayMatch = day === undefined ? /^(\d{1,2})(?:\D|$)/.exec(token) : null;
    if (dayMatch) {
      day = Number(dayMatch[1]);
      continue;
    }
    const monthIndex = month === undefined ? MONTHS.indexOf(token.slice(0, 3).toLowerCase()) : -1;
    if (monthIndex >= 0) {
      month = monthIndex;
      continue;
    }
    const yearMatch = year === undefined ? /^(\d{2,4})(?:\D|$)/.exec(token) : null;
    if (yearMatch) year = Number(yearMatch[1]);
  }
  if (time === undefined || day === undefined || month === undefined || year === undefined) return undefined;
  if (year >= 70 && year <= 99) year += 1900;
  else if (year >= 0 && year <= 69) year += 2000;
  const [hour, minute, second] = time;
  if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) return undefined;
  const at = Date.UTC(year, month, day, hour, minute, second);
  // 31 February and the like roll over into the next month; the algorithm says to ignore them.
  if (new Date(at).getUTCDate() !== day) return undefined;
  return at;
}

function parseSameSite(value: string): SameSite | undefined {
  switch (value.toLowerCase()) {
    case 'strict':
      return 'Strict';
    case 'lax':
      return 'Lax';
    case 'none':
      return 'None';
    default:
      return undefined;
  }
}

/**
 * One Set-Cookie value. Null when the browser would ignore it (no name and no value).
 * Later attributes override earlier ones, as in the RFC's cookie-attribute-list.
 */
export function parseSetCookie(header: string): ParsedCookie | null {
  const semicolon = header.indexOf(';');
  const pair = semicolon === -1 ? header : header.slice(0, semicolon);
  const equals = pair.indexOf('=');
  // RFC 6265bis: a pair without '=' is a cookie with an empty name (RFC 6265 dropped it; browsers don't).
  const name = equals === -1 ? '' : trimWsp(pair.slice(0, equals));
  const value = trimWsp(equals === -1 ? pair : pair.slice(equals + 1));
  if (name === '' && value === '') return null;

  const cookie: { -readonly [K in keyof ParsedCookie]: ParsedCookie[K] } = {
    name,
    value,
    secure: false,
    httpOnly: false,
  };
  const attributes = semicolon === -1 ? [] : header.slice(semicolon + 1).split(';');
  for (const attribute of attributes) {
    const at = attribute.indexOf('=');
    const key = trimWsp(at === -1 ? attribute : attribute.slice(0, at)).toLowerCase();
    const attributeValue = at === -1 ? '' : trimWsp(attribute.slice(at + 1));
    switch (key) {
      case 'expires': {
        cookie.expires = attributeValue;
        const expiresAt = parseCookieDate(attributeValue);
        if (expiresAt === undefined) delete cookie.expiresAt;
        else cookie.expiresAt = expiresAt;
        break;
      }
      case 'max-age':
        // An integer, possibly negative; anything else is ignored (§5.2.2).
        if (/^-?\d+$/.test(attributeValue)) cookie.maxAge = Number(attributeValue);
        break;
      case 'domain':
        if (attributeValue !== '') cookie.domain = attributeValue.replace(/^\./, '').toLowerCase();
        break;
      case 'path':
        if (attributeValue.startsWith('/')) cookie.path = attributeValue;
        else delete cookie.path;
        break;
      case 'secure':
        cookie.secure = true;
        break;
      case 'httponly':
        cookie.httpOnly = true;
        break;
      case 'samesite': {
        const sameSite = parseSameSite(attributeValue);
        if (sameSite) cookie.sameSite = sameSite;
        else delete cookie.sameSite;
        break;
      }
      default:
      // Unknown attributes (Priority, Partitioned, …) are not shown.
    }
  }
  return cookie;
}

/**
 * Splits a header value that holds several cookies joined by commas (a proxy or client folded repeated
 * Set-Cookie headers). A comma only separates cookies when a `name=` follows it, so the comma inside
 * `Expires=Wed, 21 Oct 2015 07:28:00 GMT` stays.
 */
export function splitSetCookieHeader(value: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let comma = value.indexOf(','); comma !== -1; comma = value.indexOf(',', comma + 1)) {
    if (/^[ \t]*[^\s;,=]+[ \t]*=/.test(value.slice(comma + 1, comma + 257))) {
      parts.push(value.slice(start, comma));
      start = comma + 1;
    }
  }
  parts.push(value.slice(start));
  return parts.map(trimWsp).filter((part) => part !== '');
}

/** Every cookie set by the response headers, in order. */
export function cookiesFromHeaders(headers: readonly Header[]): ParsedCookie[] {
  return headers
    .filter(([name]) => name.toLowerCase() === 'set-cookie')
    .flatMap(([, value]) => splitSetCookieHeader(value))
    .map(parseSetCookie)
    .filter((cookie) => cookie !== null);
}

const MASK_FROM = 16;

/**
 * Cookies are credentials: a value longer than 16 characters shows only its last four, enough to tell
 * two sessions apart. Counted in code points so an emoji is not cut in half.
 */
export function maskCookieValue(value: string): string {
  const chars = Array.from(value);
  return chars.length > MASK_FROM ? `••••${chars.slice(-4).join('')}` : value;
}
