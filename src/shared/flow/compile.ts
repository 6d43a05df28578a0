import { AppError } from '../domain/errors.ts';
import type { HttpRequestSpec, Pair } from '../domain/http.ts';
import { activeFields, type FieldValues, type Profile, type RequestTemplate } from '../domain/profile.ts';
import { assertSecretText, type SecretBinding } from '../domain/secrets.ts';
import { basicAuthorization } from '../security/basic-auth.ts';
import { isLoopbackHost } from '../security/loopback.ts';
import type { ClientAuth } from './client-auth/client-auth.ts';
import { resolveClientAuth } from './client-auth/resolve-client-auth.ts';
import { TemplateRenderer, type TemplateVar, type TemplateVars } from './template.ts';

/** Characters HTTP forbids in header values; undici would throw a less helpful error. */
const HEADER_FORBIDDEN = /[\r\n\0]/;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export const USER_AGENT = 'Tokensmith/0.1';
/** The name a signed client assertion goes by among a request's secrets (and its cURL variable). */
export const CLIENT_ASSERTION = 'clientAssertion';

/** A request's client authentication, resolved before it is compiled. */
export interface ResolvedClientAuth {
  clientAuth: ClientAuth | undefined;
  /** The client assertion signed for this request, for the JWT methods. */
  assertion?: TemplateVar | undefined;
}

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

/**
 * Fills a request template and returns the exact request that will be sent, with the secrets it
 * carries. Headers the engine always sends (User-Agent, Content-Type) are in the spec, so the
 * preview and the cURL export show them too. A run resolves the client authentication first and
 * passes it in `resolved`, with the assertion it signed for the JWT methods.
 */
export function compileRequest(
  profile: Profile,
  template: RequestTemplate,
  values: FieldValues,
  vars: TemplateVars = new Map(),
  resolved?: ResolvedClientAuth,
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

  const clientAuth = resolved ? resolved.clientAuth : resolveClientAuth(template, (text) => renderer.render(text));
  if (clientAuth && template.clientAuth) {
    const { clientSecret } = template.clientAuth;
    clientAuth.apply({
      clientId: renderer.render(template.clientAuth.clientId),
      secret: () => renderer.render(clientSecret),
      assertion: () => {
        if (!resolved?.assertion)
          throw new AppError('INTERNAL', 'The client assertion must be signed before the request is compiled.');
        return renderer.use(CLIENT_ASSERTION, resolved.assertion);
      },
      headers,
      fields,
    });
    if (clientAuth.encoding) encoding = clientAuth.encoding;
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
