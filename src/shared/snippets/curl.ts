import { formEncode, type HttpRequestSpec } from '../domain/http.ts';
import type { SecretBinding } from '../domain/secrets.ts';
import { requestParts } from './request-parts.ts';
import {
  commentLines,
  renderState,
  renderWord,
  segment,
  text,
  usedVariables,
  type RenderState,
  type SecretMode,
  type Word,
} from './secret-segments.ts';
import { SHELL_SYNTAX } from './shell.ts';
import type { Snippet } from './snippet.ts';

export interface CurlExport {
  /** Comment lines first (`# …`) when something needs saying, then the command. */
  command: string;
  /** The variables the command reads, in the order they first appear. */
  variables: SecretBinding[];
}

/** One line of the command: an option and its argument, or the URL alone. */
interface Line {
  option?: string;
  argument: Word;
}

/**
 * A name and its value as one argument, cut at the secrets again over the whole: a secret in the
 * name (or across the two) is a variable as well.
 */
function named(prefix: string, value: Word, state: RenderState): Word {
  const plain = value.map((part) => (part.kind === 'text' ? part.text : part.secret.value)).join('');
  return segment(prefix + plain, state.secrets);
}

/**
 * The command's lines. Form fields go through `--data-urlencode`, which encodes exactly like
 * {@link formEncode}, so a variable can stand in a form value and still send the same bytes.
 * Explicit headers override cURL's own `Accept` and `Content-Type`.
 */
function curlLines(spec: HttpRequestSpec, state: RenderState): Line[] {
  const parts = requestParts(spec, state);
  const lines: Line[] = [];
  if (parts.method !== 'GET' || parts.body.kind !== 'none') lines.push({ option: '-X', argument: text(parts.method) });
  lines.push({ argument: parts.url });
  for (const header of parts.headers) {
    lines.push(
      'basic' in header
        ? { option: '-u', argument: header.basic }
        : { option: '-H', argument: named(`${header.name}: `, header.value, state) },
    );
  }
  switch (parts.body.kind) {
    case 'none':
      break;
    case 'form':
      for (const field of parts.body.fields) {
        lines.push({ option: '--data-urlencode', argument: named(`${formEncode(field.name)}=`, field.value, state) });
      }
      if (parts.body.fields.length === 0) lines.push({ option: '--data-raw', argument: text('') });
      break;
    case 'text':
      lines.push({ option: '--data-raw', argument: parts.body.text });
      break;
  }
  return lines;
}

/**
 * A cURL command for bash or zsh that sends the same method, URL, headers and body bytes. In `env`
 * and `mask` modes no secret value appears in the output in any encoding. Values that come from an
 * earlier step get a comment saying where they come from.
 */
export function curlSnippet(spec: HttpRequestSpec, state: RenderState): Snippet {
  const lines = curlLines(spec, state);
  const rendered = lines.map((line) => {
    const argument = renderWord(line.argument, state, SHELL_SYNTAX);
    return line.option ? `${line.option} ${argument}` : argument;
  });
  const used = usedVariables(
    lines.map((line) => line.argument),
    state.mode,
    SHELL_SYNTAX,
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
    code: comments.join('') + ['curl --silent --show-error', ...rendered].join(' \\\n  '),
    variables: used,
  };
}

/** {@link curlSnippet} from the secrets and mode, as the command and the variables it reads. */
export function toCurl(
  spec: HttpRequestSpec,
  options: { secrets?: readonly SecretBinding[]; mode?: SecretMode } = {},
): CurlExport {
  const { code, variables } = curlSnippet(spec, renderState(options));
  return { command: code, variables };
}
