import type { JSONWebKeySet } from 'jose';
import { AppError } from '../../../shared/domain/errors.ts';
import type { HttpRequestSpec } from '../../../shared/domain/http.ts';
import type { TokenSet } from '../../../shared/domain/token.ts';
import { parseJson } from '../http/content.ts';
import { decodeIfJwt } from './report.ts';
import { assertIdTokenValid, checkIdToken } from '../oauth/id-token.ts';
import type { FlowContext, StepRun } from './flow-context.ts';

function sentField(spec: HttpRequestSpec, name: string): string | undefined {
  return spec.body.kind === 'form' ? spec.body.fields.find(([field]) => field === name)?.[1] : undefined;
}

/**
 * The issuer's JWKS. It is fetched beside the step rather than as a step of its own: it carries no
 * secret, and the steps of a flow stay the requests the user asked for.
 */
async function fetchJwks(context: FlowContext, jwksUri: string): Promise<JSONWebKeySet> {
  const record: StepRun = { id: 'jwks', title: 'Fetch the issuer’s signing keys', secrets: [] };
  const compiled = await context.compile({ method: 'GET', url: jwksUri, headers: [['Accept', 'application/json']] });
  const response = await context.exchange(record, compiled, { endpoint: 'The JWKS endpoint (jwks_uri)' });
  const body = parseJson(response) as { keys?: unknown } | undefined;
  if (!body || !Array.isArray(body.keys))
    throw new AppError('ID_TOKEN_INVALID', 'The issuer’s "jwks_uri" answered without a "keys" array.', {
      hint: 'Check Issuer.',
      field: 'issuer',
    });
  return body as JSONWebKeySet;
}

/**
 * Checks the ID token a token response carries (OpenID Connect Core §3.1.3.7) against the issuer
 * the flow discovered: the report goes on the token, and a failed check fails the step. Without an
 * issuer there is nothing to check against, and the user is told so.
 */
export async function withCheckedIdToken(
  token: TokenSet,
  context: FlowContext,
  sent: HttpRequestSpec,
): Promise<TokenSet> {
  if (!token.idToken) return token;
  const issuer = context.run.vars.get('steps.discover.issuer')?.value ?? '';
  if (issuer === '') {
    token.warnings.push('The ID token was not checked: fill in Issuer so Tokensmith can verify it.');
    return token;
  }
  const alg = decodeIfJwt(token.idToken)?.header.alg;
  const jwksUri = context.run.vars.get('steps.discover.jwks_uri')?.value;
  const jwks =
    typeof alg === 'string' && !alg.startsWith('HS') && jwksUri ? await fetchJwks(context, jwksUri) : undefined;
  const nonce = [...context.run.vars].find(([name]) => /^steps\.[^.]+\.nonce$/.test(name))?.[1].value;
  const report = await checkIdToken(token.idToken, {
    issuer,
    clientId: context.client.id,
    jwks,
    clientSecret: context.client.secret,
    nonce: sentField(sent, 'grant_type') === 'authorization_code' ? nonce : undefined,
    accessToken: token.accessToken,
    code: sentField(sent, 'code'),
    now: context.now(),
  });
  token.idTokenReport = report;
  // The response view lists every check, the failed one too, beside the error that names it.
  context.run.idTokenReport = report;
  // Turned down, it is still a credential the server issued: reports mask it as they mask a kept one.
  if (!report.valid) context.run.rejectedToken = token;
  assertIdTokenValid(report);
  return token;
}
