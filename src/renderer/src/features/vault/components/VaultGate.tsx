import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../../store/index.ts';
import { vaultErrorLine } from '../slice.ts';
import { PassphraseForm } from './PassphraseForm.tsx';

/** The unlock screen of a passphrase vault: nothing of the workbench shows until it opens. */
export function VaultGate() {
  const { vault, error, unlockVault } = useStore(
    useShallow((state) => ({ vault: state.vault, error: state.vaultError, unlockVault: state.unlockVault })),
  );
  if (!vault) return null;
  return (
    <section className="gate" aria-label="Unlock the vault">
      <h1>Unlock your vault</h1>
      <p className="summary">
        Your secrets and tokens are encrypted with your passphrase.
        {vault.autoLockMinutes > 0 ? ` Tokensmith locks them again after ${vault.autoLockMinutes} idle minutes.` : ''}
      </p>
      <PassphraseForm
        label="Passphrase"
        confirm={false}
        submit="Unlock"
        error={vaultErrorLine(error)}
        onSubmit={unlockVault}
      />
    </section>
  );
}
