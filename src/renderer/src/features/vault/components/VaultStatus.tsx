import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MIN_PASSPHRASE_LENGTH } from '../../../../../shared/domain/vault-state.ts';
import { useStore } from '../../../store/index.ts';
import { LockIcon } from '../../../ui/icons.tsx';
import { Modal } from '../../../ui/Modal.tsx';
import { vaultErrorLine } from '../slice.ts';
import { CommandLineAccess } from './CommandLineAccess.tsx';
import { PassphraseForm } from './PassphraseForm.tsx';
import { VaultTransferDialog } from './VaultTransferDialog.tsx';

/** The vault at a glance: what protects it, whether it is open; lock, export and import. */
export function VaultStatus() {
  const { vault, lockVault, transfer, setTransfer, error, choosePassphrase, clearVaultError } = useStore(
    useShallow((state) => ({
      vault: state.vault,
      lockVault: state.lockVault,
      transfer: state.vaultTransfer,
      setTransfer: state.setVaultTransfer,
      error: state.vaultError,
      choosePassphrase: state.choosePassphrase,
      clearVaultError: state.clearVaultError,
    })),
  );
  const [changing, setChanging] = useState(false);
  if (!vault) return null;
  const closeChange = (): void => {
    clearVaultError();
    setChanging(false);
  };
  const label =
    vault.protection === null
      ? 'Vault not set up'
      : vault.locked
        ? 'Vault locked'
        : `Vault: ${vault.protection === 'keychain' ? 'keychain' : 'passphrase'}`;
  return (
    <div className="vault-status" data-testid="vault-status">
      <span
        className={`vault-pill vault-${vault.locked ? 'locked' : 'open'}`}
        title={`Protected by ${vault.description}`}
      >
        <LockIcon open={!vault.locked} /> {label}
      </span>
      {vault.protection !== null ? <span className="vault-detail">{vault.description}</span> : null}
      {vault.protection === 'passphrase' && !vault.locked ? (
        <button type="button" className="ghost" onClick={() => void lockVault()}>
          Lock now
        </button>
      ) : null}
      {vault.protection === 'passphrase' && !vault.locked ? (
        <button type="button" className="ghost" onClick={() => setChanging(true)}>
          Change passphrase…
        </button>
      ) : null}
      <Modal title="Change the vault passphrase" open={changing} onClose={closeChange}>
        <PassphraseForm
          label={`New passphrase (at least ${MIN_PASSPHRASE_LENGTH} characters)`}
          confirm
          askCurrent
          submit="Change passphrase"
          error={vaultErrorLine(error)}
          onSubmit={async (passphrase, current) => {
            const ok = await choosePassphrase(passphrase, current);
            if (ok) closeChange();
            return ok;
          }}
        />
      </Modal>
      <CommandLineAccess />
      <button type="button" className="ghost" onClick={() => setTransfer('export')} disabled={vault.locked}>
        Export vault…
      </button>
      <button type="button" className="ghost" onClick={() => setTransfer('import')} disabled={vault.locked}>
        Import vault…
      </button>
      <VaultTransferDialog mode={transfer} onClose={() => setTransfer(undefined)} />
    </div>
  );
}
