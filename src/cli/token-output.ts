import type { IdTokenReport, TokenSet } from '../shared/domain/token.ts';
import { decodeIfJwt } from '../main/core/flow/report.ts';
import type { FlowRun } from '../main/core/flow/run-flow.ts';
import { parseJson } from '../main/core/http/content.ts';
import { UsageError } from './cli-error.ts';
import { terminalText } from './terminal-text.ts';

// What `grant` and `token` print, apart from how they get the token: `token` loads this alone when
// the ledger answers, without the flow engine and the HTTP client.

/** A `--timeout`-style flag: a whole, positive number of milliseconds, or absent. */
export function millisecondsFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!(Number.isInteger(ms) && ms > 0)) throw new UsageError(`${flag} takes a number of milliseconds.`);
  return ms;
}

/** The normalized result of `tokensmith grant --json`: the token's own members, then what was made of it. */
export type GrantJson = Pick<
  TokenSet,
  'accessToken' | 'tokenType' | 'expiresIn' | 'expiresAt' | 'refreshToken' | 'scope'
> & {
  jwt?: { header: Record<string, unknown>; payload: Record<string, unknown> };
  /** What was checked of the ID token (OpenID Connect), when the response had one. */
  idToken?: IdTokenReport;
  warnings: string[];
  response: { status: number; headers: Record<string, string>; body: unknown } | null;
};

/**
 * The token as it may be printed: RFC 6749 §A.12 allows only visible ASCII in a token, so a control
 * character in one is the server writing to the terminal, not part of the credential. It is removed,
 * and the user is told.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#appendix-A.12
 */
export function printableToken(token: TokenSet, log: (line: string) => void): TokenSet {
  const printable: TokenSet = { ...token, accessToken: terminalText(token.accessToken) };
  if (token.refreshToken !== undefined) printable.refreshToken = terminalText(token.refreshToken);
  if (printable.accessToken !== token.accessToken || printable.refreshToken !== token.refreshToken) {
    log('warning: the token had control characters (terminal escape sequences) in it; they were removed.');
  }
  return printable;
}

/** The token exchange of a run: the response a `--json` consumer wants to see. */
function tokenResponse(run: FlowRun): GrantJson['response'] {
  const step = run.steps.findLast((candidate) => candidate.response && candidate.id !== 'check');
  if (!step?.response) return null;
  const headers = Object.fromEntries(step.response.headers.map(([name, value]) => [name.toLowerCase(), value]));
  return { status: step.response.status, headers, body: parseJson(step.response) ?? step.response.bodyText };
}

/** The JSON of a token; without a run (a token the ledger held) there are no exchanges to show. */
export function toGrantJson(token: TokenSet, run: FlowRun | undefined): GrantJson {
  const jwt = decodeIfJwt(token.accessToken);
  return {
    accessToken: token.accessToken,
    tokenType: token.tokenType,
    ...(token.expiresIn !== undefined ? { expiresIn: token.expiresIn } : {}),
    ...(token.expiresAt !== undefined ? { expiresAt: token.expiresAt } : {}),
    ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
    ...(token.scope ? { scope: token.scope } : {}),
    ...(jwt ? { jwt: { header: jwt.header, payload: jwt.payload } } : {}),
    ...(token.idTokenReport ? { idToken: token.idTokenReport } : {}),
    warnings: [...(run?.warnings ?? []), ...token.warnings],
    response: run ? tokenResponse(run) : null,
  };
}
