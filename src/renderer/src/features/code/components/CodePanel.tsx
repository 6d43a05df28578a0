import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SecretMode } from '../../../../../shared/snippets/index.ts';
import { SNIPPET_LANGS } from '../../../../../shared/snippets/snippet.ts';
import { useStore } from '../../../store/index.ts';
import { Segmented } from '../../../ui/Segmented.tsx';
import { LANGUAGES, variableLines } from '../languages.ts';
import { snippetKey } from '../slice.ts';
import '../code.css';

const MODES: { value: SecretMode; label: string; help: string }[] = [
  { value: 'env', label: 'Variables', help: 'Secrets are read from environment variables you set first.' },
  { value: 'mask', label: 'Masked', help: 'Secrets are masked: safe to paste in a ticket, but it will not run.' },
  {
    value: 'reveal',
    label: 'Revealed',
    help: 'Copy puts the secrets in clear text on your clipboard, after you confirm. The code stays masked here.',
  },
];

const LANGUAGE_OPTIONS = SNIPPET_LANGS.map((lang) => ({ value: lang, label: LANGUAGES[lang].label }));

/** The export of one exchange as code: cURL or another language, three ways to write its secrets, a copy button. */
export function CodePanel({ runId, stepId }: { runId: string; stepId: string }) {
  const { lang, curlMode, setSnippetLang, setCurlMode, loadCurl, copyCurl } = useStore(
    useShallow((state) => ({
      lang: state.snippetLang,
      curlMode: state.curlMode,
      setSnippetLang: state.setSnippetLang,
      setCurlMode: state.setCurlMode,
      loadCurl: state.loadCurl,
      copyCurl: state.copyCurl,
    })),
  );
  const view = useStore((state) => state.curlViews[snippetKey(runId, stepId, lang, curlMode)]);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    void loadCurl(runId, stepId);
  }, [runId, stepId, loadCurl]);
  const current = MODES.find(({ value }) => value === curlMode) ?? MODES[0]!;
  const language = LANGUAGES[lang];
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
        {/* The visible words are in each group's accessible name; they are not read twice. */}
        <div className="curl-option curl-language">
          <span className="picker-label" aria-hidden="true">
            Language
          </span>
          <Segmented
            label="Language"
            options={LANGUAGE_OPTIONS}
            value={lang}
            onChange={(value) => {
              setConfirming(false);
              void setSnippetLang(value, runId, stepId);
            }}
          />
        </div>
        <div className="curl-option">
          <span className="picker-label" aria-hidden="true">
            Secrets
          </span>
          <Segmented
            label="Secrets in the code"
            options={MODES}
            value={curlMode}
            onChange={(value) => {
              setConfirming(false);
              void setCurlMode(value, runId, stepId);
            }}
          />
        </div>
      </div>
      {confirming ? (
        <p className="banner banner-error" role="alert">
          The copied code will contain your secrets in clear text. Press the button again to copy it anyway.
        </p>
      ) : (
        <p className="help">{current.help}</p>
      )}
      {view && view.variables.length > 0 ? (
        <pre className="code env-lines" aria-label="Variables to set first">
          {variableLines(lang, view.variables)}
        </pre>
      ) : null}
      <div className="code-block">
        <div className="code-block-head">
          <span className="code-block-title">{language.title}</span>
          <button type="button" className="primary" onClick={copy} disabled={!view}>
            {confirming ? 'Copy with secrets in clear text' : `Copy as ${language.label}`}
          </button>
        </div>
        <pre className="code" data-testid="curl-command" aria-label={`${language.label} code`}>
          {view?.code ?? 'Loading the code…'}
        </pre>
      </div>
    </div>
  );
}
