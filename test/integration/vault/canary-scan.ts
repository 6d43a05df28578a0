import { readdirSync } from 'node:fs';
import path from 'node:path';

export interface Encoding {
  name: string;
  needle: Buffer;
}

/**
 * The forms a secret could take on disk: raw (UTF-8 and UTF-16), hex in either case, percent- and
 * form-encoded, JSON-escaped, and base64 / base64url at each of the three alignments it could have
 * inside a longer encoded text (only the characters that depend on the secret alone are searched).
 */
export function encodingsOf(secret: string): Encoding[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: [string, string | Buffer][] = [
    ['raw', bytes],
    ['UTF-16LE', Buffer.from(secret, 'utf16le')],
    ['hex', bytes.toString('hex')],
    ['HEX', bytes.toString('hex').toUpperCase()],
    ['encodeURIComponent', encodeURIComponent(secret)],
    ['encodeURIComponent with +', encodeURIComponent(secret).replace(/%20/g, '+')],
    ['form-encoded', new URLSearchParams({ x: secret }).toString().slice(2)],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
  ];
  for (const shift of [0, 1, 2]) {
    const shifted = Buffer.concat([Buffer.alloc(shift), bytes]);
    const whole = Math.floor(shifted.length / 3) * 4;
    for (const alphabet of ['base64', 'base64url'] as const) {
      forms.push([`${alphabet} at offset ${shift}`, shifted.toString(alphabet).slice(shift === 0 ? 0 : 4, whole)]);
    }
  }
  const seen = new Set<string>();
  return forms
    .map(([name, form]) => ({ name, needle: Buffer.isBuffer(form) ? form : Buffer.from(form, 'utf8') }))
    .filter(({ needle }) => {
      const key = needle.toString('hex');
      if (seen.has(key) || needle.length < 16) return false;
      seen.add(key);
      return true;
    });
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every place a canary appears in the given contents, in any of its encodings. */
export function findCanaries(contents: { name: string; bytes: Buffer }[], canaries: Record<string, string>): string[] {
  const hits: string[] = [];
  for (const [label, canary] of Object.entries(canaries)) {
    for (const { name, needle } of encodingsOf(canary)) {
      for (const content of contents) {
        if (content.bytes.includes(needle)) hits.push(`${label} (${name}) in ${content.name}`);
      }
    }
  }
  return hits;
}
