import type { AppError, AppErrorData } from '../../../shared/domain/errors.ts';
import type { FlowReport } from '../../../shared/domain/flow-report.ts';
import { MASK, maskToken, type RedactedSecret } from '../../../shared/domain/secrets.ts';
import type { TokenSet, TokenView } from '../../../shared/domain/token.ts';
import { decodeJwt, looksLikeJwt, type DecodedJwt } from '../../../shared/jwt/decode.ts';
import { redactorOf, redactResponse, redactSpec, type Secrets } from '../redact.ts';
import { findJwts } from '../jwt/find-jwts.ts';
import type { FlowRun, StepRun } from './flow-context.ts';

/**
 * The credential of each HTTP Basic header a step sent. It is built from the client ID and secret,
 * so none of their forms matches it, and a server that echoes the header back echoes this.
 */
function basicCredentials(step: StepRun): string[] {
  return (step.spec?.headers ?? []).flatMap(([name, value]) => {
    const basic = /^(?:proxy-)?authorization$/i.test(name) ? /^Basic\s+(\S+)$/i.exec(value) : null;
    return basic ? [basic[1]!] : [];
  });
}

/** Every secret a run touched: field values, step outputs, assertions, Basic headers and the tokens it got. */
export function runSecrets(run: FlowRun): RedactedSecret[] {
  const values = [
    ...run.steps.flatMap((step) => step.secrets.map((secret) => secret.value)),
    ...[...run.vars.values()].filter((variable) => variable.secret).map((variable) => variable.value),
  ];
  // Tokens keep a tail that tells them apart; passwords, secrets and keys show none of their characters.
  const tokens = [run.token, run.rejectedToken].flatMap((token) =>
    token ? [token.accessToken, token.refreshToken, token.idToken] : [],
  );
  const basics = new Set(run.steps.flatMap(basicCredentials));
  const filled = (value: string | undefined): value is string => typeof value === 'string' && value !== '';
  return [
    ...[...new Set(tokens)].filter(filled).map((value) => ({ value, mask: maskToken(value) })),
    ...[...new Set(values)].filter(filled).map((value) => ({ value })),
    ...[...basics].map((value) => ({ value, mask: MASK })),
  ];
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

type Decode = (token: string) => DecodedJwt | undefined;

export function tokenView(
  token: TokenSet,
  now: Date = new Date(),
  decode: Decode = (jwt) => decodeIfJwt(jwt, now),
): TokenView {
  const view: TokenView = {
    accessTokenMasked: maskToken(token.accessToken),
    tokenType: token.tokenType,
    warnings: token.warnings,
  };
  if (token.expiresIn !== undefined) view.expiresIn = token.expiresIn;
  if (token.expiresAt !== undefined) view.expiresAt = token.expiresAt;
  if (token.refreshToken) view.refreshTokenMasked = maskToken(token.refreshToken);
  if (token.scope !== undefined) view.scope = token.scope;
  if (token.idTokenReport) view.idToken = token.idTokenReport;
  if (token.dpopJkt || token.certificateThumbprint) {
    view.binding = {
      ...(token.dpopJkt ? { jkt: token.dpopJkt } : {}),
      ...(token.certificateThumbprint ? { x5tS256: token.certificateThumbprint } : {}),
    };
  }
  const jwt = decode(token.accessToken);
  if (jwt) view.jwt = jwt;
  return view;
}

export function redactError(error: AppError, secrets: Secrets): AppErrorData {
  const redact = redactorOf(secrets);
  const data = error.toData();
  data.message = redact(data.message);
  if (data.hint !== undefined) data.hint = redact(data.hint);
  return data;
}

function jwtsOf(step: StepRun, decode: Decode): { jwts?: FlowReport['steps'][number]['jwts'] } {
  if (!step.response) return {};
  const jwts = findJwts(step.response).flatMap(({ location, token }) => {
    const jwt = decode(token);
    return jwt ? [{ location, jwt }] : [];
  });
  return jwts.length > 0 ? { jwts } : {};
}

/** The run as the renderer may hold it: every secret and token masked, codes kept. */
export function toFlowReport(run: FlowRun, ledgerId?: string): FlowReport {
  // One redactor for every text of the report, and each JWT decoded once: the access token is both
  // the report's token and a JWT found in the token response.
  const secrets = redactorOf(runSecrets(run));
  const now = new Date();
  const decoded = new Map<string, DecodedJwt | undefined>();
  const decode: Decode = (token) => {
    if (!decoded.has(token)) decoded.set(token, decodeIfJwt(token, now));
    return decoded.get(token);
  };
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
      ...jwtsOf(step, decode),
      ...(step.error ? { error: redactError(step.error, secrets) } : {}),
    })),
  };
  if (run.token) report.token = tokenView(run.token, now, decode);
  const idToken = run.idTokenReport ?? run.token?.idTokenReport;
  if (idToken) report.idToken = idToken;
  if (ledgerId) report.ledgerId = ledgerId;
  if (run.error) report.error = redactError(run.error, secrets);
  return report;
}
