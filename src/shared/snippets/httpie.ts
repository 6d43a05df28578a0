import { headerValue, type HttpRequestSpec } from '../domain/http.ts';
import type { SecretBinding } from '../domain/secrets.ts';
import { SHELL_SYNTAX, shellQuote } from './shell.ts';
import { itemText, itemValue } from './httpie-items.ts';
import { requestParts } from './request-parts.ts';
import { commentLines, renderWord, usedVariables, type RenderState } from './secret-segments.ts';
import type { Snippet } from './snippet.ts';

/** Headers HTTPie adds on its own; an empty `Name:` item stops it, so only the request's headers are sent. */
const HTTPIE_DEFAULTS = ['Accept', 'Accept-Encoding', 'User-Agent'];

/** An item's name and separator, escaped for HTTPie and quoted for the shell. */
const itemKey = (name: string, separator: string): string => shellQuote(`${itemText(name).text}${separator}`);

/**
 * HTTPie for bash or zsh. Form fields are request items (`name=value` with --form), which HTTPie
 * encodes as Tokensmith does, so a variable can stand in a value; JSON and raw bodies go as
 * `--raw`. HTTP Basic is built with base64 at run time so the password can be a variable. Where
 * HTTPie cannot send the same bytes (fields of one name apart, a `\` before a separator) a comment
 * says so.
 */
export function toHttpie(spec: HttpRequestSpec, state: RenderState): Snippet {
  const parts = requestParts(spec, state);
  const used = new Map<string, SecretBinding>();
  const args = ['http --ignore-stdin'];
  if (parts.body.kind === 'form' && parts.body.fields.length > 0) args.push('--form');
  if (parts.body.kind === 'text') {
    args.push(`--raw=${renderWord(parts.body.text, state, SHELL_SYNTAX)}`);
    for (const secret of usedVariables([parts.body.text], state.mode, SHELL_SYNTAX)) used.set(secret.variable, secret);
  }
  if (parts.body.kind === 'form' && parts.body.fields.length === 0) args.push(`--raw=''`);
  args.push(parts.method, renderWord(parts.url, state, SHELL_SYNTAX));
  for (const secret of usedVariables([parts.url], state.mode, SHELL_SYNTAX)) used.set(secret.variable, secret);
  for (const header of parts.headers) {
    if ('basic' in header) {
      // The base64 of `user:password` holds no separator at the start, so HTTPie reads it back as it is.
      const pair = renderWord(header.basic, state, SHELL_SYNTAX);
      for (const secret of usedVariables([header.basic], state.mode, SHELL_SYNTAX)) used.set(secret.variable, secret);
      args.push(`${itemKey(header.name, ':Basic ')}"$(printf '%s' ${pair} | base64 | tr -d '\\n')"`);
    } else if (header.value.length === 1 && header.value[0]!.kind === 'text' && header.value[0]!.text === '') {
      args.push(itemKey(header.name, ';'));
    } else {
      args.push(itemKey(header.name, ':') + itemValue(header.value, state, used));
    }
  }
  for (const name of HTTPIE_DEFAULTS) if (headerValue(spec.headers, name) === undefined) args.push(`${name}:`);
  if (parts.body.kind === 'form') {
    const names = parts.body.fields.map((field) => field.name);
    const regrouped = names.filter(
      (name, index) => index > 0 && names.lastIndexOf(name, index - 1) > -1 && names[index - 1] !== name,
    );
    if (regrouped.length > 0)
      state.notes.add(`HTTPie sends form fields of the same name together: ${[...new Set(regrouped)].join(', ')}.`);
    for (const field of parts.body.fields) args.push(itemKey(field.name, '=') + itemValue(field.value, state, used));
  }
  const variables = [...used.values()];
  const comments = commentLines(variables, state).map((line) => `# ${line}\n`);
  return { code: comments.join('') + args.join(' \\\n  '), variables };
}
