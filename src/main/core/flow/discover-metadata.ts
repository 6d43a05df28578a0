import { activeSteps, type DiscoverStep, type FieldValues, type Profile } from '../../../shared/domain/profile.ts';
import type { DiscoveredMetadata } from '../../../shared/flow/client-auth-default.ts';
import { FlowContext, newRun, type FlowDeps } from './flow-context.ts';
import { discoverStep } from './steps/discover-step.ts';

/**
 * Reads the discovery document a profile's flow would read, without running the flow: the form
 * picks its defaults from it (the client authentication the server accepts) before the first run.
 * Undefined when the profile discovers nothing with these values (no issuer yet).
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 */
export async function discoverMetadata(options: {
  profile: Profile;
  values: FieldValues;
  deps: FlowDeps;
}): Promise<DiscoveredMetadata | undefined> {
  const { profile, values } = options;
  const step = activeSteps(profile, values).find(
    (candidate): candidate is DiscoverStep => candidate.kind === 'discover',
  );
  if (!step) return undefined;
  const context = new FlowContext(
    newRun({ runId: 'discover', profile, values }),
    // Nothing of this look-up is a run: no progress to report, no browser to open.
    { ...options.deps, onProgress: undefined, openBrowser: false },
  );
  await discoverStep.run(step, context);
  const found = (member: string): string | undefined => context.run.vars.get(`steps.${step.id}.${member}`)?.value;
  const userinfo = found('userinfo_endpoint');
  return {
    issuer: found('issuer') ?? '',
    tokenEndpointAuthMethods: found('token_endpoint_auth_methods_supported')?.split(' ') ?? [],
    ...(userinfo ? { userinfoEndpoint: userinfo } : {}),
  };
}
