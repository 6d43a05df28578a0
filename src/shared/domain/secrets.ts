import { AppError } from './errors.ts';
import { formEncode, percentEncode } from './http.ts';

/**
 * A secret value as the code that exports or redacts requests knows it: the value itself and the
 * environment variable that stands for it in exported commands.
 */
export interface SecretBinding {
  /** `TOKENSMITH_<PROFILE>_<NAME>`, see {@link secretVariableName}. */
  variable: string;
  value: string;
  /** Where the value comes from, in words: "field Client secret", "step Authorize (code)". */
  origin: string;
  /** True for a value an earlier step produces: an export says where it comes from. */
  fromStep?: boolean;
  /**
   * True when the value is not known yet (a command printed before the flow ran): `value` is only
   * a marker, and the export always writes the variable.
   */
  unresolved?: boolean;
  /**
   * The reference (`ref+pass://…`) the value was read from: an export fetches it the same way, or
   * names it, and never writes the value.
   */
  ref?: string;
}

export const MASK = '••••';

/**
 * What the renderer may show of a secret (a password, a client secret, a key): the mask alone, or
 * nothing for an empty value. Any character of a password is part of the password, so none is shown.
 */
export function maskSecret(value: string): string {
  return value === '' ? '' : MASK;
}

/**
 * What the renderer may show of a token the server issued: its last four characters, which tell two
 * tokens apart, and only when the token is long enough that four characters give nothing away.
 */
export function maskToken(value: string): string {
  return value.length >= 16 ? `${MASK}${value.slice(-4)}` : MASK;
}

function upperSnake(value: string): string {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/** `kaisa` + `clientSecret` → `TOKENSMITH_KAISA_CLIENT_SECRET`. */
export function secretVariableName(profileId: string, name: string): string {
  return `TOKENSMITH_${upperSnake(profileId)}_${upperSnake(name)}`;
}

/**
 * The forms a secret can take inside a request or response text: as typed, percent-encoded (with
 * space as %20 or +, by `encodeURIComponent` and by Tokensmith's own encoders, which also encode
 * `!'()*`) and JSON-escaped. Redaction and the export leak check look for all of them.
 */
export function secretForms(value: string): string[] {
  const percent = encodeURIComponent(value);
  const forms = new Set([
    value,
    percent,
    percent.replace(/%20/g, '+'),
    percentEncode(value),
    formEncode(value),
    JSON.stringify(value).slice(1, -1),
  ]);
  return [...forms].filter((form) => form.length > 0);
}

const utf8 = new TextEncoder();
/** base64 → base64url: two characters change, and the padding goes. */
const BASE64URL: Record<string, string> = { '+': '-', '/': '_' };
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * The base64 a secret's bytes make inside a longer base64 text (an echoed `Basic` header, a token
 * that wraps it), at each of the three alignments bytes can start at: only the characters that
 * depend on the secret's bits alone. At alignment 0 this is the secret's own encoding, unpadded.
 */
function base64Runs(binary: string): string[] {
  return [0, 1, 2].map((shift) =>
    btoa('\0'.repeat(shift) + binary).slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + binary.length)) / 6)),
  );
}

/**
 * The forms a server may echo a secret back in, beyond those of {@link secretForms}: its UTF-8
 * bytes in base64 (padded, and as it runs inside longer base64), base64url and hex.
 */
export function encodedSecretForms(value: string): string[] {
  // Bytes as a binary string (one char a byte), what btoa takes.
  let binary = '';
  let hex = '';
  for (const byte of utf8.encode(value)) {
    binary += String.fromCharCode(byte);
    hex += HEX_BYTES[byte]!;
  }
  const runs = [btoa(binary), ...base64Runs(binary)];
  const forms = new Set([
    ...runs,
    ...runs.map((run) => run.replace(/[+/=]/g, (char) => BASE64URL[char] ?? '')),
    hex,
    hex.toUpperCase(),
  ]);
  return [...forms].filter((form) => form.length > 0);
}

/**
 * Refuses a secret that is not text. A lone surrogate cannot be sent as UTF-8, and U+FFFD is what
 * a decoder leaves where bytes were not UTF-8 (Node's, for the environment and the command line).
 * Either way what would be sent is not the secret that was given, and a masked value never shows it.
 */
export function assertSecretText(field: { name: string; label: string }, value: string): void {
  if (value.isWellFormed() && !value.includes('\uFFFD')) return;
  throw new AppError('INVALID_FIELD', `${field.label} is not valid UTF-8 text: some of its bytes could not be read.`, {
    field: field.name,
    hint: `Set ${field.label} again from a UTF-8 source (check the encoding of the terminal, file or variable it came from).`,
  });
}

/** Replaces every form of every secret in a text with its mask; see {@link secretRedactor}. */
export type Redactor = (text: string) => string;

export interface RedactedSecret {
  value: string;
  /**
   * What stands for the value when it is not {@link maskSecret}'s: {@link maskToken}'s for a token,
   * whose tail tells it from others.
   */
  mask?: string;
}

/**
 * Below this length a secret is masked only where it is a whole value: inside other text it would
 * turn every word that holds it into a mask ("Tok••••smith"), and it gives little away there.
 */
const SHORT_SECRET = 4;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A short secret's form where it is a whole value: the whole text, a form or query value, a JSON string. */
function wholeValue(form: string): RegExp {
  const value = escapeRegExp(form);
  return new RegExp(`^${value}$|(?<==)${value}(?=$|[&;#\\s])|(?<=[:,[]\\s*")${value}(?="\\s*(?:[,}\\]]|$))`, 'g');
}

const BASIC_CREDENTIAL = /\b(Basic)(\s+)([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])/gi;
/** An RFC 6750 token68; not one followed by `=` or a quote, which is an auth-param (`Bearer realm="…"`). */
const BEARER_CREDENTIAL = /\b(Bearer)(\s+)([A-Za-z0-9\-._~+/]+=*)(?![A-Za-z0-9\-._~+/="])/gi;

function isBasicCredential(encoded: string): boolean {
  try {
    return atob(encoded).includes(':');
  } catch {
    return false;
  }
}

/** Words a sentence puts after "Bearer" ("Bearer authentication") are not tokens: tokens have digits or marks, or length. */
function looksLikeToken(value: string): boolean {
  return value.length >= 8 && (/[0-9\-._~+/=]/.test(value) || value.length >= 20);
}

/** Any `Basic` or `Bearer` credential, known to the run or not: a server may echo one it got elsewhere. */
function maskSchemeCredentials(text: string): string {
  return text
    .replace(BASIC_CREDENTIAL, (match, scheme: string, space: string, encoded: string) =>
      // The tail of a Basic value's base64 would give away the end of the password.
      isBasicCredential(encoded) ? `${scheme}${space}${MASK}` : match,
    )
    .replace(BEARER_CREDENTIAL, (match, scheme: string, space: string, token: string) =>
      looksLikeToken(token) ? `${scheme}${space}${maskToken(token)}` : match,
    );
}

/**
 * Builds the redaction of a set of secrets once, for the many texts of a report (URL, each header,
 * each form field, the body): the forms of every secret (as text and encoded, see
 * {@link encodedSecretForms}), longest first, each with its mask; then any Basic or Bearer
 * credential the secrets did not cover.
 */
export function secretRedactor(secrets: readonly RedactedSecret[]): Redactor {
  const known = secrets.filter((secret) => secret.value.length > 0);
  const replacements = known
    .filter((secret) => secret.value.length >= SHORT_SECRET)
    .flatMap((secret) =>
      [...secretForms(secret.value), ...encodedSecretForms(secret.value)].map((form) => ({
        form,
        mask: secret.mask ?? maskSecret(secret.value),
      })),
    )
    .sort((a, b) => b.form.length - a.form.length);
  const shortValues = known
    .filter((secret) => secret.value.length < SHORT_SECRET)
    .flatMap((secret) => secretForms(secret.value).map((form) => ({ pattern: wholeValue(form), mask: MASK })));
  return (text) => {
    let result = text;
    // `includes` first: most texts hold no secret, and split/join would copy them anyway.
    for (const { form, mask } of replacements) if (result.includes(form)) result = result.split(form).join(mask);
    for (const { pattern, mask } of shortValues) result = result.replace(pattern, mask);
    return maskSchemeCredentials(result);
  };
}
