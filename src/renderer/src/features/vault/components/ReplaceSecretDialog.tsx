import { useId, useState, type SyntheticEvent } from 'react';
import { formatErrorLine, type AppErrorData } from '../../../../../shared/domain/errors.ts';
import type { VaultEntry } from '../../../../../shared/domain/vault-inventory.ts';
import { useStore } from '../../../store/index.ts';
import { Modal } from '../../../ui/Modal.tsx';

/** Rotates one secret: the new value is typed here, goes to main, and is forgotten by this form. */
export function ReplaceSecretDialog({ entry, onClose }: { entry: VaultEntry | undefined; onClose: () => void }) {
  const replaceVaultSecret = useStore((state) => state.replaceVaultSecret);
  const id = useId();
  const [value, setValue] = useState('');
  const [error, setError] = useState<AppErrorData | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const close = (): void => {
    setValue('');
    setError(undefined);
    onClose();
  };
  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    if (!entry || busy || value === '') return;
    setBusy(true);
    const failed = await replaceVaultSecret(entry.ref, value);
    setBusy(false);
    if (failed) setError(failed);
    else close();
  };
  return (
    <Modal
      title={entry ? `Replace the ${entry.fieldLabel} of ${entry.owner.name}` : 'Replace a secret'}
      open={entry !== undefined}
      onClose={close}
    >
      <p className="summary">
        The next grant sends the new value. Tokens got with the old one stay until they expire, marked as obtained with
        a replaced secret.
      </p>
      <form className="passphrase-form" onSubmit={(event) => void submit(event)}>
        <label htmlFor={`${id}-value`}>New value</label>
        <input
          id={`${id}-value`}
          type="password"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {error ? (
          <p id={`${id}-error`} className="field-error" role="alert">
            {formatErrorLine(error)}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={value === '' || busy}>
            Replace
          </button>
          <button type="button" className="ghost" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
