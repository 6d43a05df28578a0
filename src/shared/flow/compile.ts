import { AppError } from '../domain/errors.ts';
import type { HttpRequestSpec, Pair } from '../domain/http.ts';
import type { FieldValues, Profile, RequestTemplate } from '../domain/profile.ts';
import { secretVariableName, type SecretBinding } from '../domain/secrets.ts';

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_.]*)\s*\}\}/g;
/** Characters HTTP forbids in header names and values; undici would throw a less helpful error. */
const HEADER_FORBIDDEN = /[\r\n\0]/;

export const USER_AGENT = 'Tokensmith/0.1';

export interface CompiledRequest {
  spec: HttpRequestSpec;
  /** Every secret value the spec contains, for redaction and for cURL variables. */
  secrets: SecretBinding[];
}

/** Checks the values a profile needs before anything is sent; names the first field that is wrong. */
export function validateFields(profile: Profile, values: FieldValues): void {
  for (const field of profile.fields) {
    const value = values[field.name] ?? '';
    if (field.required && value.trim() === '') {
      throw new AppError('MISSING_FIELD', `${field.label} is required.`, {
        hint: `Fill in ${field.label} (${field.name}).`,
        field: field.name,
      });
    }
    if (value === '') continue;
    if (field.type === 'url') {
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        throw new AppError('INVALID_FIELD', `${field.label} is not an http(s) URL: "${value}".`, {
          hint: `Enter a full URL such as https://example.com/… in ${field.label}.`,
          field: field.name,
        });
      }
    }
    if (field.type === 'select' && field.options && !field.options.includes(value)) {
      throw new AppError('INVALID_FIELD', `${field.label} must be one of ${field.options.join(', ')}.`, {
        field: field.name,
      });
    }
  }
}

interface RenderContext {
  profile: Profile;
  values: FieldValues;
  secrets: Map<string, SecretBinding>;
}

function render(template: string, context: RenderContext): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const field = context.profile.fields.find((candidate) => candidate.name === name);
    if (!field) {
      throw new AppError('INTERNAL', `Profile ${context.profile.id} uses an unknown placeholder {{${name}}}.`);
    }
    const value = context.values[name] ?? field.default ?? '';
    if (field.type === 'secret' && value !== '' && !context.secrets.has(name)) {
      context.secrets.set(name, {
        variable: secretVariableName(context.profile.id, name),
        value,
        origin: `field ${field.label}`,
      });
    }
    return value;
  });
}

function renderPairs(pairs: readonly Pair[] | undefined, context: RenderContext): Pair[] {
  return (pairs ?? []).map(([name, value]) => [render(name, context), render(value, context)]);
}

function checkHeader([name, value]: Pair): void {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
    throw new AppError('INVALID_INPUT', `"${name}" is not a valid HTTP header name.`);
  }
  if (HEADER_FORBIDDEN.test(value)) {
    throw new AppError(
      'INVALID_INPUT',
      `The value of header ${name} contains a line break or NUL, which HTTP forbids.`,
    );
  }
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Fills a request template with field values and returns the exact request that will be sent,
 * with the secrets it carries. Headers the engine always sends (User-Agent, Content-Type) are
 * part of the spec, so the preview and the cURL export show them too.
 */
export function compileRequest(profile: Profile, template: RequestTemplate, values: FieldValues): CompiledRequest {
  const context: RenderContext = { profile, values, secrets: new Map() };
  const url = new URL(render(template.url, context));
  for (const [name, value] of renderPairs(template.query, context)) url.searchParams.append(name, value);

  const headers: Pair[] = [['User-Agent', USER_AGENT], ...renderPairs(template.headers, context)];
  if (template.basicAuth) {
    const username = render(template.basicAuth.username, context);
    const password = render(template.basicAuth.password, context);
    headers.push(['Authorization', `Basic ${base64Utf8(`${username}:${password}`)}`]);
  }

  let body: HttpRequestSpec['body'] = { kind: 'none' };
  if (template.body) {
    const encoding =
      typeof template.body.encoding === 'string'
        ? template.body.encoding
        : render(`{{${template.body.encoding.field}}}`, context);
    const fields = renderPairs(template.body.fields, context);
    if (encoding === 'json') {
      headers.push(['Content-Type', 'application/json']);
      body = { kind: 'json', text: JSON.stringify(Object.fromEntries(fields)) };
    } else if (encoding === 'form') {
      headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
      body = { kind: 'form', fields };
    } else {
      throw new AppError('INVALID_FIELD', `Unknown body format "${encoding}"; choose form or json.`, {
        field: typeof template.body.encoding === 'string' ? undefined : template.body.encoding.field,
      });
    }
  }
  headers.forEach(checkHeader);
  return {
    spec: { method: template.method, url: url.toString(), headers, body },
    secrets: [...context.secrets.values()],
  };
}
