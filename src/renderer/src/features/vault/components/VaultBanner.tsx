import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MIN_PASSPHRASE_LENGTH } from '../../../../../shared/domain/vault-state.ts';
import { useStore } from '../../../store/index.ts';
import { Modal } from '../../../ui/Modal.tsx';
import { vaultErrorLine } from '../slice.ts';
import { PassphraseForm } from './PassphraseForm.tsx';

/**
 * What the user must know about the vault now (no keychain, a changed keychain, locked entries),
 * with the way out: protect the secrets with a passphrase.
 */
export function VaultBanner() {
  const { vault, error, choosePassphrase, clearVaultError } = useStore(
    useShallow((state) => ({
      vault: state.vault,
      error: state.vaultError,
      choosePassphrase: state.choosePassphrase,
      clearVaultError: state.clearVaultError,
    })),
  );
  const [choosing, setChoosing] = useState(false);
  if (!vault?.message) return null;
  const offerPassphrase = vault.protection !== 'passphrase';
  const close = (): void => {
    clearVaultError();
    setChoosing(false);
  };
  return (
    <div className="banner banner-warning" role="status" data-testid="vault-banner">
      <span>{vault.message}</span>
      {offerPassphrase ? (
        <button type="button" onClick={() => setChoosing(true)}>
          Choose a passphrase…
        </button>
      ) : null}
      <Modal title="Protect your secrets with a passphrase" open={choosing} onClose={close}>
        <p className="summary">
          Tokensmith derives a key from it with Argon2id and encrypts every secret and token with AES-256-GCM. It is
          never stored.
        </p>
        <PassphraseForm
          label={`New passphrase (at least ${MIN_PASSPHRASE_LENGTH} characters)`}
          confirm
          submit="Use this passphrase"
          error={vaultErrorLine(error)}
          onSubmit={async (passphrase) => {
            const ok = await choosePassphrase(passphrase);
            if (ok) close();
            return ok;
          }}
        />
      </Modal>
    </div>
  );
}
