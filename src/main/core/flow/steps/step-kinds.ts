import type { FlowStep } from '../../../../shared/domain/profile.ts';
import { authorizeStep } from './authorize-step.ts';
import { deviceStep } from './device-step.ts';
import { discoverStep } from './discover-step.ts';
import { httpStep } from './http-step.ts';
import { signJwtStep, staticTokenStep } from './local-steps.ts';
import type { StepKind } from './step-kind.ts';

/** Every step kind the engine knows: a new kind is one file and one line here. */
const STEP_KINDS: { [K in FlowStep['kind']]: StepKind<Extract<FlowStep, { kind: K }>> } = {
  http: httpStep,
  authorize: authorizeStep,
  device: deviceStep,
  discover: discoverStep,
  'sign-jwt': signJwtStep,
  'static-token': staticTokenStep,
};

/** The behaviour of a step's kind. */
export function stepKindOf<S extends FlowStep>(step: S): StepKind<S> {
  // The mapped type pairs each kind with its own step type; TypeScript cannot follow `S` through it.
  return STEP_KINDS[step.kind] as StepKind<S>;
}
