import type { HttpRequestSpec } from '../domain/http.ts';
import type { SecretBinding } from '../domain/secrets.ts';
import { assertNever } from '../domain/errors.ts';
import { curlSnippet } from './curl.ts';
import { toFetch } from './fetch.ts';
import { toHttpie } from './httpie.ts';
import { toPowerShell } from './powershell.ts';
import { toPython } from './python.ts';
import { renderState, type SecretMode } from './secret-segments.ts';
import type { Snippet, SnippetLang } from './snippet.ts';

export { SNIPPET_LANGS, type Snippet, type SnippetLang } from './snippet.ts';
export type { SecretMode } from './secret-segments.ts';

/**
 * The request as code in one of the languages (cURL among them), from the same `HttpRequestSpec`
 * the engine sends, with three secret modes: environment variables (the default), masked, or
 * revealed. In `env` and `mask` modes no secret value appears in the code.
 */
export function toSnippet(
  spec: HttpRequestSpec,
  options: { lang: SnippetLang; secrets?: readonly SecretBinding[]; mode?: SecretMode },
): Snippet {
  const state = renderState(options);
  switch (options.lang) {
    case 'curl':
      return curlSnippet(spec, state);
    case 'httpie':
      return toHttpie(spec, state);
    case 'fetch':
      return toFetch(spec, state);
    case 'python':
      return toPython(spec, state);
    case 'powershell':
      return toPowerShell(spec, state);
    default:
      return assertNever(options.lang);
  }
}
