import type { FlowStep } from '../domain/profile.ts';

/**
 * What each step kind puts in `steps.<id>.*`, named once: the step that runs sets them, the
 * preview stands in for them, and the profiles' self-check accepts exactly them. `undefined` when
 * the server decides the names (a discovery document's members, a redirect's query).
 */
export const STEP_OUTPUTS = {
  authorize: ['code', 'redirect_uri', 'code_verifier', 'nonce'],
  device: ['device_code', 'user_code'],
  discover: undefined,
  http: undefined,
  'sign-jwt': [],
  'static-token': [],
} as const satisfies Record<FlowStep['kind'], readonly string[] | undefined>;

/** An output a step of this kind may produce: one of its list, or any name the server chooses. */
export type StepOutput<K extends FlowStep['kind']> = (typeof STEP_OUTPUTS)[K] extends readonly (infer O extends
  string)[]
  ? O
  : string;

/** The var name of a step's output, as templates spell it: `steps.<id>.<output>`. */
export function stepOutputName<K extends FlowStep['kind']>(
  step: { id: string; kind: K },
  output: StepOutput<K> & string,
): string {
  return `steps.${step.id}.${output}`;
}
