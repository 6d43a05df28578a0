import { curlLongOpts, curlLongOptsShortened, curlShortOpts, parseArgs } from 'curlconverter/dist/src/curl/opts.js';
import { buildRequests, type Request } from 'curlconverter/dist/src/Request.js';
import bashParser from 'curlconverter/dist/src/shell/Parser.js';
import { tokenize } from 'curlconverter/dist/src/shell/tokenizer.js';
import { Word } from 'curlconverter/dist/src/shell/Word.js';
import { AppError } from '../../../shared/domain/errors.ts';
import {
  HTTP_METHODS,
  headerValue,
  type Body,
  type HttpMethod,
  type HttpRequestSpec,
  type Pair,
} from '../../../shared/domain/http.ts';
import { basicAuthorization } from '../../../shared/security/basic-auth.ts';
import { assemble, type ImportedItem } from './assemble.ts';
import { uniqueNames, type ImportOptions, type ImportPlan } from './import-plan.ts';
import { commandText, openQuoteError, readError } from './shell-text.ts';

/** Where the boundary of an imported `-F` body is fixed, so the same command imports to the same request. */
const BOUNDARY = 'TokensmithFormBoundary7MA4YWxkTrZu0gW';

interface Context {
  warnings: string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Shell variables the command reads, kept as `{{env.NAME}}`. */
  variables: Set<string>;
}

/**
 * A shell word as text. Variables become `{{env.NAME}}`, which a follow-up reads from a Tokensmith
 * environment (never the shell's) and a field takes for a placeholder to fill in; command
 * substitutions keep their own text (with a warning).
 */
function wordText(word: Word | undefined, context: Context): string {
  if (!word) return '';
  return word.tokens
    .map((token) => {
      if (typeof token === 'string') return token;
      if (token.type === 'variable') {
        context.variables.add(token.value);
        return `{{env.${token.value}}}`;
      }
      context.warnings.push(
        `The command runs ${token.text}; its output is not known here, so the text was kept as it is.`,
      );
      return token.text;
    })
    .join('');
}

/**
 * Expands the variables the importer was given (the CLI passes Tokensmith's own `$TOKENSMITH_…`
 * ones, so its exports import with their secrets) in a word, as bash does before cURL sees it.
 * Done before cURL's options are read, because some options transform their argument:
 * `--data-urlencode client_secret="$SECRET"` must encode the secret's value, not its name.
 */
function expandKnown(word: Word, env: Context['env']): Word {
  return new Word(
    word.tokens.map((token) =>
      typeof token !== 'string' && token.type === 'variable' ? (env[token.value] ?? token) : token,
    ),
  );
}

/**
 * tree-sitter's Node binding copies a string through a 32 KiB buffer unless told a size, and fails
 * past it with a bare "Invalid argument" (tree-sitter/node-tree-sitter#199, fixed after the 0.21
 * line curlconverter depends on). curlconverter calls `parse(text)` on its one parser, so that
 * parser is given a buffer as large as the text: a long terminal history or a large body reads whole.
 */
const parseBash = bashParser.parse.bind(bashParser);
bashParser.parse = (input, oldTree, options) =>
  parseBash(input, oldTree, {
    ...(typeof input === 'string' ? { bufferSize: input.length + 1 } : {}),
    ...options,
  });

/** A command as written (variables as `{{env.NAME}}`), and with the importer's variables expanded. */
interface ParsedCommand {
  request: Request;
  expanded?: Request | undefined;
}

/**
 * curlconverter's `parse`, twice: once with variables left as they are and once with the given
 * ones expanded between reading the shell words and reading cURL's options from them. A file
 * written by someone else decides where its requests go, so an expanded value is only ever taken
 * into a token request's secret field (see tokenRequestPlan); everything else keeps the reference.
 */
function parseCommands(text: string, env: Context['env']): ParsedCommand[] {
  const known = Object.values(env).some((value) => value !== undefined);
  return tokenize(text, []).flatMap(([argv, stdin, stdinFile]) => {
    const build = (word: (each: Word) => Word): Request[] => {
      const [config] = parseArgs(argv.map(word), curlLongOpts, curlLongOptsShortened, curlShortOpts, undefined, []);
      return buildRequests(config, stdin && word(stdin), stdinFile);
    };
    const requests = build((each) => each);
    const expanded = known ? build((each) => expandKnown(each, env)) : [];
    // Both read the same words, so they pair up; should they not, nothing is expanded.
    const paired = expanded.length === requests.length;
    return requests.map((request, index) => ({ request, expanded: paired ? expanded[index] : undefined }));
  });
}

function multipart(request: Request, context: Context, method: string): { text: string; type: string } {
  const parts: string[] = [];
  for (const upload of request.multipartUploads ?? []) {
    const name = wordText(upload.name, context);
    if ('contentFile' in upload) {
      context.warnings.push(`The form field "${name}" of ${method} uploads a file, which is not imported.`);
      continue;
    }
    const content = wordText(upload.content, context);
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
  const method = wordText(target.method, context).toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    context.warnings.push(`The method ${method} is not one Tokensmith sends; the command was skipped.`);
    return undefined;
  }
  const url = wordText(target.url, context);
  const headers: Pair[] = [];
  for (const [name, value] of request.headers.headers) {
    if (value !== null) headers.push([wordText(name, context), wordText(value, context)]);
  }
  if (target.auth) {
    if (request.authType !== 'basic') context.warnings.push(`${request.authType} authentication is not imported.`);
    else
      headers.push([
        'Authorization',
        basicAuthorization(wordText(target.auth[0], context), wordText(target.auth[1], context)),
      ]);
  }
  if (request.oauth2Bearer) headers.push(['Authorization', `Bearer ${wordText(request.oauth2Bearer, context)}`]);
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
    const text = wordText(request.data, context);
    body = /json/i.test(headerValue(headers, 'content-type') ?? '') ? { kind: 'json', text } : { kind: 'raw', text };
  }
  return { method: method as HttpMethod, url, headers, body };
}

/**
 * Reads one or more cURL commands (from a doc page, a terminal history or Tokensmith's own export;
 * line continuations, comments and quoting as bash reads them) with curlconverter's bash parser.
 * Token requests become saved requests, other requests their follow-ups.
 */
export function importCurl(text: string, options: ImportOptions = {}): ImportPlan {
  const context: Context = { warnings: [], env: options.env ?? {}, variables: new Set() };
  const source = commandText(text);
  // tree-sitter-bash recovers from some quotes left open instead of failing: half a command would import.
  const unclosed = openQuoteError(source);
  if (unclosed) throw unclosed;
  let commands: ParsedCommand[];
  try {
    commands = parseCommands(source, context.env);
  } catch (error) {
    throw readError(error);
  }
  const items: ImportedItem[] = [];
  for (const command of commands) {
    const spec = toSpec(command.request, context);
    if (!spec) continue;
    if (!/^https?:$/.test(URL.parse(spec.url)?.protocol ?? '')) {
      context.warnings.push(`"${spec.url}" is not a full http(s) URL; the command was skipped.`);
      continue;
    }
    // Its warnings are the same command's again, and its variables have values.
    const quiet: Context = { warnings: [], env: context.env, variables: new Set() };
    const secretSpec = command.expanded && toSpec(command.expanded, quiet);
    items.push({ spec, ...(secretSpec ? { secretSpec } : {}) });
  }
  if (items.length === 0)
    throw new AppError('INVALID_INPUT', 'No request could be imported from this cURL text.', {
      hint: context.warnings[0] ?? 'Paste a command with a full http(s) URL.',
    });
  const warnings = context.warnings;
  const requests = uniqueNames(assemble(items, warnings, options.profiles));
  // Said only of the variables that remain: a field that got one is already named as a placeholder,
  // and a Bearer token's becomes the saved request's own `{{token}}`.
  const followUps = JSON.stringify(requests.map((request) => request.followUps));
  for (const name of context.variables) {
    if (!followUps.includes(`{{env.${name}}}`)) continue;
    warnings.push(
      context.env[name] === undefined
        ? `{{env.${name}}} stands for $${name}, which has no value here: set it in an environment.`
        : `{{env.${name}}} stands for $${name}: a follow-up never reads it from the shell; set it in an environment.`,
    );
  }
  return {
    kind: 'curl',
    requests,
    environments: [],
    warnings: [...new Set(warnings)],
  };
}
