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
}

const MASK = '••••';

/**
 * What the renderer may show of a secret: never more than its last four characters, and only when
 * the secret is long enough that four characters give nothing away.
 */
export function maskSecret(value: string): string {
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

/** Replaces every form of every secret in a text with its mask; see {@link secretRedactor}. */
export type Redactor = (text: string) => string;

/**
 * Builds the redaction of a set of secrets once, for the many texts of a report (URL, each header,
 * each form field, the body): the forms of every secret, longest first, each with its mask.
 */
export function secretRedactor(secrets: readonly Pick<SecretBinding, 'value'>[]): Redactor {
  const replacements = secrets
    .filter((secret) => secret.value.length > 0)
    .flatMap((secret) => secretForms(secret.value).map((form) => ({ form, mask: maskSecret(secret.value) })))
    .sort((a, b) => b.form.length - a.form.length);
  return (text) => {
    let result = text;
    // `includes` first: most texts hold no secret, and split/join would copy them anyway.
    for (const { form, mask } of replacements) if (result.includes(form)) result = result.split(form).join(mask);
    return result;
  };
}
