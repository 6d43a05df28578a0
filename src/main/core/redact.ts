import type { HttpRequestSpec, HttpResponseRecord, Pair } from '../../shared/domain/http.ts';
import {
  MASK,
  maskSecret,
  maskToken,
  secretRedactor,
  type RedactedSecret,
  type Redactor,
} from '../../shared/domain/secrets.ts';
import { isCredentialName } from '../../shared/security/credential-name.ts';

/** The secrets to mask, or their redactor when the caller redacts many things with the same ones. */
export type Secrets = readonly RedactedSecret[] | Redactor;

export function redactorOf(secrets: Secrets): Redactor {
  return typeof secrets === 'function' ? secrets : secretRedactor(secrets);
}

/**
 * A cookie's value starts after `name=` at the start of a Set-Cookie value, or after a comma where
 * a server joined several (a comma inside `Expires=Wed, 21 Oct…` is not followed by `name=`).
 */
const SET_COOKIE_VALUE = /(^|,)(\s*[^\s;,=]+\s*=)([^;]*?)(?=;|,\s*[^\s;,=]+\s*=|$)/g;

/** A session cookie is a credential: its name and attributes stay, its value is masked. */
function redactSetCookie(value: string): string {
  return value.replace(SET_COOKIE_VALUE, (_match, lead: string, name: string, cookie: string) =>
    cookie.trim() === '' ? `${lead}${name}${cookie}` : `${lead}${name}${maskToken(cookie.trim())}`,
  );
}

function redactHeader([name, value]: Pair, redact: Redactor): Pair {
  if (name.toLowerCase() === 'set-cookie') return [name, redactSetCookie(value)];
  // A header whose name says it is a credential is masked whatever it contains.
  if (!isCredentialName(name)) return [name, redact(value)];
  const scheme = /^(\w+)\s+(.+)$/.exec(value);
  if (!scheme) return [name, maskSecret(value)];
  // The tail of a Basic value's base64 would give away the end of the password.
  const credential = scheme[1]!.toLowerCase() === 'basic' ? MASK : maskToken(scheme[2]!);
  return [name, `${scheme[1]} ${credential}`];
}

/** The request as it may be shown, recorded or logged: secrets and credential headers masked. */
export function redactSpec(spec: HttpRequestSpec, secrets: Secrets): HttpRequestSpec {
  const redact = redactorOf(secrets);
  const body: HttpRequestSpec['body'] =
    spec.body.kind === 'form'
      ? { kind: 'form', fields: spec.body.fields.map(([name, value]) => [name, redact(value)]) }
      : spec.body.kind === 'none'
        ? spec.body
        : { kind: spec.body.kind, text: redact(spec.body.text) };
  return {
    method: spec.method,
    url: redact(spec.url),
    headers: spec.headers.map((header) => redactHeader(header, redact)),
    body,
  };
}

export function redactResponse(response: HttpResponseRecord, secrets: Secrets): HttpResponseRecord {
  const redact = redactorOf(secrets);
  return {
    ...response,
    headers: response.headers.map((header) => redactHeader(header, redact)),
    bodyText: redact(response.bodyText),
  };
}
