import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../../store/index.ts';
import { LockIcon } from '../../../ui/icons.tsx';

/** The vault at a glance in the header: whether it is open, the way to the Vault view, and Lock now. */
export function VaultStatus() {
  const { vault, lockVault, setView } = useStore(
    useShallow((state) => ({ vault: state.vault, lockVault: state.lockVault, setView: state.setView })),
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
      <button
        type="button"
        className={`vault-pill vault-${vault.locked ? 'locked' : 'open'}`}
        title={`Protected by ${vault.description}. Open the Vault view.`}
        // The locked screen has no Vault view behind it: the pill only says so there.
        disabled={vault.protection === 'passphrase' && vault.locked}
        onClick={() => setView('vault')}
      >
        <LockIcon open={!vault.locked} /> {label}
      </button>
      {vault.protection === 'passphrase' && !vault.locked ? (
        <button type="button" className="ghost" onClick={() => void lockVault()}>
          Lock now
        </button>
      ) : null}
    </div>
  );
}
