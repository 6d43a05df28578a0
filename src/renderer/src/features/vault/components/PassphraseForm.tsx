import { useId, useState, type SyntheticEvent } from 'react';

/** A passphrase, typed twice when it is being chosen; the value lives only in this form. */
export function PassphraseForm({
  label,
  confirm,
  submit,
  error,
  onSubmit,
}: {
  label: string;
  confirm: boolean;
  submit: string;
  error: string | undefined;
  onSubmit: (passphrase: string) => Promise<boolean>;
}) {
  const id = useId();
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const mismatch = confirm && again !== '' && again !== passphrase;
  const handle = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    if (mismatch || busy) return;
    setBusy(true);
    const ok = await onSubmit(passphrase);
    setBusy(false);
    // Never keep a passphrase around longer than the call needs it.
    if (ok) {
      setPassphrase('');
      setAgain('');
    }
  };
  return (
    <form className="passphrase-form" onSubmit={(event) => void handle(event)}>
      <label htmlFor={`${id}-passphrase`}>{label}</label>
      <input
        id={`${id}-passphrase`}
        type="password"
        autoComplete="off"
        value={passphrase}
        onChange={(event) => setPassphrase(event.target.value)}
        autoFocus
      />
      {confirm ? (
        <>
          <label htmlFor={`${id}-again`}>Type it again</label>
          <input
            id={`${id}-again`}
            type="password"
            autoComplete="off"
            value={again}
            aria-invalid={mismatch || undefined}
            onChange={(event) => setAgain(event.target.value)}
          />
        </>
      ) : null}
      {mismatch ? <p className="field-error">The two passphrases differ.</p> : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || passphrase === '' || (confirm && again !== passphrase)}
        >
          {busy ? 'Working…' : submit}
        </button>
      </div>
    </form>
  );
}
