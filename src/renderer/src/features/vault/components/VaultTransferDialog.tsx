import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../../store/index.ts';
import { Modal } from '../../../ui/Modal.tsx';
import { vaultErrorLine } from '../slice.ts';
import { PassphraseForm } from './PassphraseForm.tsx';

/** Export (encrypted, or without secrets for sharing) and import of the whole vault. */
export function VaultTransferDialog({ mode, onClose }: { mode: 'export' | 'import' | undefined; onClose: () => void }) {
  const { exportVault, importVault, error, clearVaultError } = useStore(
    useShallow((state) => ({
      exportVault: state.exportVault,
      importVault: state.importVault,
      error: state.vaultError,
      clearVaultError: state.clearVaultError,
    })),
  );
  const [withSecrets, setWithSecrets] = useState(true);
  const close = (): void => {
    clearVaultError();
    onClose();
  };
  const done = (ok: boolean): boolean => {
    if (ok) close();
    return ok;
  };
  return (
    <Modal title={mode === 'import' ? 'Import a vault' : 'Export the vault'} open={mode !== undefined} onClose={close}>
      {mode === 'export' ? (
        <>
          <fieldset className="choice">
            <legend>What to export</legend>
            <label>
              <input type="radio" name="export-kind" checked={withSecrets} onChange={() => setWithSecrets(true)} />
              Everything, encrypted with a passphrase: saved requests, environments, secrets and tokens
            </label>
            <label>
              <input type="radio" name="export-kind" checked={!withSecrets} onChange={() => setWithSecrets(false)} />
              Saved requests and environments only, without any secret (to share)
            </label>
          </fieldset>
          {withSecrets ? (
            <PassphraseForm
              label="Passphrase for the file"
              confirm
              submit="Export…"
              error={vaultErrorLine(error)}
              onSubmit={async (passphrase) => done(await exportVault({ withSecrets, passphrase }))}
            />
          ) : (
            <div className="form-actions">
              <button type="button" className="primary" onClick={() => void exportVault({ withSecrets }).then(done)}>
                Export…
              </button>
              {error ? <p className="field-error">{vaultErrorLine(error)}</p> : null}
            </div>
          )}
        </>
      ) : (
        <PassphraseForm
          label="Passphrase of the file"
          confirm={false}
          submit="Choose the file…"
          error={vaultErrorLine(error)}
          onSubmit={async (passphrase) => done(await importVault(passphrase))}
        />
      )}
      <button type="button" className="ghost modal-close" onClick={close}>
        Close
      </button>
    </Modal>
  );
}
