import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/domain/errors.ts';
import { activeSteps, activeWarnings, type FieldValues, type Profile } from '../../../shared/domain/profile.ts';
import type { TokenSet } from '../../../shared/domain/token.ts';
import { validateFields } from '../../../shared/flow/compile.ts';
import {
  FlowContext,
  newRun,
  toAppError,
  urlFieldOf,
  type FlowDeps,
  type FlowRun,
  type StepRun,
} from './flow-context.ts';
import { providerDiagnosis } from './diagnose.ts';
import { dpopThumbprint, generateDpopKey, isDpopAlg } from '../oauth/dpop.ts';
import { certificateThumbprint, clientCertificateOf } from '../oauth/client-certificate.ts';
import { decodeIfJwt } from './report.ts';
import { prepareTokenExchange } from './token-exchange.ts';
import { refVarName } from '../../../shared/flow/template.ts';
import { envOnlyRefResolver, hasSecretRefs } from '../refs/resolve-values.ts';
import { stepKindOf } from './steps/step-kinds.ts';

export type { FlowRun, StepRun } from './flow-context.ts';

/**
 * Says how the token is bound: a run with a DPoP key expects `token_type` DPoP, and a server that
 * answers Bearer issued a token anyone holding it can use, which the user must know.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5
 */
export async function withBinding(token: TokenSet, run: Pick<FlowRun, 'dpopKey' | 'values'>): Promise<TokenSet> {
  token = withCertificateBinding(token, run.values);
  if (!run.dpopKey) return token;
  if (token.tokenType.toLowerCase() === 'dpop')
    return { ...token, tokenType: 'DPoP', dpopJkt: await dpopThumbprint(run.dpopKey) };
  return {
    ...token,
    warnings: [
      ...token.warnings,
      `Tokensmith sent a DPoP proof, but the server issued a ${token.tokenType} token: it is not bound to the key.`,
    ],
  };
}

/**
 * Notes the certificate a token got over mutual TLS is bound to; a JWT access token whose
 * `cnf.x5t#S256` names another certificate earns a warning.
 * @see https://www.rfc-editor.org/rfc/rfc8705#section-3
 */
function withCertificateBinding(token: TokenSet, values: FieldValues): TokenSet {
  const certificate = clientCertificateOf(values);
  const thumbprint = certificate ? certificateThumbprint(certificate) : undefined;
  if (!thumbprint) return token;
  const cnf = decodeIfJwt(token.accessToken)?.payload.cnf as Record<string, unknown> | undefined;
  const bound = cnf?.['x5t#S256'];
  const warnings =
    bound === undefined || bound === thumbprint
      ? token.warnings
      : [...token.warnings, 'The token’s cnf.x5t#S256 names another certificate than the one Tokensmith presented.'];
  return { ...token, certificateThumbprint: thumbprint, warnings };
}

/** Makes the token available to later templates (check, revoke, refresh) as `current.*`. */
export function setCurrentToken(context: FlowContext, token: TokenSet): void {
  context.setVar('current.accessToken', token.accessToken, { name: 'accessToken', origin: 'the access token' });
  if (token.refreshToken)
    context.setVar('current.refreshToken', token.refreshToken, { name: 'refreshToken', origin: 'the refresh token' });
}

/**
 * The check's failure when the answer proves the token bad (the provider's own "token rejected"
 * diagnosis, or a 401), else undefined: a 403, a 404 or a network failure proves nothing.
 */
function tokenRejection(check: StepRun, failure: AppError, endpoint: string): AppError | undefined {
  if (failure.code === 'TOKEN_REJECTED') return failure;
  if (check.response?.status !== 401) return undefined;
  return new AppError('TOKEN_REJECTED', `${endpoint} answered 401: it does not accept the new token.`, {
    hint: 'The token may be for another server or scope; check the fields and run the flow again.',
    cause: failure,
  });
}

/**
 * The profile's who-am-I call with the new token. It confirms a token and never withholds one the
 * provider issued: the call is Tokensmith's own, and an API may answer it 403 or 404 for a token
 * that works elsewhere (an app-scoped token listing apps). Only an answer that proves the token bad
 * fails the grant; any other failure becomes a warning beside the token.
 */
async function runCheck(profile: Profile, context: FlowContext): Promise<void> {
  if (!profile.check) return;
  const record = context.record('check', profile.check.title);
  context.progress('check', 'sending');
  const endpoint = `${profile.name} (${profile.check.title})`;
  try {
    await context.send(record, profile.check.request, {
      urlField: urlFieldOf(profile.check.request),
      endpoint,
    });
  } catch (error) {
    const failure = toAppError(error);
    const rejection = tokenRejection(record, failure, endpoint);
    record.error = rejection ?? failure;
    context.progress('check', 'failed');
    if (rejection) throw rejection;
    const path = record.spec ? new URL(record.spec.url).pathname : profile.check.title;
    // The provider's own explanation, when it has one, says what to fix ("586 Service Not Found").
    const known = record.response && providerDiagnosis(record.response, profile, 'check');
    context.run.warnings.push(
      record.response
        ? `could not confirm the token: ${path} answered ${record.response.status}.${known ? ` ${known.message}` : ''}`
        : `could not confirm the token: ${path} failed: ${failure.message}`,
    );
    return;
  }
  context.progress('check', 'done');
}

/**
 * Reads the run's references once, before anything is sent: the values go into the run (memory
 * only), the references into its vars, so exports fetch them again rather than write the values.
 */
export async function resolveRunRefs(run: FlowRun, resolveRefs: FlowDeps['resolveRefs']): Promise<FieldValues> {
  if (!hasSecretRefs(run.profile, run.values)) return run.values;
  const resolved = await (resolveRefs ?? envOnlyRefResolver)(run.profile, run.values);
  run.values = resolved.values;
  run.refs = resolved.refs;
  for (const [field, ref] of Object.entries(resolved.refs)) run.vars.set(refVarName(field), { value: ref });
  return run.values;
}

export interface RunFlowOptions extends FlowDeps {
  profile: Profile;
  values: FieldValues;
  runId?: string;
}

/**
 * Runs a profile's flow, step by step, then its check call. It never throws for what a server,
 * the network or the user does: the outcome is in the returned run, with every exchange made.
 */
export async function runFlow(options: RunFlowOptions): Promise<FlowRun> {
  const { profile } = options;
  let { values } = options;
  const run: FlowRun = {
    ...newRun({ runId: options.runId ?? randomUUID(), profile, values, startedAt: options.now?.() }),
    warnings: activeWarnings(profile, values),
  };
  const context = new FlowContext(run, options);
  try {
    values = await resolveRunRefs(run, options.resolveRefs);
    validateFields(profile, values);
    if (isDpopAlg(values.dpop)) run.dpopKey = await generateDpopKey(values.dpop);
    prepareTokenExchange(context);
    for (const step of activeSteps(profile, values)) {
      context.progress(step.id, 'sending');
      try {
        const token = await stepKindOf(step).run(step, context);
        if (token) {
          run.token = await withBinding(token, run);
          setCurrentToken(context, token);
        }
      } catch (error) {
        const failure = toAppError(error);
        const last = run.steps.at(-1);
        if (last) last.error = failure;
        context.progress(step.id, 'failed');
        throw failure;
      }
      context.progress(step.id, 'done');
    }
    if (!run.token) throw new AppError('NO_TOKEN', `The ${profile.name} flow ended without a token.`);
    await runCheck(profile, context);
  } catch (error) {
    run.error = toAppError(error);
    const last = run.steps.at(-1);
    if (last && !last.error && last.id === 'check') last.error = run.error;
  }
  return run;
}
