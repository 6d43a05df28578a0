import { parse, type Request } from 'curlconverter/dist/src/parse.js';
import type { Word } from 'curlconverter/dist/src/shell/Word.js';
import { AppError } from '../../../shared/domain/errors.ts';
import {
  HTTP_METHODS,
  headerValue,
  type Body,
  type HttpMethod,
  type HttpRequestSpec,
  type Pair,
} from '../../../shared/domain/http.ts';
import { basicAuthorization } from '../../../shared/flow/compile.ts';
import { assemble, type ImportedItem } from './assemble.ts';
import { uniqueNames, type ImportPlan } from './import-plan.ts';

/** Stands for a shell variable inside parsed text until it is resolved; NUL never occurs in a command. */
const MARKER = /\0([A-Za-z_][A-Za-z0-9_]*)\0/g;

/** Where the boundary of an imported `-F` body is fixed, so the same command imports to the same request. */
const BOUNDARY = 'TokensmithFormBoundary7MA4YWxkTrZu0gW';

interface Context {
  warnings: string[];
  env: Readonly<Record<string, string | undefined>>;
}

/** A shell word as text; variables become markers, command substitutions their own text (with a warning). */
function wordText(word: Word | undefined, context: Context): string {
  if (!word) return '';
  return word.tokens
    .map((token) => {
      if (typeof token === 'string') return token;
      if (token.type === 'variable') return `\0${token.value}\0`;
      context.warnings.push(
        `The command runs ${token.text}; its output is not known here, so the text was kept as it is.`,
      );
      return token.text;
    })
    .join('');
}

/**
 * Replaces variable markers: with the variable's value when the importer was given it (the CLI
 * passes its environment, so Tokensmith's own `"$TOKENSMITH_…"` exports import with their secrets),
 * else with `{{env.NAME}}`, which a follow-up reads from an environment and a field takes for a
 * placeholder to fill in.
 */
function resolve(text: string, context: Context): string {
  return text.replace(MARKER, (_match, name: string) => {
    const value = context.env[name];
    if (value !== undefined) return value;
    context.warnings.push(`$${name} is a shell variable without a value here: fill in what it stands for.`);
    return `{{env.${name}}}`;
  });
}

function multipart(request: Request, context: Context, method: string): { text: string; type: string } {
  const parts: string[] = [];
  for (const upload of request.multipartUploads ?? []) {
    const name = resolve(wordText(upload.name, context), context);
    if ('contentFile' in upload) {
      context.warnings.push(`The form field "${name}" of ${method} uploads a file, which is not imported.`);
      continue;
    }
    const content = resolve(wordText(upload.content, context), context);
    parts.push(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, '%22')}"\r\n\r\n${content}\r\n`,
    );
  }
  return { text: `${parts.join('')}--${BOUNDARY}--\r\n`, type: `multipart/form-data; boundary=${BOUNDARY}` };
}

function toSpec(request: Request, context: Context): HttpRequestSpec | undefined {
  const target = request.urls[0];
  if (!target) return undefined;
  if (request.urls.length > 1) context.warnings.push('The command names several URLs; only the first was imported.');
  const method = resolve(wordText(target.method, context), context).toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    context.warnings.push(`The method ${method} is not one Tokensmith sends; the command was skipped.`);
    return undefined;
  }
  const url = resolve(wordText(target.url, context), context);
  const headers: Pair[] = [];
  for (const [name, value] of request.headers.headers) {
    if (value !== null)
      headers.push([resolve(wordText(name, context), context), resolve(wordText(value, context), context)]);
  }
  if (target.auth) {
    if (request.authType !== 'basic') context.warnings.push(`${request.authType} authentication is not imported.`);
    else
      headers.push([
        'Authorization',
        basicAuthorization(
          resolve(wordText(target.auth[0], context), context),
          resolve(wordText(target.auth[1], context), context),
        ),
      ]);
  }
  if (request.oauth2Bearer)
    headers.push(['Authorization', `Bearer ${resolve(wordText(request.oauth2Bearer, context), context)}`]);
  let body: Body = { kind: 'none' };
  if (request.multipartUploads) {
    const { text, type } = multipart(request, context, method);
    const index = headers.findIndex(([name]) => name.toLowerCase() === 'content-type');
    if (index >= 0) headers.splice(index, 1);
    headers.push(['Content-Type', type]);
    body = { kind: 'raw', text };
  } else if (request.dataReadsFile) {
    context.warnings.push(`The body is read from a file (${request.dataReadsFile}), which is not imported.`);
  } else if (request.data) {
    const text = resolve(wordText(request.data, context), context);
    body = /json/i.test(headerValue(headers, 'content-type') ?? '') ? { kind: 'json', text } : { kind: 'raw', text };
  }
  return { method: method as HttpMethod, url, headers, body };
}

/**
 * Reads one or more cURL commands (from a doc page, a terminal history or Tokensmith's own export;
 * line continuations, comments and quoting as bash reads them) with curlconverter's bash parser.
 * Token requests become saved requests, other requests their follow-ups.
 */
export function importCurl(
  text: string,
  options: { env?: Readonly<Record<string, string | undefined>> } = {},
): ImportPlan {
  const context: Context = { warnings: [], env: options.env ?? {} };
  let requests: Request[];
  try {
    // Web pages put no-break spaces between a command's words (KPN's page does); bash would read them
    // as part of a word, so the command a reader means has plain spaces there.
    requests = parse(text.replace(/\0/g, '').replace(/[\u00a0\u202f]/g, ' '), undefined, []);
  } catch (error) {
    throw new AppError(
      'INVALID_INPUT',
      `This is not a cURL command Tokensmith can read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      {
        hint: 'Paste the whole command, starting with curl.',
      },
    );
  }
  const items: ImportedItem[] = [];
  for (const request of requests) {
    const spec = toSpec(request, context);
    if (!spec) continue;
    try {
      new URL(spec.url);
    } catch {
      context.warnings.push(`"${spec.url}" is not a full URL; the command was skipped.`);
      continue;
    }
    items.push({ spec });
  }
  if (items.length === 0)
    throw new AppError('INVALID_INPUT', 'No request could be imported from this cURL text.', {
      hint: context.warnings[0] ?? 'Paste a command with a full http(s) URL.',
    });
  const warnings = context.warnings;
  return {
    kind: 'curl',
    requests: uniqueNames(assemble(items, warnings)),
    environments: [],
    warnings: [...new Set(warnings)],
  };
}
