import type { HttpRequestSpec, HttpResponseRecord, Pair } from '../../shared/domain/http.ts';
import { maskSecret, redactText } from '../../shared/domain/secrets.ts';

type Secrets = readonly { value: string }[];

/** Header values that are credentials whatever they contain. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);

function redactHeader([name, value]: Pair, secrets: Secrets): Pair {
  if (!CREDENTIAL_HEADERS.has(name.toLowerCase())) return [name, redactText(value, secrets)];
  const scheme = /^(\w+)\s+(.+)$/.exec(value);
  if (!scheme) return [name, maskSecret(value)];
  // The tail of a Basic value's base64 would give away the end of the password.
  const credential = scheme[1]!.toLowerCase() === 'basic' ? '••••' : maskSecret(scheme[2]!);
  return [name, `${scheme[1]} ${credential}`];
}

/** The request as it may be shown, recorded or logged: secrets and credential headers masked. */
export function redactSpec(spec: HttpRequestSpec, secrets: Secrets): HttpRequestSpec {
  const body: HttpRequestSpec['body'] =
    spec.body.kind === 'form'
      ? { kind: 'form', fields: spec.body.fields.map(([name, value]) => [name, redactText(value, secrets)]) }
      : spec.body.kind === 'none'
        ? spec.body
        : { kind: spec.body.kind, text: redactText(spec.body.text, secrets) };
  return {
    method: spec.method,
    url: redactText(spec.url, secrets),
    headers: spec.headers.map((header) => redactHeader(header, secrets)),
    body,
  };
}

export function redactResponse(response: HttpResponseRecord, secrets: Secrets): HttpResponseRecord {
  return {
    ...response,
    headers: response.headers.map((header) => redactHeader(header, secrets)),
    bodyText: redactText(response.bodyText, secrets),
  };
}
