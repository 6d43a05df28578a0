import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatErrorLine } from '../../../../../shared/domain/errors.ts';
import { bodyText } from '../../../../../shared/domain/http.ts';
import { useStore } from '../../../store/index.ts';
import { showMasks } from '../../response/format.ts';

const DEBOUNCE_MS = 300;

/** "What will be sent": each step of the flow as it would go out now, with every secret masked. */
export function StepPreview() {
  const { editor, values, preview, loadPreview } = useStore(
    useShallow((state) => ({
      editor: state.editor,
      values: state.editor ? state.values[state.editor.key] : undefined,
      preview: state.editor ? state.previews[state.editor.key] : undefined,
      loadPreview: state.loadPreview,
    })),
  );
  useEffect(() => {
    const timer = window.setTimeout(() => void loadPreview(), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [editor, values, loadPreview]);
  if (!editor) return null;
  return (
    <details className="step-preview">
      <summary>What will be sent</summary>
      {preview?.error ? <p className="note">{formatErrorLine(preview.error)}</p> : null}
      <ol>
        {preview?.steps.map((step) => {
          const body = step.request ? bodyText(step.request.body) : undefined;
          return (
            <li key={step.id}>
              <p className="preview-title">{step.title}</p>
              {step.request ? (
                <pre className="code">
                  {showMasks(
                    [
                      `${step.request.method} ${step.request.url}`,
                      ...step.request.headers.map(([name, value]) => `${name}: ${value}`),
                      ...(body !== undefined ? ['', body] : []),
                    ].join('\n'),
                  )}
                </pre>
              ) : step.url ? (
                <pre className="code">{`Open in the browser:\n${step.url}`}</pre>
              ) : (
                <p className="note">{step.note}</p>
              )}
            </li>
          );
        })}
      </ol>
    </details>
  );
}
