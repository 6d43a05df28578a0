import type { SecretRef } from '../../../shared/refs/secret-ref.ts';
import type { RefContext } from './ref-context.ts';
import { refError } from './ref-errors.ts';
import { runProgram } from './run-program.ts';

/** `ref+op://vault/item/field`: 1Password's own reference, read by `op read`. */
export async function resolveOpRef(ref: SecretRef, context: RefContext): Promise<string> {
  const outcome = await runProgram({
    command: 'op',
    args: ['read', '--no-newline', `op://${ref.path}`],
    env: context.env,
    timeoutMs: context.timeoutMs,
  });
  switch (outcome.kind) {
    case 'ok':
      return outcome.stdout;
    case 'missing':
      throw refError('REF_UNAVAILABLE', ref, {
        what: 'op is not installed (the 1Password command line)',
        hint: 'Install it from https://developer.1password.com/docs/cli/get-started/ and sign in with `op signin`.',
      });
    case 'timeout':
      throw refError('REF_UNAVAILABLE', ref, {
        what: 'op did not answer in time',
        hint: 'Sign in with `op signin` in a terminal (or unlock the 1Password app), then try again.',
      });
    case 'failed': {
      const said = outcome.stderr;
      if (/isn't an item|not found|could not find|no item|isn't a vault|isn't a field/i.test(said))
        throw refError('REF_NOT_FOUND', ref, {
          what: `1Password has no such item or field (${said})`,
          hint: 'Check the vault, item and field names (`op item get ITEM`), or pick the item again.',
        });
      throw refError('REF_UNAVAILABLE', ref, {
        what: `op could not read it (${said || `exit ${outcome.code ?? '?'}`})`,
        hint: 'Sign in with `op signin` (or unlock the 1Password app), then try again.',
      });
    }
  }
}
