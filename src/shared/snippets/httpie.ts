import { headerValue, type HttpRequestSpec } from '../domain/http.ts';
import { SHELL_SYNTAX, shellQuote } from '../curl/export.ts';
import { partWords, requestParts } from './request-parts.ts';
import { commentLines, renderWord, usedVariables, type RenderState, type StringSyntax } from './secret-segments.ts';
import type { Snippet } from './snippet.ts';

/** HTTPie reads `\` before these as an escape in request items; escaped, they are taken literally. */
const escapeItem = (value: string): string => value.replace(/[\\:=@;]/g, (c) => `\\${c}`);

/** Literal text inside a request item (after its separator), quoted for the shell. */
const ITEM_VALUE: StringSyntax = { ...SHELL_SYNTAX, literal: (value) => shellQuote(escapeItem(value)) };

/** Headers HTTPie adds on its own; an empty `Name:` item stops it, so only the request's headers are sent. */
const HTTPIE_DEFAULTS = ['Accept', 'Accept-Encoding', 'User-Agent'];

/**
 * HTTPie for bash or zsh. Form fields are request items (`name=value` with --form), which HTTPie
 * encodes as Tokensmith does, so a variable can stand in a value; JSON and raw bodies go as
 * `--raw`. HTTP Basic is built with base64 at run time so the password can be a variable.
 */
export function toHttpie(spec: HttpRequestSpec, state: RenderState): Snippet {
  const parts = requestParts(spec, state);
  const args = ['http --ignore-stdin'];
  if (parts.body.kind === 'form' && parts.body.fields.length > 0) args.push('--form');
  if (parts.body.kind === 'text') args.push(`--raw=${renderWord(parts.body.text, state, SHELL_SYNTAX)}`);
  if (parts.body.kind === 'form' && parts.body.fields.length === 0) args.push(`--raw=''`);
  args.push(parts.method, renderWord(parts.url, state, SHELL_SYNTAX));
  for (const header of parts.headers) {
    if ('basic' in header) {
      const pair = renderWord(header.basic, state, SHELL_SYNTAX);
      args.push(`${shellQuote(`${escapeItem(header.name)}:Basic `)}"$(printf '%s' ${pair} | base64 | tr -d '\\n')"`);
    } else if (header.value.length === 1 && header.value[0]!.kind === 'text' && header.value[0]!.text === '') {
      args.push(shellQuote(`${escapeItem(header.name)};`));
    } else {
      args.push(shellQuote(`${escapeItem(header.name)}:`) + renderWord(header.value, state, ITEM_VALUE));
    }
  }
  for (const name of HTTPIE_DEFAULTS) if (headerValue(spec.headers, name) === undefined) args.push(`${name}:`);
  if (parts.body.kind === 'form') {
    for (const field of parts.body.fields) {
      args.push(shellQuote(`${escapeItem(field.name)}=`) + renderWord(field.value, state, ITEM_VALUE));
    }
  }
  const used = usedVariables(partWords(parts), state.mode);
  const comments = commentLines(used, state).map((line) => `# ${line}\n`);
  return { code: comments.join('') + args.join(' \\\n  '), variables: used };
}
