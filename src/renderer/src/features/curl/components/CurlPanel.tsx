import { useShallow } from 'zustand/react/shallow';
import type { SecretMode } from '../../../../../shared/curl/export.ts';
import { useStore } from '../../../store/index.ts';

const MODES: { mode: SecretMode; label: string; help: string }[] = [
  { mode: 'env', label: 'Variables', help: 'Secrets are read from environment variables you export first.' },
  { mode: 'mask', label: 'Masked', help: 'Secrets are masked: safe to paste in a ticket, but it will not run.' },
  {
    mode: 'reveal',
    label: 'Revealed',
    help: 'Copy puts the secrets in clear text on your clipboard. The command stays masked here.',
  },
];

export function CurlPanel() {
  const { curl, curlMode, setCurlMode, copyCurl } = useStore(
    useShallow((state) => ({
      curl: state.curl,
      curlMode: state.curlMode,
      setCurlMode: state.setCurlMode,
      copyCurl: state.copyCurl,
    })),
  );
  const current = MODES.find(({ mode }) => mode === curlMode) ?? MODES[0]!;
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
              onClick={() => void setCurlMode(mode)}
            >
              {label}
            </button>
          ))}
        </div>
        <button type="button" className="primary" onClick={() => void copyCurl()} disabled={!curl}>
          Copy as cURL
        </button>
      </div>
      <p className="help">{current.help}</p>
      {curl && curlMode === 'env' && curl.variables.length > 0 ? (
        <pre className="code env-lines" aria-label="Variables to set first">
          {curl.variables.map(({ variable, origin }) => `export ${variable}='…'   # ${origin}`).join('\n')}
        </pre>
      ) : null}
      <pre className="code" data-testid="curl-command">
        {curl?.command ?? 'Run the flow to get its cURL command.'}
      </pre>
    </div>
  );
}
