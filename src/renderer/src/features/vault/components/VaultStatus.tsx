import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../../store/index.ts';
import { LockIcon } from '../../../ui/icons.tsx';
import { VaultTransferDialog } from './VaultTransferDialog.tsx';

/** The vault at a glance: what protects it, whether it is open; lock, export and import. */
export function VaultStatus() {
  const { vault, lockVault, transfer, setTransfer } = useStore(
    useShallow((state) => ({
      vault: state.vault,
      lockVault: state.lockVault,
      transfer: state.vaultTransfer,
      setTransfer: state.setVaultTransfer,
    })),
  );
  if (!vault) return null;
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
