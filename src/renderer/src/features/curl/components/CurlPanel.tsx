import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SecretMode } from '../../../../../shared/curl/export.ts';
import { useStore } from '../../../store/index.ts';
import { curlKey } from '../slice.ts';

const MODES: { mode: SecretMode; label: string; help: string }[] = [
  { mode: 'env', label: 'Variables', help: 'Secrets are read from environment variables you export first.' },
  { mode: 'mask', label: 'Masked', help: 'Secrets are masked: safe to paste in a ticket, but it will not run.' },
  {
    mode: 'reveal',
    label: 'Revealed',
    help: 'Copy puts the secrets in clear text on your clipboard, after you confirm. The command stays masked here.',
  },
];

/** The cURL export of one exchange: three ways to write its secrets, and a copy button. */
export function CurlPanel({ runId, stepId }: { runId: string; stepId: string }) {
  const { view, curlMode, setCurlMode, loadCurl, copyCurl } = useStore(
    useShallow((state) => ({
      view: state.curlViews[curlKey(runId, stepId)],
      curlMode: state.curlMode,
      setCurlMode: state.setCurlMode,
      loadCurl: state.loadCurl,
      copyCurl: state.copyCurl,
    })),
  );
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    void loadCurl(runId, stepId);
  }, [runId, stepId, loadCurl]);
  const current = MODES.find(({ mode }) => mode === curlMode) ?? MODES[0]!;
  const copy = (): void => {
    if (curlMode === 'reveal' && !confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    void copyCurl(runId, stepId);
  };
  return (
    <div className="curl">
      <div className="curl-toolbar">
        <div className="segmented" role="radiogroup" aria-label="Secrets in the command">
          {MODES.map(({ mode, label }) => (
            <button
              key={mode}
              type="button"
              role="radio"
              aria-checked={curlMode === mode}
              onClick={() => {
                setConfirming(false);
                void setCurlMode(mode, runId, stepId);
              }}
            >
              {label}
            </button>
          ))}
        </div>
        <button type="button" className="primary" onClick={copy} disabled={!view}>
          {confirming ? 'Copy with secrets in clear text' : 'Copy as cURL'}
        </button>
      </div>
      {confirming ? (
        <p className="banner banner-error" role="alert">
          The copied command will contain your secrets in clear text. Press the button again to copy it anyway.
        </p>
      ) : (
        <p className="help">{current.help}</p>
      )}
      {view && curlMode === 'env' && view.variables.length > 0 ? (
        <pre className="code env-lines" aria-label="Variables to set first">
          {view.variables.map(({ variable, origin }) => `export ${variable}='…'   # ${origin}`).join('\n')}
        </pre>
      ) : null}
      <pre className="code" data-testid="curl-command">
        {view?.command ?? 'Loading the command…'}
      </pre>
    </div>
  );
}
