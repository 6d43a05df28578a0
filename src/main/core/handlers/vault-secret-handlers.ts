import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/domain/errors.ts';
import type { Handlers } from '../ipc/dispatch.ts';
import type { CoreServices } from '../services.ts';
import { vaultInventory } from '../vault/vault-inventory.ts';
import { replaceSecret } from '../vault/vault-secrets.ts';
import type { RemovedSecret } from '../vault/vault.ts';

type VaultSecretHandlers = Pick<
  Handlers,
  'vault:list' | 'vault:replace' | 'vault:delete' | 'vault:prune' | 'vault:undo' | 'vault:copy'
>;

/**
 * How long removed secrets can be brought back: a little longer than the toast with Undo shows
 * (10 s). Until then their sealed values wait in main's memory, never on disk.
 */
export const VAULT_UNDO_WINDOW_MS = 15_000;

/** The Vault view: the list of secrets, and replacing, deleting, restoring and copying them. */
export function vaultSecretHandlers(services: CoreServices): VaultSecretHandlers {
  const { vault, workspace } = services;
  const removed = new Map<string, { secrets: RemovedSecret[]; timer: NodeJS.Timeout }>();
  const inventory = () =>
    vaultInventory({
      vault,
      requests: workspace.requests(),
      environments: workspace.environments(),
      profiles: services.profiles,
    });
  const known = (ref: string): void => {
    if (!vault.has(ref))
      throw new AppError('VAULT_ENTRY_LOCKED', 'The vault holds no such secret.', { hint: 'List the vault again.' });
  };
  const remove = (refs: readonly string[]) => {
    const secrets = vault.remove(refs);
    const undoId = randomUUID();
    const timer = setTimeout(() => removed.delete(undoId), VAULT_UNDO_WINDOW_MS);
    timer.unref();
    removed.set(undoId, { secrets, timer });
    services.emit('vault:changed', {});
    return { undoId, removed: secrets.length };
  };
  return {
    'vault:list': () => {
      // A command-line `vault set` or `rm` may have written since: take it in (a stat when not).
      services.stores.vault.refresh();
      return inventory();
    },
    'vault:replace': async ({ ref, value }) => {
      known(ref);
      const outcome = await replaceSecret({ vault, ledger: services.tokens }, { ref, value });
      await services.tokens.flushed();
      services.emit('vault:changed', {});
      if (outcome.marked > 0) services.emit('ledger:changed', {});
      return outcome;
    },
    'vault:delete': ({ refs }) => {
      refs.forEach(known);
      return remove(refs);
    },
    'vault:prune': () => remove(inventory().flatMap((entry) => (entry.leftover ? [entry.ref] : []))),
    'vault:undo': ({ undoId }) => {
      const undo = removed.get(undoId);
      if (!undo) throw new AppError('INVALID_INPUT', 'It is too late to undo that delete.');
      clearTimeout(undo.timer);
      removed.delete(undoId);
      vault.restore(undo.secrets);
      services.emit('vault:changed', {});
      return { restored: undo.secrets.length };
    },
    'vault:copy': async ({ ref }) => {
      known(ref);
      const value = await vault.get(ref);
      return { copied: true, ...(await services.clipboard.writeSecret(value)) };
    },
  };
}
