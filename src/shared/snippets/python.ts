import type { HttpRequestSpec } from '../domain/http.ts';
import { formBodyExpression, partWords, requestParts } from './request-parts.ts';
import { commentLines, renderWord, usedVariables, type RenderState, type StringSyntax } from './secret-segments.ts';
import type { Snippet } from './snippet.ts';

/** A JSON string is a valid Python 3 string literal with the same characters. */
export const PYTHON: StringSyntax = {
  literal: (value) => JSON.stringify(value),
  variable: (name) => `os.environ[${JSON.stringify(name)}]`,
  concat: (parts) => parts.join(' + '),
};

/**
 * Python with requests. The session's default headers are cleared so only the request's own are
 * sent (http.client still adds `Accept-Encoding: identity` to a request without one); the body goes
 * as UTF-8 bytes (a str body would be sent as Latin-1); form values that hold a secret are encoded by
 * `quote_plus`, which encodes exactly like Tokensmith's form encoding.
 */
export function toPython(spec: HttpRequestSpec, state: RenderState): Snippet {
  const parts = requestParts(spec, state);
  const imports = new Set<string>();
  const headerLines = parts.headers.map((header) => {
    const value =
      'basic' in header
        ? `"Basic " + base64.b64encode((${renderWord(header.basic, state, PYTHON)}).encode()).decode()`
        : renderWord(header.value, state, PYTHON);
    if ('basic' in header) imports.add('import base64');
    return `        ${JSON.stringify(header.name)}: ${value},`;
  });
  const args = [`    ${JSON.stringify(parts.method)},`, `    ${renderWord(parts.url, state, PYTHON)},`];
  args.push(headerLines.length ? `    headers={\n${headerLines.join('\n')}\n    },` : '    headers={},');
  if (parts.body.kind === 'form') {
    const expression = formBodyExpression(parts.body.fields, state, {
      ...PYTHON,
      encode: (value) => {
        imports.add('from urllib.parse import quote_plus');
        return `quote_plus(${value})`;
      },
    });
    args.push(`    data=(${expression}).encode(),`);
  } else if (parts.body.kind === 'text') {
    args.push(`    data=(${renderWord(parts.body.text, state, PYTHON)}).encode(),`);
  }
  args.push('    allow_redirects=False,');
  const used = usedVariables(partWords(parts), state.mode, PYTHON);
  if (used.length > 0) imports.add('import os');
  const comments = commentLines(used, state).map((line) => `# ${line}`);
  const code = [
    ...comments,
    // PEP 8: the standard library first, `import x` before `from x import y`; then requests.
    ...[...imports].sort((a, b) => Number(a.startsWith('from')) - Number(b.startsWith('from')) || a.localeCompare(b)),
    ...(imports.size > 0 ? [''] : []),
    'import requests',
    '',
    'session = requests.Session()',
    'session.headers.clear()  # send only the headers below, as Tokensmith does',
    'response = session.request(',
    ...args,
    ')',
    'print(response.status_code)',
    'print(response.text)',
  ].join('\n');
  return { code, variables: used };
}
