import { useId, useState, type SyntheticEvent } from 'react';

/**
 * A passphrase, typed twice when it is being chosen, after the current one when it is being
 * changed; the values live only in this form.
 */
export function PassphraseForm({
  label,
  confirm,
  askCurrent = false,
  submit,
  error,
  onSubmit,
}: {
  label: string;
  confirm: boolean;
  askCurrent?: boolean;
  submit: string;
  error: string | undefined;
  onSubmit: (passphrase: string, current?: string) => Promise<boolean>;
}) {
  const id = useId();
  const [current, setCurrent] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const mismatch = confirm && again !== '' && again !== passphrase;
  const handle = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    if (mismatch || busy) return;
    setBusy(true);
    const ok = await (askCurrent ? onSubmit(passphrase, current) : onSubmit(passphrase));
    setBusy(false);
    // Never keep a passphrase around longer than the call needs it.
    if (ok) {
      setCurrent('');
      setPassphrase('');
      setAgain('');
    }
  };
  return (
    <form className="passphrase-form" onSubmit={(event) => void handle(event)}>
      {askCurrent ? (
        <>
          <label htmlFor={`${id}-current`}>Current passphrase</label>
          <input
            id={`${id}-current`}
            type="password"
            autoComplete="off"
            value={current}
            onChange={(event) => setCurrent(event.target.value)}
            autoFocus
          />
        </>
      ) : null}
      <label htmlFor={`${id}-passphrase`}>{label}</label>
      <input
        id={`${id}-passphrase`}
        type="password"
        autoComplete="off"
        value={passphrase}
        onChange={(event) => setPassphrase(event.target.value)}
        autoFocus={!askCurrent}
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
          disabled={busy || passphrase === '' || (askCurrent && current === '') || (confirm && again !== passphrase)}
        >
          {busy ? 'Working…' : submit}
        </button>
      </div>
    </form>
  );
}
