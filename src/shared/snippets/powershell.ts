import type { HttpRequestSpec } from '../domain/http.ts';
import { formBodyExpression, literalOf, partWords, requestParts } from './request-parts.ts';
import { commentLines, renderWord, usedVariables, type RenderState, type StringSyntax } from './secret-segments.ts';
import type { Snippet } from './snippet.ts';

/** Single quotes take everything literally; PowerShell also reads the typographic ones as quotes. */
export const POWERSHELL: StringSyntax = {
  literal: (value) => `'${value.replace(/['‘’‚‛]/g, (quote) => quote + quote)}'`,
  variable: (name) => `$env:${name}`,
  concat: (parts) => parts.join(' + '),
};

/**
 * PowerShell 7 `Invoke-RestMethod`. User-Agent and Content-Type go through their own parameters
 * (PowerShell rejects them in -Headers); the body is sent as UTF-8 bytes; form values that hold
 * a secret are encoded with [Uri]::EscapeDataString and `+` for spaces, Tokensmith's form encoding.
 */
export function toPowerShell(spec: HttpRequestSpec, state: RenderState): Snippet {
  const parts = requestParts(spec, state);
  const params = [`-Method ${parts.method.charAt(0)}${parts.method.slice(1).toLowerCase()}`];
  params.push(`-Uri ${renderWord(parts.url, state, POWERSHELL)}`);
  const headerLines: string[] = [];
  for (const header of parts.headers) {
    const lower = header.name.toLowerCase();
    if ('basic' in header) {
      const pair = renderWord(header.basic, state, POWERSHELL);
      headerLines.push(
        `  ${POWERSHELL.literal(header.name)} = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes(${pair}))`,
      );
    } else if (lower === 'user-agent' || lower === 'content-type') {
      const literal = literalOf(header.value, state);
      const value =
        literal === undefined ? `(${renderWord(header.value, state, POWERSHELL)})` : POWERSHELL.literal(literal);
      params.push(`${lower === 'user-agent' ? '-UserAgent' : '-ContentType'} ${value}`);
    } else {
      headerLines.push(`  ${POWERSHELL.literal(header.name)} = ${renderWord(header.value, state, POWERSHELL)}`);
    }
  }
  const lines: string[] = [];
  if (headerLines.length > 0) {
    lines.push('$headers = [ordered]@{', ...headerLines, '}');
    params.push('-Headers $headers');
  }
  if (parts.body.kind !== 'none') {
    const expression =
      parts.body.kind === 'form'
        ? formBodyExpression(parts.body.fields, state, {
            ...POWERSHELL,
            encode: (value) => `[Uri]::EscapeDataString(${value}).Replace('%20', '+')`,
          })
        : renderWord(parts.body.text, state, POWERSHELL);
    lines.push(`$body = [Text.Encoding]::UTF8.GetBytes(${expression})`);
    params.push('-Body $body');
  }
  params.push('-MaximumRedirection 0');
  const used = usedVariables(partWords(parts), state.mode, POWERSHELL);
  const comments = commentLines(used, state).map((line) => `# ${line}`);
  const code = [...comments, ...lines, `Invoke-RestMethod ${params.join(' `\n  ')}`].join('\n');
  return { code, variables: used };
}
