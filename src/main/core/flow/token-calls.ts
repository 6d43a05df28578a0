import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/domain/errors.ts';
import { activeSteps, type FieldValues, type Profile, type RequestTemplate } from '../../../shared/domain/profile.ts';
import type { Introspection } from '../../../shared/domain/token.ts';
import { validateFields } from '../../../shared/flow/compile.ts';
import { processIntrospectionResponse } from '../oauth/introspection.ts';
import { FlowContext, newRun, toAppError, urlFieldOf, type FlowDeps, type FlowRun } from './flow-context.ts';
import { resolveRunRefs } from './run-flow.ts';
import { discoverStep } from './steps/discover-step.ts';

/** `access_token` or `refresh_token`, RFC 7009 §2.1 and RFC 7662 §2.1. */
export type TokenTypeHint = 'access_token' | 'refresh_token';

/**
 * A run for a call about a token the flow did not get (pasted, or from a saved request): the
 * profile's discovery, when its issuer is filled in, gives the endpoints.
 */
export async function tokenCallContext(options: {
  profile: Profile;
  values: FieldValues;
  deps: FlowDeps;
}): Promise<FlowContext> {
  const run = newRun({ runId: randomUUID(), profile: options.profile, values: options.values });
  const context = new FlowContext(run, options.deps);
  // The client's secret may be a reference: read as a run reads it, before anything is sent.
  await resolveRunRefs(run, options.deps.resolveRefs);
  for (const step of activeSteps(options.profile, options.values))
    if (step.kind === 'discover') await discoverStep.run(step, context);
  return context;
}

async function callWithToken(
  context: FlowContext,
  options: {
    template: RequestTemplate;
    token: string;
    hint?: TokenTypeHint | undefined;
    id: string;
    title: string;
    endpoint: string;
  },
) {
  context.setVar('current.token', options.token, { name: 'token', origin: 'the token' });
  context.setVar('current.tokenTypeHint', options.hint ?? '');
  const step = context.record(options.id, options.title);
  return context.send(step, options.template, { urlField: urlFieldOf(options.template), endpoint: options.endpoint });
}

/**
 * Asks the authorization server whether a token is active, with the profile's client
 * authentication. The exchange is in the returned run, for viewing and export.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2
 */
export async function introspectToken(
  context: FlowContext,
  options: { token: string; hint?: TokenTypeHint | undefined },
): Promise<{ run: FlowRun; introspection?: Introspection }> {
  const template = context.profile.introspect;
  try {
    if (!template) throw new AppError('NOT_SUPPORTED', `${context.profile.name} has no introspection endpoint.`);
    validateFields(context.profile, context.run.values);
    const response = await callWithToken(context, {
      template,
      ...options,
      id: 'introspect',
      title: 'Introspect the token',
      endpoint: 'The introspection endpoint',
    });
    return { run: context.run, introspection: processIntrospectionResponse(response) };
  } catch (error) {
    context.run.error = toAppError(error);
    const last = context.run.steps.at(-1);
    if (last) last.error = context.run.error;
    return { run: context.run };
  }
}

/**
 * Revokes a token with the profile's revocation request.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
 */
export async function revokeToken(
  context: FlowContext,
  options: { token: string; hint?: TokenTypeHint | undefined },
): Promise<FlowRun> {
  const template = context.profile.revoke;
  try {
    if (!template) throw new AppError('NOT_SUPPORTED', `${context.profile.name} has no revocation endpoint.`);
    validateFields(context.profile, context.run.values);
    await callWithToken(context, {
      template,
      ...options,
      id: 'revoke',
      title: 'Revoke the token',
      endpoint: 'The revocation endpoint',
    });
  } catch (error) {
    context.run.error = toAppError(error);
    const last = context.run.steps.at(-1);
    if (last) last.error = context.run.error;
  }
  return context.run;
}
