import type { SecretRef } from '../../../shared/refs/secret-ref.ts';
import type { RefContext } from './ref-context.ts';
import { refError } from './ref-errors.ts';
import { runProgram } from './run-program.ts';

/**
 * `ref+pass://path`: the first line of `pass show path` (the password, by pass's convention;
 * gopass answers the same command the same way).
 */
export async function resolvePassRef(ref: SecretRef, context: RefContext): Promise<string> {
  const outcome = await runProgram({
    command: 'pass',
    args: ['show', ref.path],
    env: context.env,
    timeoutMs: context.timeoutMs,
  });
  switch (outcome.kind) {
    case 'ok': {
      const first = outcome.stdout.split(/\r?\n/, 1)[0] ?? '';
      if (first === '')
        throw refError('REF_NOT_FOUND', ref, {
          what: 'the entry’s first line (its password) is empty',
          hint: `Put the secret on the first line: pass edit ${ref.path}.`,
        });
      return first;
    }
    case 'missing':
      throw refError('REF_UNAVAILABLE', ref, {
        what: 'pass is not installed',
        hint: 'Install pass (Debian and Ubuntu: apt install pass), or gopass with its pass command.',
      });
    case 'timeout':
      throw refError('REF_UNAVAILABLE', ref, {
        what: 'pass did not answer in time',
        hint: 'GnuPG may be waiting for its passphrase: unlock the key in a terminal (pass show once), then try again.',
      });
    case 'failed': {
      const said = outcome.stderr;
      if (/is not in the password store/i.test(said))
        throw refError('REF_NOT_FOUND', ref, {
          what: 'there is no such entry in the password store',
          hint: 'Check the path with `pass ls`, or pick the entry again.',
        });
      if (/password store is empty|pass init/i.test(said))
        throw refError('REF_UNAVAILABLE', ref, {
          what: 'there is no password store here',
          hint: 'Create it with `pass init GPG-ID`, or set PASSWORD_STORE_DIR to where yours is.',
        });
      throw refError('REF_UNAVAILABLE', ref, {
        what: `pass could not decrypt the entry (${said || `exit ${outcome.code ?? '?'}`})`,
        hint: 'Unlock your GnuPG key (run `pass show` once in a terminal so gpg-agent holds it), then try again.',
      });
    }
  }
}
