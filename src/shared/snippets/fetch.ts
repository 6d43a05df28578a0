import type { HttpRequestSpec } from '../domain/http.ts';
import { formBodyExpression, partWords, requestParts } from './request-parts.ts';
import { commentLines, renderWord, usedVariables, type RenderState, type StringSyntax } from './secret-segments.ts';
import type { Snippet } from './snippet.ts';

export const JS: StringSyntax = {
  literal: (value) => JSON.stringify(value),
  variable: (name) => `process.env.${name}`,
  concat: (parts) => parts.join(' + '),
};

/** Tokensmith's form encoding; URLSearchParams differs on `*` and `~`, so it would not send the same bytes. */
const FORM_ENCODE =
  "const formEncode = (value) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%20/g, '+');";

/**
 * JavaScript `fetch` for Node.js (an ES module: top-level await; secrets from `process.env`).
 * Headers stay an ordered list; redirects are not followed, as Tokensmith and the cURL export do.
 * Node's fetch adds the Fetch standard's `Accept-Language`, `Sec-Fetch-Mode` and `Accept-Encoding`
 * when the request has none; nothing in fetch turns them off.
 */
export function toFetch(spec: HttpRequestSpec, state: RenderState): Snippet {
  const parts = requestParts(spec, state);
  // Set by the form body's encoder when a value needs encoding at run time (a secret's reference).
  const formEncode = { needed: false };
  const headerLines = parts.headers.map((header) => {
    const value =
      'basic' in header
        ? `'Basic ' + Buffer.from(${renderWord(header.basic, state, JS)}).toString('base64')`
        : renderWord(header.value, state, JS);
    return `    [${JSON.stringify(header.name)}, ${value}],`;
  });
  const options = [`  method: ${JSON.stringify(parts.method)},`];
  options.push(headerLines.length ? `  headers: [\n${headerLines.join('\n')}\n  ],` : '  headers: [],');
  if (parts.body.kind === 'form') {
    const expression = formBodyExpression(parts.body.fields, state, {
      ...JS,
      encode: (value) => {
        formEncode.needed = true;
        return `formEncode(${value})`;
      },
    });
    options.push(`  body: ${expression},`);
  } else if (parts.body.kind === 'text') {
    options.push(`  body: ${renderWord(parts.body.text, state, JS)},`);
  }
  options.push(`  redirect: 'manual',`);
  const used = usedVariables(partWords(parts), state.mode, JS);
  const comments = commentLines(used, state).map((line) => `// ${line}`);
  const code = [
    ...comments,
    ...(formEncode.needed ? [FORM_ENCODE, ''] : []),
    `const response = await fetch(${renderWord(parts.url, state, JS)}, {`,
    ...options,
    '});',
    'console.log(response.status);',
    'console.log(await response.text());',
  ].join('\n');
  return { code, variables: used };
}
