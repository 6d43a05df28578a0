import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MIN_PASSPHRASE_LENGTH } from '../../../../../shared/domain/vault-state.ts';
import { useStore } from '../../../store/index.ts';
import { Modal } from '../../../ui/Modal.tsx';
import { vaultErrorLine } from '../slice.ts';
import { CommandLineAccess } from './CommandLineAccess.tsx';
import { PassphraseForm } from './PassphraseForm.tsx';

/** The idle times offered; 0 leaves locking to the computer's own lock and sleep. */
const AUTO_LOCK_MINUTES: readonly number[] = [0, 5, 15, 30, 60, 240];

/** What protects the vault, and the vault's settings: passphrase, auto-lock, export and import. */
export function VaultSettings() {
  const { vault, error, choosePassphrase, clearVaultError, lockVault, setTransfer, setAutoLock } = useStore(
    useShallow((state) => ({
      vault: state.vault,
      error: state.vaultError,
      choosePassphrase: state.choosePassphrase,
      clearVaultError: state.clearVaultError,
      lockVault: state.lockVault,
      setTransfer: state.setVaultTransfer,
      setAutoLock: state.setAutoLock,
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
          <dt>
            {vault.protection === 'passphrase' ? <label htmlFor="vault-auto-lock">Auto-lock</label> : 'Auto-lock'}
          </dt>
          <dd className="vault-auto-lock">
            {vault.protection === 'passphrase' ? (
              <select
                id="vault-auto-lock"
                value={AUTO_LOCK_MINUTES.includes(vault.autoLockMinutes) ? vault.autoLockMinutes : 'other'}
                disabled={vault.locked}
                onChange={(event) => void setAutoLock(Number(event.target.value))}
              >
                {AUTO_LOCK_MINUTES.map((minutes) => (
                  <option key={minutes} value={minutes}>
                    {minutes === 0 ? 'Only when the computer locks' : `After ${minutes} idle minutes`}
                  </option>
                ))}
                {AUTO_LOCK_MINUTES.includes(vault.autoLockMinutes) ? null : (
                  <option value="other" disabled>
                    After {vault.autoLockMinutes} idle minutes
                  </option>
                )}
              </select>
            ) : null}
            <span className="note">
              {vault.protection === 'passphrase'
                ? 'It also locks when the computer locks or sleeps.'
                : // A keychain vault opens with the user's login: there is no key of Tokensmith's to forget.
                  'The keychain opens with your login; there is nothing to lock.'}
            </span>
          </dd>
        </div>
      </dl>
      {/* The key slots: command-line access, under the protection it adds to. */}
      <CommandLineAccess />
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
