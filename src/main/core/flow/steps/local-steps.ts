import { SignJWT } from 'jose';
import { AppError } from '../../../../shared/domain/errors.ts';
import type { SignJwtStep, StaticTokenStep } from '../../../../shared/domain/profile.ts';
import type { TokenSet } from '../../../../shared/domain/token.ts';
import { withJwtExpiry } from '../../oauth/token-response.ts';
import { STEP_OUTPUTS } from '../../../../shared/flow/step-outputs.ts';
import type { FlowContext } from '../flow-context.ts';
import type { StepKind } from './step-kind.ts';

/** Signs a JWT with the profile's header and claims, exactly those and nothing added. */
async function runSignJwtStep(step: SignJwtStep, context: FlowContext): Promise<TokenSet> {
  context.record(step.id, step.title);
  const key = context.render(step.key);
  if (key === '') throw new AppError('MISSING_FIELD', 'The signing secret is empty.');
  const header = Object.fromEntries(step.header.map(([name, value]) => [name, context.render(value)]));
  const claims = Object.fromEntries(step.claims.map(([name, value]) => [name, context.render(value)]));
  const accessToken = await new SignJWT(claims)
    .setProtectedHeader({ ...header, alg: step.alg })
    .sign(new TextEncoder().encode(key));
  return withJwtExpiry({ accessToken, tokenType: 'Bearer', warnings: [] }, context.now());
}

/** Takes a token the user pasted; a JWT's `exp` gives its expiry. */
function runStaticTokenStep(step: StaticTokenStep, context: FlowContext): TokenSet {
  context.record(step.id, step.title);
  const accessToken = context.render(step.token).trim();
  return withJwtExpiry({ accessToken, tokenType: 'Bearer', warnings: [] }, context.now());
}

export const signJwtStep: StepKind<SignJwtStep> = {
  outputs: STEP_OUTPUTS['sign-jwt'],
  run: runSignJwtStep,
  plan: (step) => [
    { kind: 'local', id: step.id, title: step.title, note: 'Signed locally by Tokensmith; no request is sent.' },
  ],
};

export const staticTokenStep: StepKind<StaticTokenStep> = {
  outputs: STEP_OUTPUTS['static-token'],
  run: runStaticTokenStep,
  plan: (step, context) => {
    // The pasted token is known before anything runs: the check call carries it as a secret of
    // its own (a variable, or its value in a revealed export), not as a token yet to come.
    context.setVar('current.accessToken', context.render(step.token).trim(), {
      name: 'accessToken',
      origin: `the token you pasted (step "${step.title}")`,
    });
    return [{ kind: 'local', id: step.id, title: step.title, note: 'The token you pasted is used as it is.' }];
  },
};
