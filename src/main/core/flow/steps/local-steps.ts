import { SignJWT } from 'jose';
import { AppError } from '../../../../shared/domain/errors.ts';
import type { SignJwtStep, StaticTokenStep } from '../../../../shared/domain/profile.ts';
import type { TokenSet } from '../../../../shared/domain/token.ts';
import { withJwtExpiry } from '../../oauth/token-response.ts';
import type { FlowContext } from '../flow-context.ts';

/** Signs a JWT with the profile's header and claims, exactly those and nothing added. */
export async function runSignJwtStep(step: SignJwtStep, context: FlowContext): Promise<TokenSet> {
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
export function runStaticTokenStep(step: StaticTokenStep, context: FlowContext): TokenSet {
  context.record(step.id, step.title);
  const accessToken = context.render(step.token).trim();
  return withJwtExpiry({ accessToken, tokenType: 'Bearer', warnings: [] }, context.now());
}
