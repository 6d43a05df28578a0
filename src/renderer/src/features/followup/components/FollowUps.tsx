import { useShallow } from 'zustand/react/shallow';
import { HTTP_METHODS, type HttpMethod, type Pair } from '../../../../../shared/domain/http.ts';
import type { FollowUpRequest } from '../../../../../shared/domain/workspace.ts';
import { useStore } from '../../../store/index.ts';
import { CloseIcon } from '../../../ui/icons.tsx';
import { ReportView } from '../../response/components/ReportView.tsx';
import { starterFollowUp } from '../starter.ts';

function headersText(headers: readonly Pair[]): string {
  return headers.map(([name, value]) => `${name}: ${value}`).join('\n');
}

function parseHeaders(text: string): Pair[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line): Pair => {
      const colon = line.indexOf(':');
      return colon < 0 ? [line, ''] : [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
    });
}

function FollowUpEditor({
  request,
  onChange,
  onRemove,
}: {
  request: FollowUpRequest;
  onChange: (request: FollowUpRequest) => void;
  onRemove: () => void;
}) {
  const { send, sending, report, selectStep } = useStore(
    useShallow((state) => ({
      send: state.sendFollowUp,
      sending: state.sendingFollowUp === request.id,
      report: state.followUpReports[request.id],
      selectStep: state.selectStep,
    })),
  );
  const id = `followup-${request.id}`;
  return (
    <fieldset className="followup">
      <legend className="visually-hidden">{request.name}</legend>
      <div className="followup-line">
        <label className="visually-hidden" htmlFor={`${id}-method`}>
          Method
        </label>
        <select
          id={`${id}-method`}
          value={request.method}
          onChange={(event) => onChange({ ...request, method: event.target.value as HttpMethod })}
        >
          {HTTP_METHODS.map((method) => (
            <option key={method}>{method}</option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor={`${id}-url`}>
          URL
        </label>
        <input
          id={`${id}-url`}
          className="followup-url"
          value={request.url}
          spellCheck={false}
          onChange={(event) => onChange({ ...request, url: event.target.value })}
        />
        <button type="button" className="primary" disabled={sending} onClick={() => void send(request)}>
          {sending ? 'Sending…' : 'Send'}
        </button>
        <button type="button" className="ghost" onClick={onRemove} aria-label="Remove this request">
          <CloseIcon />
        </button>
      </div>
      <details>
        <summary>Headers and body</summary>
        <label className="stacked">
          Headers (one "Name: value" a line)
          <textarea
            rows={3}
            spellCheck={false}
            value={headersText(request.headers)}
            onChange={(event) => onChange({ ...request, headers: parseHeaders(event.target.value) })}
          />
        </label>
        <label className="stacked">
          Body
          <textarea
            rows={3}
            spellCheck={false}
            value={request.body}
            onChange={(event) => onChange({ ...request, body: event.target.value })}
          />
        </label>
      </details>
      {report ? <ReportView report={report} selectedStepId="followup" onSelectStep={selectStep} /> : null}
    </fieldset>
  );
}

/** API calls made with the token: `{{token}}` and `{{env.NAME}}` work in the URL, headers and body. */
export function FollowUps() {
  const { editor, followUps, setFollowUps, environments } = useStore(
    useShallow((state) => ({
      editor: state.editor,
      followUps: state.editor ? state.followUps[state.editor.key] : undefined,
      setFollowUps: state.setFollowUps,
      environments: state.environments,
    })),
  );
  if (!editor) return null;
  const list = followUps ?? [];
  const environment = environments.find((candidate) => candidate.id === editor.environmentId);
  return (
    <section className="followups" aria-label="API requests with the token">
      <div className="section-head">
        <h2>API requests</h2>
        <button
          type="button"
          onClick={() =>
            setFollowUps(editor.key, [...list, starterFollowUp(editor.profileId, environment?.variables.apiBase ?? '')])
          }
        >
          Add request
        </button>
      </div>
      <p className="help">
        Use <code>{'{{token}}'}</code> for the current token and <code>{'{{env.NAME}}'}</code> for the environment’s
        variables. An expired token is never sent.
      </p>
      {list.map((request) => (
        <FollowUpEditor
          key={request.id}
          request={request}
          onChange={(changed) =>
            setFollowUps(
              editor.key,
              list.map((candidate) => (candidate.id === changed.id ? changed : candidate)),
            )
          }
          onRemove={() =>
            setFollowUps(
              editor.key,
              list.filter((candidate) => candidate.id !== request.id),
            )
          }
        />
      ))}
    </section>
  );
}
