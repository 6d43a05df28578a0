import { AppError } from '../../../shared/domain/errors.ts';
import type { FlowContext } from './flow-context.ts';

const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/**
 * Readies a token exchange: the subject token from a ledger entry when one is named (the ledger
 * refuses an expired or revoked one), and the actor token's type only with an actor token.
 * Outputs `steps.token-exchange.subject_token` and `steps.token-exchange.actor_token_type`.
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-2.1
 */
export function prepareTokenExchange(context: FlowContext): void {
  const { values } = context.run;
  if (values.grantType !== 'token_exchange') return;
  const entry = values.subjectLedgerEntry?.trim() ?? '';
  if (entry !== '' && !values.subjectToken) {
    if (!context.deps.ledgerToken) {
      throw new AppError('NOT_SUPPORTED', 'The command line has no token ledger to take the subject token from.', {
        hint: 'Paste the token into Token to exchange (subjectToken) instead.',
        field: 'subjectLedgerEntry',
      });
    }
    context.setVar('steps.token-exchange.subject_token', context.deps.ledgerToken(entry), {
      name: 'subjectToken',
      origin: 'the access token of the ledger entry being exchanged',
    });
  } else if (!values.subjectToken) {
    throw new AppError('MISSING_FIELD', 'Token to exchange is required.', {
      hint: 'Paste the token to exchange, or pick one of the ledger.',
      field: 'subjectToken',
    });
  }
  if (values.actorToken)
    context.setVar('steps.token-exchange.actor_token_type', values.actorTokenType || ACCESS_TOKEN_TYPE);
}
