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

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
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

/**
 * Masks what the segmenter could not place: a secret that percent- or JSON-encoding changed. Its
 * plain form never reaches here, as {@link segment} took every occurrence of it out.
 */
function maskLeftovers(literal: string, secrets: readonly SecretBinding[]): string {
  let result = literal;
  for (const secret of secrets) {
    for (const form of secretForms(secret.value)) {
      if (form !== secret.value) result = result.split(form).join(maskSecret(secret.value));
    }
  }
  return result;
}

function renderWord(word: Word, mode: SecretMode, secrets: readonly SecretBinding[]): string {
  const out: string[] = [];
  let literal: string | undefined;
  const flush = (): void => {
    if (literal !== undefined) out.push(shellQuote(mode === 'reveal' ? literal : maskLeftovers(literal, secrets)));
    literal = undefined;
  };
  for (const part of word) {
    if (part.kind === 'text') {
      literal = (literal ?? '') + part.text;
    } else if (mode === 'env') {
      flush();
      out.push(`"$${part.secret.variable}"`);
    } else {
      literal = (literal ?? '') + (mode === 'mask' ? maskSecret(part.secret.value) : part.secret.value);
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
function curlLines(spec: HttpRequestSpec, secrets: readonly SecretBinding[], notes: string[]): Line[] {
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
      const [plain, escaped] = partition(secrets, (secret) => JSON.stringify(secret.value) === `"${secret.value}"`);
      for (const secret of escaped) {
        if (spec.body.text.includes(JSON.stringify(secret.value).slice(1, -1))) {
          notes.push(
            `${secret.variable} has characters JSON escapes, so it is masked in the body: use Revealed mode to run this command.`,
          );
        }
      }
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
 */
export function toCurl(
  spec: HttpRequestSpec,
  options: { secrets?: readonly SecretBinding[]; mode?: SecretMode } = {},
): CurlExport {
  const secrets = (options.secrets ?? []).filter((secret) => secret.value !== '');
  const mode = options.mode ?? 'env';
  const notes: string[] = [];
  const lines = curlLines(spec, secrets, notes);
  const used = new Map<string, SecretBinding>();
  for (const line of lines) {
    for (const part of line.argument) if (part.kind === 'var') used.set(part.secret.variable, part.secret);
  }
  const rendered = lines.map((line) => {
    const argument = renderWord(line.argument, mode, secrets);
    return line.option ? `${line.option} ${argument}` : argument;
  });
  const comments = mode === 'env' ? notes.map((note) => `# ${note}\n`).join('') : '';
  return {
    command: comments + ['curl --silent --show-error', ...rendered].join(' \\\n  '),
    variables: mode === 'env' ? [...used.values()] : [],
  };
}
