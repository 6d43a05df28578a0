import { AppError } from '../../../shared/domain/errors.ts';
import type { CompiledRequest } from '../../../shared/flow/compile.ts';
import type { ConfirmDialog, ConfirmQuestion } from '../services.ts';
import type { Vault } from './vault.ts';

/** A secret of the vault a run sends, and where it may go. */
export interface StoredSecretUse {
  ref: string;
  field: string;
  label: string;
  value: string;
  /**
   * Typed for this run (and kept in the vault): the user sends it where they chose, and that origin
   * is recorded. Otherwise it comes from the vault and must go where it is bound.
   */
  typed: boolean;
  /**
   * The origins the saved request itself points to (its own URL fields, as saved): where a secret
   * that was never sent may go the first time without a question.
   */
  savedFor: readonly string[];
}

/** scheme://host:port of an http(s) URL; undefined for anything else. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

function describe(origins: readonly string[]): string {
  return origins.length > 0 ? origins.join(', ') : 'no address yet';
}

function question(secret: StoredSecretUse, allowed: readonly string[], target: string): ConfirmQuestion {
  return {
    title: 'Send a saved secret to a new address?',
    message: `${secret.label} of this request was saved for ${describe(allowed)}. This run would send it to ${target}.`,
    detail:
      'Send it only if you changed the address yourself. If you did not, something in the Tokensmith window may be trying to take the secret: choose Cancel.',
    confirmLabel: `Send to ${new URL(target).host}`,
  };
}

/**
 * Checks every request of a run before it is sent: a secret from the vault goes only to an origin
 * it is bound to, or to one the user approves in a dialog main shows (the renderer cannot answer
 * it), which is then recorded. This stops a compromised renderer that changes a saved request's
 * token URL from making main send the stored client secret elsewhere.
 */
export function guardStoredSecrets(options: {
  vault: Vault;
  confirm: ConfirmDialog | undefined;
  secrets: readonly StoredSecretUse[];
}): (request: CompiledRequest) => Promise<void> {
  const { vault, confirm } = options;
  return async ({ spec, secrets }) => {
    const target = originOf(spec.url);
    const sent: string[] = [];
    for (const secret of options.secrets) {
      if (!secrets.some((binding) => binding.value === secret.value)) continue;
      const allowed = vault.originsOf(secret.ref);
      const refuse = (): never => {
        throw new AppError(
          'SECRET_ORIGIN_REFUSED',
          `${secret.label} was not sent to ${target ?? 'an address that is not http(s)'}: it is saved for ${describe(allowed.length > 0 ? allowed : secret.savedFor)}.`,
          {
            hint: `Send it there only if you changed the address yourself (confirm in the dialog), or type ${secret.label} again for the new address.`,
            field: secret.field,
          },
        );
      };
      if (target === undefined) return refuse();
      sent.push(secret.ref);
      if (allowed.includes(target)) continue;
      if (secret.typed) {
        vault.allowOrigin(secret.ref, target);
        continue;
      }
      // Never sent yet (saved before origins were kept, or just saved): its own request's address binds it.
      const firstUse = allowed.length === 0 && secret.savedFor.includes(target);
      if (!firstUse && !(await confirm?.confirm(question(secret, allowed, target)))) return refuse();
      vault.allowOrigin(secret.ref, target);
    }
    // Last used, for the Vault view: only once every secret of this request may go.
    vault.markUsed(sent);
  };
}
