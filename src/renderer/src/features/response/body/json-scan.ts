/**
 * Scanners for the tokens of JSON (RFC 8259): each returns where the token ends, or -1 when the text
 * breaks the grammar. They work on character codes, never building strings, because json-lines.ts
 * runs them over every character of bodies of many megabytes. Pure: no DOM.
 * @see https://www.rfc-editor.org/rfc/rfc8259
 */

// Character codes, named so the scanner reads like the grammar.
export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
export const ZERO = 0x30;
export const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

export function skipWhitespace(text: string, pos: number): number {
  for (;;) {
    const c = text.charCodeAt(pos);
    // JSON whitespace is exactly space, tab, LF and CR (RFC 8259 §2); NaN past the end stops the loop.
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
    else return pos;
  }
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** End of the string literal that starts at `pos` (past the closing quote), or -1 when it is invalid. */
export function scanString(text: string, pos: number): number {
  const length = text.length;
  let i = pos + 1;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) {
      const e = text.charCodeAt(i + 1);
      // " \ / b f n r t
      if (
        e === 0x22 ||
        e === 0x5c ||
        e === 0x2f ||
        e === 0x62 ||
        e === 0x66 ||
        e === 0x6e ||
        e === 0x72 ||
        e === 0x74
      ) {
        i += 2;
      } else if (e === 0x75) {
        if (
          !isHex(text.charCodeAt(i + 2)) ||
          !isHex(text.charCodeAt(i + 3)) ||
          !isHex(text.charCodeAt(i + 4)) ||
          !isHex(text.charCodeAt(i + 5))
        ) {
          return -1;
        }
        i += 6;
      } else {
        return -1;
      }
    } else if (c < 0x20) {
      return -1;
    } else {
      i++;
    }
  }
  return -1;
}

function scanDigits(text: string, pos: number): number {
  let c = text.charCodeAt(pos);
  while (c >= ZERO && c <= NINE) c = text.charCodeAt(++pos);
  return pos;
}

/** End of the number that starts at `pos`, or -1 when it breaks RFC 8259 §6 (leading zeros, bare dot…). */
export function scanNumber(text: string, pos: number): number {
  let i = pos;
  if (text.charCodeAt(i) === MINUS) i++;
  const first = text.charCodeAt(i);
  if (first === ZERO) i++;
  else if (first > ZERO && first <= NINE) i = scanDigits(text, i + 1);
  else return -1;
  if (text.charCodeAt(i) === DOT) {
    const end = scanDigits(text, i + 1);
    if (end === i + 1) return -1;
    i = end;
  }
  const e = text.charCodeAt(i);
  if (e === LOWER_E || e === UPPER_E) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === PLUS || sign === MINUS) i++;
    const end = scanDigits(text, i);
    if (end === i) return -1;
    i = end;
  }
  return i;
}

/** Length of the literal `true`, `false` or `null` at `pos`, or 0. */
export function literalLength(text: string, pos: number): number {
  if (text.startsWith('true', pos) || text.startsWith('null', pos)) return 4;
  return text.startsWith('false', pos) ? 5 : 0;
}
