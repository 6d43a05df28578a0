import { maskSecret, secretForms, type SecretBinding } from '../domain/secrets.ts';

/**
 * How secrets appear in an exported command or snippet: as environment variable references (the
 * default), masked (for screenshots and tickets; the code will not work), or revealed (only on request).
 */
export type SecretMode = 'env' | 'mask' | 'reveal';

export type Segment = { kind: 'text'; text: string } | { kind: 'var'; secret: SecretBinding };
/** A string cut into literal text and the secrets inside it, in order. */
export type Word = Segment[];

export function text(value: string): Word {
  return [{ kind: 'text', text: value }];
}

/** Splits a string at every occurrence of a secret value, longest secrets first. */
export function segment(value: string, secrets: readonly SecretBinding[]): Word {
  let word: Word = text(value);
  const ordered = [...secrets].sort((a, b) => b.value.length - a.value.length);
  for (const secret of ordered) {
    word = word.flatMap((part): Word => {
      if (part.kind !== 'text' || !part.text.includes(secret.value)) return [part];
      const pieces = part.text.split(secret.value);
      return pieces.flatMap((piece, index): Word => {
        const out: Word = piece === '' ? [] : [{ kind: 'text', text: piece }];
        if (index < pieces.length - 1) out.push({ kind: 'var', secret });
        return out;
      });
    });
  }
  return word.length === 0 ? text('') : word;
}

/**
 * Writes variables where the mode says so. An unresolved value is always a variable, and so is one
 * read from a reference: the export keeps the reference, never the value.
 */
export function asVariable(secret: SecretBinding, mode: SecretMode): boolean {
  return mode === 'env' || secret.unresolved === true || secret.ref !== undefined;
}

export interface RenderState {
  mode: SecretMode;
  secrets: readonly SecretBinding[];
  /** Things the output must say in a comment, in the order they came up. */
  notes: Set<string>;
}

export function renderState(options: { secrets?: readonly SecretBinding[]; mode?: SecretMode }): RenderState {
  return {
    mode: options.mode ?? 'env',
    secrets: (options.secrets ?? []).filter((secret) => secret.value !== ''),
    notes: new Set(),
  };
}

/**
 * Masks what the segmenter could not place: a secret that percent-, form- or JSON-encoding changed
 * (its plain form never reaches here: {@link segment} took every occurrence out), and says so.
 */
export function maskLeftovers(literal: string, state: RenderState): string {
  if (state.mode === 'reveal') return literal;
  let result = literal;
  for (const secret of state.secrets) {
    for (const form of secretForms(secret.value)) {
      if (form === secret.value || !result.includes(form)) continue;
      result = result.split(form).join(maskSecret(secret.value));
      state.notes.add(
        `${secret.variable} is encoded in this request, so a variable cannot stand in for it: it is masked; copy in Revealed mode to run the command.`,
      );
    }
  }
  return result;
}

/** How a language writes a string: a literal, a variable reference, and their concatenation. */
export interface StringSyntax {
  literal(value: string): string;
  variable(name: string): string;
  concat(parts: readonly string[]): string;
  /** An expression that fetches a reference's value itself (bash: `"$(pass show …)"`), where the language can. */
  fetch?(ref: string): string | undefined;
}

/**
 * Renders a word as an expression of the language: literal runs (masked or revealed secrets
 * included) and variable references, concatenated. An empty word is the empty literal.
 */
export function renderWord(word: Word, state: RenderState, syntax: StringSyntax): string {
  const out: string[] = [];
  let literal: string | undefined;
  const flush = (): void => {
    if (literal !== undefined) out.push(syntax.literal(maskLeftovers(literal, state)));
    literal = undefined;
  };
  for (const part of word) {
    if (part.kind === 'text') {
      literal = (literal ?? '') + part.text;
    } else if (asVariable(part.secret, state.mode)) {
      flush();
      const fetched = part.secret.ref === undefined ? undefined : syntax.fetch?.(part.secret.ref);
      if (fetched === undefined && part.secret.ref !== undefined) {
        state.notes.add(
          `${part.secret.variable}: read from ${part.secret.ref}; set it from there before running this, or run the request with \`tokensmith exec\`.`,
        );
      }
      out.push(fetched ?? syntax.variable(part.secret.variable));
    } else {
      literal = (literal ?? '') + (state.mode === 'mask' ? maskSecret(part.secret.value) : part.secret.value);
    }
  }
  flush();
  return out.length === 0 ? syntax.literal('') : syntax.concat(out);
}

/** True when the code fetches the secret from its reference itself: no variable to set first. */
export function fetchedBy(secret: SecretBinding, syntax: StringSyntax): boolean {
  return secret.ref !== undefined && syntax.fetch?.(secret.ref) !== undefined;
}

/** The variables a set of words reads in this mode, in the order they first appear. */
export function usedVariables(words: readonly Word[], mode: SecretMode, syntax: StringSyntax): SecretBinding[] {
  const used = new Map<string, SecretBinding>();
  for (const word of words) {
    for (const part of word) {
      if (part.kind === 'var' && asVariable(part.secret, mode) && !fetchedBy(part.secret, syntax))
        used.set(part.secret.variable, part.secret);
    }
  }
  return [...used.values()];
}

/** The comment lines every export starts with: where step values come from, then the notes. */
export function commentLines(used: readonly SecretBinding[], state: RenderState): string[] {
  return [
    ...used.filter((secret) => secret.fromStep).map((secret) => `${secret.variable}: ${secret.origin}`),
    ...state.notes,
  ];
}

/**
 * The JSON body with only the secrets a variable can stand in for: a variable expands to the raw
 * value, so it can only stand where JSON needs no escaping.
 */
export function jsonSafeSecrets(secrets: readonly SecretBinding[]): SecretBinding[] {
  return secrets.filter((secret) => JSON.stringify(secret.value) === `"${secret.value}"`);
}
