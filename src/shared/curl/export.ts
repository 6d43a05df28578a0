import { formEncode, type HttpRequestSpec } from '../domain/http.ts';
import { decodeBasic } from '../security/basic-auth.ts';
import type { SecretBinding } from '../domain/secrets.ts';
import { shellFetch } from '../refs/ref-shell.ts';
import {
  commentLines,
  jsonSafeSecrets,
  renderState,
  renderWord,
  segment,
  text,
  usedVariables,
  type RenderState,
  type SecretMode,
  type StringSyntax,
  type Word,
} from '../snippets/secret-segments.ts';

export type { SecretMode } from '../snippets/secret-segments.ts';

export interface CurlExport {
  /** Comment lines first (`# …`) when something needs saying, then the command. */
  command: string;
  /** The variables the command reads, in the order they first appear. */
  variables: SecretBinding[];
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

/** bash and zsh: quoted literals, `"$VAR"` and `"$(pass show …)"` side by side make one word. */
export const SHELL_SYNTAX: StringSyntax = {
  literal: shellQuote,
  variable: (name) => `"$${name}"`,
  concat: (parts) => parts.join(''),
  fetch: shellFetch,
};

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
    case 'json':
      lines.push({ option: '--data-raw', argument: segment(spec.body.text, jsonSafeSecrets(secrets)) });
      break;
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
  const state = renderState(options);
  const lines = curlLines(spec, state);
  const rendered = lines.map((line) => {
    const argument = renderWord(line.argument, state, SHELL_SYNTAX);
    return line.option ? `${line.option} ${argument}` : argument;
  });
  const used = usedVariables(
    lines.map((line) => line.argument),
    state.mode,
  );
  const certificate = spec.clientCertificate;
  const notes = certificate
    ? [
        `${certificate.certVariable}: the path of a file with the client certificate (PEM, or .p12 with --cert-type P12)`,
        ...(certificate.keyVariable
          ? [`${certificate.keyVariable}: the path of a file with its private key (PEM)`]
          : []),
      ]
    : [];
  if (certificate) {
    rendered.push(`--cert "$${certificate.certVariable}"`);
    if (certificate.keyVariable) rendered.push(`--key "$${certificate.keyVariable}"`);
  }
  const comments = [...commentLines(used, state), ...notes].map((comment) => `# ${comment}\n`);
  return {
    command: comments.join('') + ['curl --silent --show-error', ...rendered].join(' \\\n  '),
    variables: used,
  };
}
