import type { AppErrorData } from '../../../shared/domain/errors.ts';
import type { FlowReport } from '../../../shared/domain/flow-report.ts';
import { maskSecret, redactText } from '../../../shared/domain/secrets.ts';
import type { TokenSet, TokenView } from '../../../shared/domain/token.ts';
import { decodeJwt, looksLikeJwt } from '../../../shared/jwt/decode.ts';
import { redactResponse, redactSpec } from '../redact.ts';
import type { AppError } from '../../../shared/domain/errors.ts';
import type { FlowRun } from './run-flow.ts';

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
  if (looksLikeJwt(token.accessToken)) {
    try {
      view.jwt = decodeJwt(token.accessToken, now);
    } catch {
      // Shaped like a JWT but not one: the token is shown as an opaque string.
    }
  }
  return view;
}

export function redactError(error: AppError, secrets: readonly { value: string }[]): AppErrorData {
  const data = error.toData();
  data.message = redactText(data.message, secrets);
  if (data.hint !== undefined) data.hint = redactText(data.hint, secrets);
  return data;
}

/** The run as the renderer may hold it: every secret and token masked, codes kept. */
export function toFlowReport(run: FlowRun): FlowReport {
  const { secrets } = run;
  const report: FlowReport = {
    runId: run.runId,
    profileId: run.profile.id,
    startedAt: run.startedAt,
    steps: run.steps.map((step) => ({
      id: step.id,
      title: step.title,
      request: redactSpec(step.spec, secrets),
      ...(step.response ? { response: redactResponse(step.response, secrets) } : {}),
      ...(step.error ? { error: redactError(step.error, secrets) } : {}),
    })),
  };
  if (run.token) report.token = tokenView(run.token);
  if (run.error) report.error = redactError(run.error, secrets);
  return report;
}
