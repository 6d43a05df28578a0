import { formEncode, type HttpRequestSpec } from '../domain/http.ts';
import { decodeBasic } from '../security/basic-auth.ts';
import { maskSecret } from '../domain/secrets.ts';
import {
  asVariable,
  jsonSafeSecrets,
  maskLeftovers,
  renderWord,
  segment,
  type RenderState,
  type StringSyntax,
  type Word,
} from './secret-segments.ts';

/**
 * A header as a snippet writes it. An HTTP Basic header is taken apart: base64 would hide a
 * secret from the segmenter (and from the leak check), so snippets build it at run time from
 * `user:password`, where a variable can stand in for the password.
 */
export type HeaderPart = { name: string; value: Word } | { name: string; basic: Word };

export type BodyPart =
  { kind: 'none' } | { kind: 'form'; fields: { name: string; value: Word }[] } | { kind: 'text'; text: Word };

export interface RequestParts {
  method: string;
  url: Word;
  headers: HeaderPart[];
  body: BodyPart;
}

/** The request cut into words, with the secrets each part carries. */
export function requestParts(spec: HttpRequestSpec, state: RenderState): RequestParts {
  const { secrets } = state;
  const headers = spec.headers.map(([name, value]): HeaderPart => {
    const basic = name.toLowerCase() === 'authorization' ? decodeBasic(value) : undefined;
    if (basic && !basic.username.includes(':'))
      return { name, basic: segment(`${basic.username}:${basic.password}`, secrets) };
    return { name, value: segment(value, secrets) };
  });
  let body: BodyPart;
  switch (spec.body.kind) {
    case 'none':
      body = { kind: 'none' };
      break;
    case 'form':
      body = {
        kind: 'form',
        fields: spec.body.fields.map(([name, value]) => ({ name, value: segment(value, secrets) })),
      };
      break;
    case 'json':
      body = { kind: 'text', text: segment(spec.body.text, jsonSafeSecrets(secrets)) };
      break;
    case 'raw':
      body = { kind: 'text', text: segment(spec.body.text, secrets) };
      break;
  }
  return { method: spec.method, url: segment(spec.url, secrets), headers, body };
}

/** Every word of the request, for the list of variables it reads. */
export function partWords(parts: RequestParts): Word[] {
  const words: Word[] = [
    parts.url,
    ...parts.headers.map((header) => ('basic' in header ? header.basic : header.value)),
  ];
  if (parts.body.kind === 'form') words.push(...parts.body.fields.map((field) => field.value));
  if (parts.body.kind === 'text') words.push(parts.body.text);
  return words;
}

/** True when the word holds a secret, whatever the mode writes for it. */
export function holdsSecret(word: Word): boolean {
  return word.some((part) => part.kind === 'var');
}

/** The word as plain text when the mode writes no variable into it (masked or revealed). */
export function literalOf(word: Word, state: RenderState): string | undefined {
  let out = '';
  for (const part of word) {
    if (part.kind === 'text') out += part.text;
    else if (asVariable(part.secret, state.mode)) return undefined;
    else out += state.mode === 'mask' ? maskSecret(part.secret.value) : part.secret.value;
  }
  return maskLeftovers(out, state);
}

/**
 * A form body as one expression of the language: names and plain values encoded now, values that
 * hold a secret encoded at run time by `encode` (so a variable, or the mask, reads as itself).
 */
export function formBodyExpression(
  fields: readonly { name: string; value: Word }[],
  state: RenderState,
  syntax: StringSyntax & { encode(expression: string): string },
): string {
  const out: string[] = [];
  let literal = '';
  fields.forEach((field, index) => {
    literal += `${index > 0 ? '&' : ''}${formEncode(field.name)}=`;
    if (!holdsSecret(field.value)) {
      literal += formEncode(literalOf(field.value, state) ?? '');
      return;
    }
    if (literal !== '') out.push(syntax.literal(literal));
    literal = '';
    out.push(syntax.encode(renderWord(field.value, state, syntax)));
  });
  if (literal !== '' || out.length === 0) out.push(syntax.literal(literal));
  return out.length === 1 ? out[0]! : syntax.concat(out);
}
