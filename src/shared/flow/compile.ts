import { AppError } from '../domain/errors.ts';
import { formEncode, type HttpRequestSpec, type Pair } from '../domain/http.ts';
import {
  activeFields,
  CLIENT_AUTH_METHODS,
  type ClientAuthMethod,
  type FieldValues,
  type Profile,
  type RequestTemplate,
} from '../domain/profile.ts';
import { assertSecretText, type SecretBinding } from '../domain/secrets.ts';
import { basicAuthorization } from '../security/basic-auth.ts';
import { isLoopbackHost } from '../security/loopback.ts';
import { TemplateRenderer, type TemplateVars } from './template.ts';

/** Characters HTTP forbids in header values; undici would throw a less helpful error. */
const HEADER_FORBIDDEN = /[\r\n\0]/;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export const USER_AGENT = 'Tokensmith/0.1';
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface CompiledRequest {
  spec: HttpRequestSpec;
  /** Every secret the spec contains, for redaction and for cURL variables. */
  secrets: SecretBinding[];
}

function invalid(field: string, message: string, hint?: string): AppError {
  return new AppError('INVALID_FIELD', message, { field, ...(hint ? { hint } : {}) });
}

/**
 * A URL's `user:password@`. cURL and every snippet send it as HTTP Basic while undici drops it, and
 * an export cannot mask it: so a URL with one is refused wherever a request is built, and the
 * credentials belong in the profile's secret fields. Also found in a URL that still has placeholders.
 */
export function hasUserinfo(url: string): boolean {
  return /^[a-z][a-z\d+.-]*:\/\/[^/?#]*@/i.test(url.trim());
}

/** The refusal of a URL with `user:password@`, naming the field and where the credentials go. */
function userinfoError(profile: Profile, label: string, field?: string): AppError {
  const names = new Set(profile.fields.map((candidate) => candidate.name));
  const instead =
    names.has('clientId') && names.has('clientSecret')
      ? '; put them in Client ID and Client secret instead.'
      : ': Tokensmith sends credentials only from secret fields.';
  return new AppError('INVALID_FIELD', `${label} contains a user name or password${instead}`, {
    hint: `Take "user:password@" out of ${label}.`,
    ...(field ? { field } : {}),
  });
}

/** Checks the values a profile needs before anything is sent; names the first field that is wrong. */
export function validateFields(profile: Profile, values: FieldValues): void {
  for (const field of activeFields(profile, values)) {
    const value = values[field.name] ?? field.default ?? '';
    if (field.required && value.trim() === '') {
      throw new AppError('MISSING_FIELD', `${field.label} is required.`, {
        hint: `Fill in ${field.label}.`,
        field: field.name,
      });
    }
    if (value === '') continue;
    if (field.type === 'secret') assertSecretText(field, value);
    if (field.type === 'url' && !isHttpUrl(value)) {
      throw invalid(
        field.name,
        `${field.label} is not an http(s) URL: "${value}".`,
        `Enter a full URL such as https://example.com/… in ${field.label}.`,
      );
    }
    if (field.type !== 'secret' && hasUserinfo(value)) throw userinfoError(profile, field.label, field.name);
    if (field.type === 'select' && field.options && !field.options.includes(value)) {
      throw invalid(
        field.name,
        `${field.label} must be one of ${field.options.join(', ')} (it is "${value}"; the case matters).`,
      );
    }
  }
}

/**
 * What is wrong with each filled-in field, for validation as the user types (a field left empty
 * is not flagged here: the run names the first missing one).
 */
export function fieldProblems(profile: Profile, values: FieldValues): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of activeFields(profile, values)) {
    const value = values[field.name] ?? '';
    if (value === '') continue;
    if (field.type === 'url' && !isHttpUrl(value)) problems[field.name] = 'Enter a full http(s) URL.';
    else if (field.type !== 'secret' && hasUserinfo(value))
      problems[field.name] = 'Take "user:password@" out: credentials go in their own fields.';
    if (field.type === 'select' && field.options && !field.options.includes(value))
      problems[field.name] = `Choose one of ${field.options.join(', ')}.`;
  }
  return problems;
}

/** URL fields that send to a non-loopback host over plain http, where anyone on the path can read. */
export function plainHttpFields(profile: Profile, values: FieldValues): { label: string; host: string }[] {
  return activeFields(profile, values).flatMap((field) => {
    if (field.type !== 'url') return [];
    try {
      const url = new URL(values[field.name] ?? field.default ?? '');
      return url.protocol === 'http:' && !isLoopbackHost(url.hostname) ? [{ label: field.label, host: url.host }] : [];
    } catch {
      return [];
    }
  });
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Renders the URL template; an empty or broken URL names the field it comes from. */
function renderUrl(profile: Profile, template: string, renderer: TemplateRenderer): URL {
  const rendered = renderer.render(template);
  const name = /^\{\{\s*([\w.]+)/.exec(template)?.[1];
  const field = profile.fields.find((candidate) => candidate.name === name);
  const label = field?.label ?? 'The URL';
  if (rendered === '') {
    const discoverable = template.includes('|steps.discover.');
    throw new AppError('MISSING_FIELD', `${label} is required.`, {
      hint: discoverable ? `Fill in ${label}, or an Issuer to discover it.` : `Fill in ${label}.`,
      ...(field ? { field: field.name } : {}),
    });
  }
  let url: URL;
  try {
    url = new URL(rendered);
  } catch {
    throw new AppError('INVALID_FIELD', `${label} is not a URL: "${rendered}".`, {
      ...(field ? { field: field.name } : {}),
    });
  }
  // Also a URL an earlier step found (a discovered endpoint), which no field validation saw.
  if (url.username !== '' || url.password !== '') throw userinfoError(profile, label, field?.name);
  return url;
}

/** Renders pairs, leaving out those whose name ends in `?` when their value is empty. */
function renderPairs(pairs: readonly Pair[] | undefined, renderer: TemplateRenderer): Pair[] {
  const out: Pair[] = [];
  for (const [rawName, template] of pairs ?? []) {
    const optional = rawName.endsWith('?');
    const value = renderer.render(template);
    if (optional && value === '') continue;
    out.push([renderer.render(optional ? rawName.slice(0, -1) : rawName), value]);
  }
  return out;
}

function checkHeader([name, value]: Pair): void {
  if (!HEADER_NAME.test(name)) throw new AppError('INVALID_INPUT', `"${name}" is not a valid HTTP header name.`);
  if (HEADER_FORBIDDEN.test(value)) {
    throw new AppError(
      'INVALID_INPUT',
      `The value of header ${name} contains a line break or NUL, which HTTP forbids.`,
    );
  }
}

export interface ExtraParams {
  query: Pair[];
  body: Pair[];
  headers: Pair[];
  /** Parameters of the authorization URL the browser opens (`prompt`, `login_hint`, …). */
  authorize: Pair[];
}

/**
 * Parses the extra-parameters field: one `query name=value`, `body name=value`,
 * `header Name: value` or `authorize name=value` a line; blank lines and `#` comments are skipped.
 */
export function parseExtraParams(text: string, field: string): ExtraParams {
  const extra: ExtraParams = { query: [], body: [], headers: [], authorize: [] };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(query|body|header|authorize)\s+(.+)$/i.exec(line);
    const where = match?.[1]?.toLowerCase();
    const rest = match?.[2] ?? '';
    const separator = where === 'header' ? rest.indexOf(':') : rest.indexOf('=');
    if (!where || separator <= 0) {
      throw invalid(
        field,
        `Line ${index + 1} of the extra parameters is not understood: "${line}".`,
        'Write one per line: query name=value, body name=value, header Name: value or authorize name=value.',
      );
    }
    const pair: Pair = [rest.slice(0, separator).trim(), rest.slice(separator + 1).trim()];
    if (where === 'header') extra.headers.push(pair);
    else if (where === 'query') extra.query.push(pair);
    else if (where === 'authorize') extra.authorize.push(pair);
    else extra.body.push(pair);
  });
  return extra;
}

function resolveClientAuth(template: RequestTemplate, renderer: TemplateRenderer): ClientAuthMethod | undefined {
  const method = template.clientAuth?.method;
  if (method === undefined || typeof method === 'string') return method;
  const value = renderer.render(`{{${method.field}}}`);
  if (!(CLIENT_AUTH_METHODS as readonly string[]).includes(value)) {
    throw invalid(
      method.field,
      `Unknown client authentication "${value}"; choose one of ${CLIENT_AUTH_METHODS.join(', ')}.`,
    );
  }
  return value as ClientAuthMethod;
}

/**
 * Fills a request template and returns the exact request that will be sent, with the secrets it
 * carries. Headers the engine always sends (User-Agent, Content-Type) are in the spec, so the
 * preview and the cURL export show them too. A client assertion for `private_key_jwt` and
 * `client_secret_jwt` must already be in the vars as `clientAssertion`.
 */
export function compileRequest(
  profile: Profile,
  template: RequestTemplate,
  values: FieldValues,
  vars: TemplateVars = new Map(),
): CompiledRequest {
  const renderer = new TemplateRenderer(profile, values, vars);
  const extra = template.extraParams
    ? parseExtraParams(renderer.render(`{{${template.extraParams.field}}}`), template.extraParams.field)
    : { query: [], body: [], headers: [], authorize: [] };

  const url = renderUrl(profile, template.url, renderer);
  for (const [name, value] of [...renderPairs(template.query, renderer), ...extra.query]) {
    url.searchParams.append(name, value);
  }

  const headers: Pair[] = [['User-Agent', USER_AGENT], ...renderPairs(template.headers, renderer)];
  if (template.basicAuth) {
    headers.push([
      'Authorization',
      basicAuthorization(renderer.render(template.basicAuth.username), renderer.render(template.basicAuth.password)),
    ]);
  }

  let encoding =
    template.body === undefined
      ? undefined
      : typeof template.body.encoding === 'string'
        ? template.body.encoding
        : renderer.render(`{{${template.body.encoding.field}}}`);
  const fields = renderPairs(template.body?.fields, renderer);

  const clientAuth = resolveClientAuth(template, renderer);
  if (clientAuth && template.clientAuth) {
    const clientId = renderer.render(template.clientAuth.clientId);
    const secret = (): string => renderer.render(template.clientAuth!.clientSecret);
    switch (clientAuth) {
      case 'basic':
      case 'client_secret_basic':
        // RFC 6749 §2.3.1: both parts are form-encoded before they are joined and base64-encoded.
        headers.push(['Authorization', basicAuthorization(formEncode(clientId), formEncode(secret()))]);
        break;
      case 'form':
      case 'client_secret_post':
      case 'json':
        fields.push(['client_id', clientId], ['client_secret', secret()]);
        if (clientAuth === 'json') encoding = 'json';
        break;
      case 'private_key_jwt':
      case 'client_secret_jwt':
        fields.push(
          ['client_id', clientId],
          ['client_assertion_type', JWT_BEARER_ASSERTION],
          ['client_assertion', renderer.render('{{clientAssertion}}')],
        );
        break;
      // RFC 8705 §2: with a certificate, the client is authenticated by the TLS connection.
      case 'none':
      case 'tls_client_auth':
      case 'self_signed_tls_client_auth':
        fields.push(['client_id', clientId]);
        break;
    }
    encoding ??= 'form';
  }
  fields.push(...extra.body);
  headers.push(...extra.headers);

  let body: HttpRequestSpec['body'] = { kind: 'none' };
  if (encoding === 'json') {
    headers.push(['Content-Type', 'application/json']);
    body = { kind: 'json', text: JSON.stringify(Object.fromEntries(fields)) };
  } else if (encoding === 'form') {
    headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
    body = { kind: 'form', fields };
  } else if (encoding !== undefined) {
    const field = template.body && typeof template.body.encoding !== 'string' ? template.body.encoding.field : 'body';
    throw invalid(field, `Unknown body format "${encoding}"; choose form or json.`);
  }
  headers.forEach(checkHeader);
  return {
    spec: { method: template.method, url: url.toString(), headers, body },
    secrets: renderer.secrets,
  };
}
