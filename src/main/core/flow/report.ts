import type { AppError, AppErrorData } from '../../../shared/domain/errors.ts';
import type { FlowReport } from '../../../shared/domain/flow-report.ts';
import { maskSecret, redactText } from '../../../shared/domain/secrets.ts';
import type { TokenSet, TokenView } from '../../../shared/domain/token.ts';
import { decodeJwt, looksLikeJwt } from '../../../shared/jwt/decode.ts';
import { redactResponse, redactSpec } from '../redact.ts';
import { findJwts } from '../jwt/find-jwts.ts';
import type { FlowRun, StepRun } from './flow-context.ts';

type Secrets = readonly { value: string }[];

/** Every secret a run touched: field values, step outputs, assertions and the tokens it got. */
export function runSecrets(run: FlowRun): { value: string }[] {
  const values = [
    ...run.steps.flatMap((step) => step.secrets.map((secret) => secret.value)),
    ...[...run.vars.values()].filter((variable) => variable.secret).map((variable) => variable.value),
    ...(run.token ? [run.token.accessToken, run.token.refreshToken, run.token.idToken] : []),
  ];
  return [...new Set(values)]
    .filter((value): value is string => typeof value === 'string' && value !== '')
    .map((value) => ({ value }));
}

/** The decoded JWT of a token, when it is one, for viewers (claims are not the credential). */
export function decodeIfJwt(token: string, now: Date = new Date()) {
  if (!looksLikeJwt(token)) return undefined;
  try {
    return decodeJwt(token, now);
  } catch {
    return undefined;
  }
}

export function tokenView(token: TokenSet, now: Date = new Date()): TokenView {
  const view: TokenView = {
    accessTokenMasked: maskSecret(token.accessToken),
    tokenType: token.tokenType,
    warnings: token.warnings,
  };
  if (token.expiresIn !== undefined) view.expiresIn = token.expiresIn;
  if (token.expiresAt !== undefined) view.expiresAt = token.expiresAt;
  if (token.refreshToken) view.refreshTokenMasked = maskSecret(token.refreshToken);
  if (token.scope !== undefined) view.scope = token.scope;
  const jwt = decodeIfJwt(token.accessToken, now);
  if (jwt) view.jwt = jwt;
  return view;
}

export function redactError(error: AppError, secrets: Secrets): AppErrorData {
  const data = error.toData();
  data.message = redactText(data.message, secrets);
  if (data.hint !== undefined) data.hint = redactText(data.hint, secrets);
  return data;
}

function jwtsOf(step: StepRun): { jwts?: FlowReport['steps'][number]['jwts'] } {
  if (!step.response) return {};
  const jwts = findJwts(step.response).flatMap(({ location, token }) => {
    const jwt = decodeIfJwt(token);
    return jwt ? [{ location, jwt }] : [];
  });
  return jwts.length > 0 ? { jwts } : {};
}

/** The run as the renderer may hold it: every secret and token masked, codes kept. */
export function toFlowReport(run: FlowRun, ledgerId?: string): FlowReport {
  const secrets = runSecrets(run);
  const report: FlowReport = {
    runId: run.runId,
    profileId: run.profile.id,
    startedAt: run.startedAt,
    warnings: run.warnings,
    steps: run.steps.map((step) => ({
      id: step.id,
      title: step.title,
      ...(step.spec ? { request: redactSpec(step.spec, secrets) } : {}),
      ...(step.response ? { response: redactResponse(step.response, secrets) } : {}),
      ...(step.browserUrl ? { browserUrl: step.browserUrl } : {}),
      ...jwtsOf(step),
      ...(step.error ? { error: redactError(step.error, secrets) } : {}),
    })),
  };
  if (run.token) report.token = tokenView(run.token);
  if (ledgerId) report.ledgerId = ledgerId;
  if (run.error) report.error = redactError(run.error, secrets);
  return report;
}
