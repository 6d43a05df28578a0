import { shellQuote, SHELL_SYNTAX } from './shell.ts';
import { maskSecret, type SecretBinding } from '../domain/secrets.ts';
import { asVariable, maskLeftovers, type RenderState, type Word } from './secret-segments.ts';

/** HTTPie's request-item separators (`:`, `=`, `==`, `:=`, `@`, `=@`, `:=@`, `;`) are made of these. */
const SEPARATOR = /[:=@;]/;

/**
 * Text as HTTPie reads it back from a request item. HTTPie takes `\` before a separator character
 * for an escape and keeps any other `\` pair as it is, so separator characters are escaped and other
 * pairs written as they are. A `\` right before a separator character cannot be written at all
 * (`lossy`); `open` is a `\` left at the end, which would pair with whatever follows it.
 */
export function itemText(value: string): { text: string; lossy: boolean; open: boolean } {
  let text = '';
  let lossy = false;
  let open = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    const next = value.charAt(i + 1);
    if (SEPARATOR.test(c)) {
      text += `\\${c}`;
    } else if (c !== '\\') {
      text += c;
    } else if (next === '') {
      text += c;
      open = true;
    } else if (SEPARATOR.test(next)) {
      lossy = true;
    } else {
      text += c + next;
      i++;
    }
  }
  return { text, lossy, open };
}

/**
 * True when HTTPie gets a variable's value back unchanged at this place in an item's value (bash
 * expands it before HTTPie reads the item): it must not start the value with a separator character
 * (`name==x` would be a query parameter) nor hold a `\` that HTTPie would take for an escape.
 */
function passesUnchanged(value: string, place: { first: boolean; last: boolean }): boolean {
  if (place.first && SEPARATOR.test(value.charAt(0))) return false;
  for (let i = 0; i < value.length; i++) {
    if (value.charAt(i) !== '\\') continue;
    const next = value.charAt(i + 1);
    if (next === '') return place.last;
    if (SEPARATOR.test(next)) return false;
    i++;
  }
  return true;
}

/**
 * A request item's value for bash: literal runs escaped for HTTPie and shell-quoted, secrets as
 * `"$VAR"` where HTTPie reads their value back unchanged, else masked with a note (a secret that
 * starts with `=` or holds `\:`). `used` collects the variables written.
 */
export function itemValue(word: Word, state: RenderState, used: Map<string, SecretBinding>): string {
  const out: string[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal === '') return;
    const { text, lossy } = itemText(maskLeftovers(literal, state));
    if (lossy)
      state.notes.add(
        'HTTPie takes \\ before :, =, @ or ; for an escape, so such a backslash in this request is not sent.',
      );
    out.push(shellQuote(text));
    literal = '';
  };
  word.forEach((part, index) => {
    if (part.kind === 'text') {
      literal += part.text;
      return;
    }
    const { secret } = part;
    if (!asVariable(secret, state.mode)) {
      literal += state.mode === 'mask' ? maskSecret(secret.value) : secret.value;
      return;
    }
    const place = { first: literal === '' && out.length === 0, last: index === word.length - 1 };
    if (secret.unresolved === true || (!itemText(literal).open && passesUnchanged(secret.value, place))) {
      flush();
      const fetched = secret.ref === undefined ? undefined : SHELL_SYNTAX.fetch?.(secret.ref);
      out.push(fetched ?? SHELL_SYNTAX.variable(secret.variable));
      if (fetched === undefined) used.set(secret.variable, secret);
      return;
    }
    literal += maskSecret(secret.value);
    state.notes.add(
      `HTTPie would read ${secret.variable} differently (it starts with :, =, @ or ;, or holds \\ before one): it is masked; copy in Revealed mode to run the command.`,
    );
  });
  flush();
  return out.length === 0 ? "''" : out.join('');
}
