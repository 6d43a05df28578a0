import { formEncode, type HttpRequestSpec } from '../domain/http.ts';
import { maskSecret, secretForms, type SecretBinding } from '../domain/secrets.ts';

/**
 * How secrets appear in an exported command: as `"$TOKENSMITH_…"` references (the default),
 * masked (for screenshots and tickets; the command will not work), or revealed (only on request).
 */
export type SecretMode = 'env' | 'mask' | 'reveal';

type Segment = { kind: 'text'; text: string } | { kind: 'var'; secret: SecretBinding };
type Word = Segment[];

export interface CurlExport {
  /** Comment lines first (`# …`) when something needs saying, then the command. */
  command: string;
  /** The variables the command reads, in the order they first appear. */
  variables: SecretBinding[];
}

function text(value: string): Word {
  return [{ kind: 'text', text: value }];
}

/** Splits a string at every occurrence of a secret value, longest secrets first. */
function segment(value: string, secrets: readonly SecretBinding[]): Word {
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

/** Words the shell reads literally without quotes. */
const SHELL_SAFE = /^[A-Za-z0-9_\-.,:/=@%+]+$/;

/**
 * POSIX single quotes: every byte is literal, and a single quote is closed, escaped and reopened.
 * Plain words (`POST`, `-u`) stay bare so the command reads like one a person would write.
 */
export function shellQuote(value: string): string {
  return SHELL_SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Writes variables where the mode says so; an unresolved value is always a variable. */
function asVariable(secret: SecretBinding, mode: SecretMode): boolean {
  return mode === 'env' || secret.unresolved === true;
}

interface RenderState {
  mode: SecretMode;
  secrets: readonly SecretBinding[];
  notes: Set<string>;
}

/**
 * Masks what the segmenter could not place: a secret that percent-, form- or JSON-encoding changed
 * (its plain form never reaches here: {@link segment} took every occurrence out), and says so.
 */
function maskLeftovers(literal: string, state: RenderState): string {
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

function renderWord(word: Word, state: RenderState): string {
  const out: string[] = [];
  let literal: string | undefined;
  const flush = (): void => {
    if (literal !== undefined) out.push(shellQuote(state.mode === 'reveal' ? literal : maskLeftovers(literal, state)));
    literal = undefined;
  };
  for (const part of word) {
    if (part.kind === 'text') {
      literal = (literal ?? '') + part.text;
    } else if (asVariable(part.secret, state.mode)) {
      flush();
      out.push(`"$${part.secret.variable}"`);
    } else {
      literal = (literal ?? '') + (state.mode === 'mask' ? maskSecret(part.secret.value) : part.secret.value);
    }
  }
  flush();
  return out.join('');
}

function decodeBasic(value: string): { username: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(value);
  if (!match) return undefined;
  let decoded: string;
  try {
    const binary = atob(match[1]!);
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** One line of the command: an option and its argument, or the URL alone. */
interface Line {
  option?: string;
  argument: Word;
}

/**
 * The command's lines. Form fields go through `--data-urlencode`, which encodes exactly like
 * {@link formEncode}, so a variable can stand in a form value and still send the same bytes.
 * Explicit headers override cURL's own `Accept` and `Content-Type`.
 */
function curlLines(spec: HttpRequestSpec, state: RenderState): Line[] {
  const { secrets } = state;
  const lines: Line[] = [];
  if (spec.method !== 'GET' || spec.body.kind !== 'none') lines.push({ option: '-X', argument: text(spec.method) });
  lines.push({ argument: segment(spec.url, secrets) });
  for (const [name, value] of spec.headers) {
    const basic = name.toLowerCase() === 'authorization' ? decodeBasic(value) : undefined;
    if (basic && !basic.username.includes(':')) {
      lines.push({ option: '-u', argument: segment(`${basic.username}:${basic.password}`, secrets) });
    } else {
      lines.push({ option: '-H', argument: segment(`${name}: ${value}`, secrets) });
    }
  }
  switch (spec.body.kind) {
    case 'none':
      break;
    case 'form':
      for (const [name, value] of spec.body.fields) {
        lines.push({ option: '--data-urlencode', argument: segment(`${formEncode(name)}=${value}`, secrets) });
      }
      if (spec.body.fields.length === 0) lines.push({ option: '--data-raw', argument: text('') });
      break;
    case 'json': {
      // A variable expands to the raw value, so it can only stand where JSON needs no escaping.
      const plain = secrets.filter((secret) => JSON.stringify(secret.value) === `"${secret.value}"`);
      lines.push({ option: '--data-raw', argument: segment(spec.body.text, plain) });
      break;
    }
    case 'raw':
      lines.push({ option: '--data-raw', argument: segment(spec.body.text, secrets) });
      break;
  }
  return lines;
}

/**
 * Renders a request as a cURL command for bash or zsh that sends the same method, URL, headers
 * and body bytes. In `env` and `mask` modes no secret value appears in the output in any encoding.
 * Values that come from an earlier step get a comment saying where they come from.
 */
export function toCurl(
  spec: HttpRequestSpec,
  options: { secrets?: readonly SecretBinding[]; mode?: SecretMode } = {},
): CurlExport {
  const state: RenderState = {
    mode: options.mode ?? 'env',
    secrets: (options.secrets ?? []).filter((secret) => secret.value !== ''),
    notes: new Set(),
  };
  const lines = curlLines(spec, state);
  const rendered = lines.map((line) => {
    const argument = renderWord(line.argument, state);
    return line.option ? `${line.option} ${argument}` : argument;
  });
  const used = new Map<string, SecretBinding>();
  for (const line of lines) {
    for (const part of line.argument) {
      if (part.kind === 'var' && asVariable(part.secret, state.mode)) used.set(part.secret.variable, part.secret);
    }
  }
  const comments = [
    ...[...used.values()].filter((secret) => secret.fromStep).map((secret) => `${secret.variable}: ${secret.origin}`),
    ...state.notes,
  ].map((comment) => `# ${comment}\n`);
  return {
    command: comments.join('') + ['curl --silent --show-error', ...rendered].join(' \\\n  '),
    variables: [...used.values()],
  };
}
