import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../../store/index.ts';
import { Modal } from '../../../ui/Modal.tsx';

/**
 * "Let the command line open the vault": the vault's key in the OS keyring (a key slot of its
 * own), so `tokensmith` commands need no passphrase. Off until the user turns it on here, as any
 * program the user runs can read that keyring entry.
 */
export function CommandLineAccess() {
  const { vault, allowCli } = useStore(useShallow((state) => ({ vault: state.vault, allowCli: state.allowCli })));
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const noteId = useId();
  if (!vault || vault.locked || vault.protection === null) return null;
  const close = (): void => {
    setError(undefined);
    setOpen(false);
  };
  return (
    <>
      <button type="button" className="ghost" onClick={() => setOpen(true)}>
        Command line access…
      </button>
      <Modal title="The command line and the vault" open={open} onClose={close}>
        <label className="inline">
          <input
            type="checkbox"
            checked={vault.cliAllowed ?? false}
            disabled={busy}
            aria-describedby={noteId}
            onChange={(event) => {
              setBusy(true);
              void allowCli(event.target.checked).then((failure) => {
                setError(failure);
                setBusy(false);
              });
            }}
          />{' '}
          Let the command line open the vault
        </label>
        <p id={noteId} className="help">
          When this is on, the vault&apos;s key is kept in the operating system&apos;s keyring (GNOME Keyring, KWallet,
          the macOS Keychain, the Windows Credential Manager), so <code>tokensmith</code> commands open the vault
          without your passphrase. Any program you run can read it there. Turn it off to take the key out of the
          keyring; no secret is encrypted again either way.
        </p>
        {error ? (
          <p role="alert" className="field-error">
            {error}
          </p>
        ) : null}
        <button type="button" onClick={close}>
          Done
        </button>
      </Modal>
    </>
  );
}
