import { readFile, writeFile } from 'node:fs/promises';
import { AppError } from '../../../shared/domain/errors.ts';
import type { Handlers } from '../ipc/dispatch.ts';
import type { CoreServices } from '../services.ts';
import { applyVaultImport, exportRequests, exportVault, readVaultExport } from '../vault/vault-transfer.ts';

type VaultHandlers = Pick<
  Handlers,
  | 'vault:state'
  | 'vault:use-passphrase'
  | 'vault:unlock'
  | 'vault:lock'
  | 'vault:auto-lock'
  | 'vault:allow-cli'
  | 'vault:export'
  | 'vault:import'
>;

function dialogs(services: CoreServices) {
  if (!services.dialogs) throw new AppError('NOT_SUPPORTED', 'This window cannot choose files.');
  return services.dialogs;
}

export function vaultHandlers(services: CoreServices): VaultHandlers {
  const { vault } = services;
  const changed = async () => {
    // Tokens sealed by the vault come back once it opens.
    if (vault.unlocked) await services.tokens.load();
    services.emit('vault:changed', {});
    services.emit('ledger:changed', {});
    return vault.state();
  };
  return {
    'vault:state': () => ({ vault: vault.state(), notices: services.notices }),
    'vault:use-passphrase': async ({ passphrase, current }) => {
      await vault.usePassphrase(passphrase, current);
      await services.tokens.reseal();
      return changed();
    },
    'vault:unlock': async ({ passphrase }) => {
      await vault.unlock(passphrase);
      return changed();
    },
    'vault:lock': () => {
      vault.lock();
      return changed();
    },
    'vault:auto-lock': ({ minutes }) => {
      const { settings } = services.stores;
      settings.save({ ...settings.data, autoLockMinutes: minutes });
      vault.setAutoLock(minutes * 60_000);
      return vault.state();
    },
    'vault:allow-cli': async ({ allowed }) => {
      if (allowed) await vault.allowCli(services.keyring);
      else await vault.denyCli(services.keyring);
      return changed();
    },
    'vault:export': async ({ withSecrets, passphrase, requestIds }) => {
      const date = new Date().toISOString().slice(0, 10);
      const { file, tokensLeftOut } = withSecrets
        ? await exportVault(
            { vaultFile: services.stores.vault, files: services.workspace.files, vault, ledger: services.tokens },
            { passphrase: passphrase ?? '', ...(requestIds ? { requestIds } : {}) },
          )
        : { file: exportRequests({ files: services.workspace.files }, requestIds), tokensLeftOut: 0 };
      const path = await dialogs(services).chooseSavePath(
        withSecrets ? `tokensmith-vault-${date}.tsvault` : `tokensmith-requests-${date}.json`,
      );
      if (!path) return { path: null, tokensLeftOut: 0 };
      await writeFile(path, file, { mode: 0o600 });
      return { path, tokensLeftOut };
    },
    'vault:import': async ({ passphrase }) => {
      const path = await dialogs(services).chooseOpenPath();
      if (!path) return { path: null, requests: 0, environments: 0, secrets: 0, tokens: 0 };
      const payload = await readVaultExport(await readFile(path), passphrase);
      const summary = await applyVaultImport(
        { vaultFile: services.stores.vault, files: services.workspace.files, vault, ledger: services.tokens },
        payload,
      );
      await services.tokens.flushed();
      services.emit('ledger:changed', {});
      return { path, ...summary };
    },
  };
}
