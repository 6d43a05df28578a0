import { AppError } from '../../../shared/domain/errors.ts';

/** Fails with a message that names the exact member, in the manner of oauth4webapi's assertions. */
export function invalidMember(where: string, member: string, problem: string): AppError {
  return new AppError('INVALID_TOKEN_RESPONSE', `${where} "${member}" ${problem}.`, {
    hint: 'The server does not follow the token response format; report it to the provider or check the URL.',
  });
}
