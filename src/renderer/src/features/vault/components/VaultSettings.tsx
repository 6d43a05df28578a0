import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MIN_PASSPHRASE_LENGTH } from '../../../../../shared/domain/vault-state.ts';
import { useStore } from '../../../store/index.ts';
import { Modal } from '../../../ui/Modal.tsx';
import { vaultErrorLine } from '../slice.ts';
import { PassphraseForm } from './PassphraseForm.tsx';

/** What protects the vault, and the vault's settings: passphrase, auto-lock, export and import. */
export function VaultSettings() {
  const { vault, error, choosePassphrase, clearVaultError, lockVault, setTransfer } = useStore(
    useShallow((state) => ({
      vault: state.vault,
      error: state.vaultError,
      choosePassphrase: state.choosePassphrase,
      clearVaultError: state.clearVaultError,
      lockVault: state.lockVault,
      setTransfer: state.setVaultTransfer,
    })),
  );
  const [passphraseDialog, setPassphraseDialog] = useState(false);
  if (!vault) return null;
  const changing = vault.protection === 'passphrase';
  const close = (): void => {
    clearVaultError();
    setPassphraseDialog(false);
  };
  return (
    <section className="vault-settings" aria-labelledby="vault-settings-title">
      <h2 id="vault-settings-title">Vault settings</h2>
      <dl className="vault-facts">
        <div>
          <dt>Protection</dt>
          <dd data-testid="vault-protection">
            {vault.protection === null
              ? 'Not set up yet'
              : `${vault.protection === 'keychain' ? 'Keychain' : 'Passphrase'}: ${vault.description}`}
          </dd>
        </div>
        <div>
          <dt>Auto-lock</dt>
          <dd>
            {vault.protection !== 'passphrase'
              ? 'The keychain opens with your login; there is nothing to lock.'
              : vault.autoLockMinutes > 0
                ? `Locks after ${vault.autoLockMinutes} idle minutes, and when the computer locks or sleeps.`
                : 'Locks when the computer locks or sleeps.'}
          </dd>
        </div>
      </dl>
      {/* The key slots (and command-line access) belong here, under the protection they add to. */}
      <div className="vault-setting-actions">
        <button type="button" onClick={() => setPassphraseDialog(true)} disabled={changing && vault.locked}>
          {changing ? 'Change passphrase…' : 'Use a passphrase…'}
        </button>
        {changing && !vault.locked ? (
          <button type="button" onClick={() => void lockVault()}>
            Lock the vault
          </button>
        ) : null}
        <button type="button" onClick={() => setTransfer('export')} disabled={vault.locked}>
          Export vault…
        </button>
        <button type="button" onClick={() => setTransfer('import')} disabled={vault.locked}>
          Import vault…
        </button>
      </div>
      <Modal
        title={changing ? 'Change the vault passphrase' : 'Protect your secrets with a passphrase'}
        open={passphraseDialog}
        onClose={close}
      >
        <PassphraseForm
          label={`New passphrase (at least ${MIN_PASSPHRASE_LENGTH} characters)`}
          confirm
          askCurrent={changing}
          submit={changing ? 'Change passphrase' : 'Use this passphrase'}
          error={vaultErrorLine(error)}
          onSubmit={async (passphrase, current) => {
            const ok = await choosePassphrase(passphrase, current);
            if (ok) close();
            return ok;
          }}
        />
      </Modal>
    </section>
  );
}
