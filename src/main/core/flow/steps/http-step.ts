import { AppError } from '../../../../shared/domain/errors.ts';
import { headerValue } from '../../../../shared/domain/http.ts';
import type { HttpStep } from '../../../../shared/domain/profile.ts';
import type { TokenSet } from '../../../../shared/domain/token.ts';
import { processTokenResponse } from '../../oauth/token-response.ts';
import { withCheckedIdToken } from '../id-token-check.ts';
import { urlFieldOf, type FlowContext } from '../flow-context.ts';
import { STEP_OUTPUTS, stepOutputName } from '../../../../shared/flow/step-outputs.ts';
import { plannedRequest, unresolved, type PlannedStep, type StepKind } from './step-kind.ts';

/** Query members of a redirect that are credentials: they become cURL variables, never literals. */
const SECRET_REDIRECT_PARAMS = new Set(['code', 'access_token', 'id_token', 'token']);

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'The server';
  }
}

/**
 * An HTTP step: a token request, a login that answers with a redirect carrying the code (its query
 * members become `steps.<id>.<name>`), or a page that only has to load.
 */
async function runHttpStep(step: HttpStep, context: FlowContext): Promise<TokenSet | undefined> {
  const record = context.record(step.id, step.title);
  const urlField = urlFieldOf(step.request);
  const endpoint =
    step.expect === 'token' ? 'The token endpoint' : `${hostOf(context.render(step.request.url))} (${step.title})`;
  const response = await context.send(record, step.request, {
    urlField,
    endpoint,
    expect: step.expect === 'token' ? 'json' : step.expect,
  });
  // What was sent last (after a DPoP nonce retry, the second request).
  const compiled = { spec: record.spec! };
  if (step.expect === 'token')
    return withCheckedIdToken(processTokenResponse(response, context.now()), context, compiled.spec);
  if (step.expect === 'redirect') {
    const location = headerValue(response.headers, 'location');
    if (!location) {
      throw new AppError('EXPECTED_REDIRECT', `${endpoint} answered ${response.status} without a Location.`, {
        hint: 'The server did not say where to go next; check the fields of this step.',
      });
    }
    const target = new URL(location, compiled.spec.url);
    const error = target.searchParams.get('error');
    if (error) {
      throw new AppError(
        'AUTHORIZATION_DENIED',
        `The redirect carries error "${error}"${target.searchParams.get('error_description') ? `: ${target.searchParams.get('error_description') ?? ''}` : ''}.`,
        {
          hint: 'Check the fields of this step.',
        },
      );
    }
    for (const [name, value] of target.searchParams) {
      context.setVar(
        stepOutputName(step, name),
        value,
        SECRET_REDIRECT_PARAMS.has(name)
          ? { name, origin: `"${name}" from the redirect of step "${step.title}"` }
          : undefined,
      );
    }
    if (!target.searchParams.has('code')) {
      throw new AppError('EXPECTED_REDIRECT', `${endpoint} redirected without a code.`, {
        hint: 'Check the fields of this step.',
      });
    }
  }
  return undefined;
}

/** A redirect's code is not known before the run: the preview names it as a variable. */
async function planHttpStep(step: HttpStep, context: FlowContext): Promise<PlannedStep[]> {
  const planned = await plannedRequest(context, step, step.request);
  if (step.expect === 'redirect') {
    unresolved(context, stepOutputName(step, 'code'), {
      variable: 'code',
      origin: `the code in the redirect of step "${step.title}"`,
      marker: 'TOKENSMITH_PENDING_CODE',
    });
  }
  return [planned];
}

export const httpStep: StepKind<HttpStep> = { outputs: STEP_OUTPUTS.http, run: runHttpStep, plan: planHttpStep };
