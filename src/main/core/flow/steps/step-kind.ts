import type { HttpRequestSpec } from '../../../../shared/domain/http.ts';
import type { FlowStep } from '../../../../shared/domain/profile.ts';
import { secretVariableName, type SecretBinding } from '../../../../shared/domain/secrets.ts';
import type { TokenSet } from '../../../../shared/domain/token.ts';
import type { FlowContext } from '../flow-context.ts';

/** A step of a flow as it would run, worked out without running it. */
export type PlannedStep =
  | { kind: 'request'; id: string; title: string; spec: HttpRequestSpec; secrets: SecretBinding[] }
  | { kind: 'browser'; id: string; title: string; url: string }
  | { kind: 'local'; id: string; title: string; note: string };

/**
 * What a step kind does, in one place: `run` performs it (a token when it ends the flow), `plan`
 * says what it would send without sending, `outputs` names what it puts in `steps.<id>.*`.
 */
export interface StepKind<S extends FlowStep> {
  /** The names from `STEP_OUTPUTS`; `undefined` when the server decides them. */
  readonly outputs: readonly string[] | undefined;
  run(step: S, context: FlowContext): Promise<TokenSet | undefined> | TokenSet;
  plan(step: S, context: FlowContext): Promise<PlannedStep[]> | PlannedStep[];
}

/** Values that only a run produces stand in as variables; each knows where it will come from. */
export function unresolved(
  context: FlowContext,
  name: string,
  secret: { variable: string; origin: string; marker: string },
): void {
  context.run.vars.set(name, {
    value: secret.marker,
    secret: { variable: secretVariableName(context.profile.id, secret.variable), origin: secret.origin },
    unresolved: true,
  });
}

/** The one request a step would send, compiled as a run would compile it. */
export async function plannedRequest(
  context: FlowContext,
  step: { id: string; title: string },
  template: Parameters<FlowContext['compile']>[0],
): Promise<PlannedStep> {
  const { spec, secrets } = await context.compile(template);
  return { kind: 'request', id: step.id, title: step.title, spec, secrets };
}
