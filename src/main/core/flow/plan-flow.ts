import { activeSteps, type FieldValues, type Profile } from '../../../shared/domain/profile.ts';
import { validateFields } from '../../../shared/flow/compile.ts';
import { generateDpopKey, isDpopAlg } from '../oauth/dpop.ts';
import { FlowContext, newRun, type FlowDeps } from './flow-context.ts';
import { plannedRequest, unresolved, type PlannedStep } from './steps/step-kind.ts';
import { stepKindOf } from './steps/step-kinds.ts';

export type { PlannedStep } from './steps/step-kind.ts';

/**
 * Works out the requests a flow would send, in order, without sending any: what `tokensmith curl`
 * prints. A value an earlier step would produce (a code, a device code, a discovered endpoint) is
 * a variable, with a comment that says which step it comes from.
 */
export async function planFlow(options: {
  profile: Profile;
  values: FieldValues;
  deps: FlowDeps;
}): Promise<PlannedStep[]> {
  const { profile, values } = options;
  validateFields(profile, values);
  const run = newRun({ runId: 'plan', profile, values });
  // A preview shows the proof a run would send (with a key made for the preview alone).
  if (isDpopAlg(values.dpop)) run.dpopKey = await generateDpopKey(values.dpop);
  const context = new FlowContext(run, options.deps);
  unresolved(context, 'current.accessToken', {
    variable: 'accessToken',
    origin: 'the access token the flow gets',
    marker: 'TOKENSMITH_PENDING_ACCESS_TOKEN',
  });
  const planned: PlannedStep[] = [];
  for (const step of activeSteps(profile, values)) planned.push(...(await stepKindOf(step).plan(step, context)));
  if (profile.check)
    planned.push(await plannedRequest(context, { id: 'check', title: profile.check.title }, profile.check.request));
  return planned;
}
