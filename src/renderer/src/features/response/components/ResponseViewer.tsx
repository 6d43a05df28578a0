import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatErrorLine } from '../../../../../shared/domain/errors.ts';
import { bodyText } from '../../../../../shared/domain/http.ts';
import { findProfile } from '../../../../../shared/providers/index.ts';
import { useStore } from '../../../store/index.ts';
import { CurlPanel } from '../../curl/components/CurlPanel.tsx';
import { formatBytes, formatMs, prettyBody, statusText } from '../format.ts';
import { JsonView } from './JsonView.tsx';
import { JwtView } from './JwtView.tsx';
import { PairsTable } from './PairsTable.tsx';
import { TokenCard } from './TokenCard.tsx';

type Tab = 'body' | 'headers' | 'request' | 'jwt' | 'curl';

export function ResponseViewer() {
  const { report, running, progress, profileId, copyToken } = useStore(
    useShallow((state) => ({
      report: state.report,
      running: state.running,
      progress: state.progress,
      profileId: state.profileId,
      copyToken: state.copyToken,
    })),
  );
  const [tab, setTab] = useState<Tab>('body');

  if (running) {
    const steps = findProfile(profileId)?.steps ?? [];
    return (
      <div className="empty" aria-busy="true">
        <p className="empty-title">Getting a token…</p>
        <ol className="progress">
          {steps.map((step) => (
            <li key={step.id} data-state={progress[step.id] ?? 'waiting'}>
              {step.title}
            </li>
          ))}
        </ol>
      </div>
    );
  }
  if (!report) {
    return (
      <div className="empty">
        <p className="empty-title">No response yet</p>
        <p>Fill in the form and press Get token. The response, the token and a cURL command appear here.</p>
      </div>
    );
  }

  const step = report.steps.at(-1);
  const response = step?.response;
  const tabs: { id: Tab; label: string }[] = [
    { id: 'body', label: 'Body' },
    { id: 'headers', label: 'Headers' },
    { id: 'request', label: 'Request' },
    ...(report.token?.jwt ? [{ id: 'jwt' as const, label: 'JWT' }] : []),
    { id: 'curl', label: 'cURL' },
  ];
  const active = tabs.some((candidate) => candidate.id === tab) ? tab : 'body';
  const pretty = response ? prettyBody(response.bodyText) : undefined;
  const sentBody = step ? bodyText(step.request.body) : undefined;

  return (
    <div className="response">
      <div className="response-summary">
        {response ? (
          <>
            <span className={`status status-${Math.floor(response.status / 100)}xx`} data-testid="status">
              {statusText(response.status)}
            </span>
            <span
              className="metric"
              title={`first byte ${formatMs(response.timing.firstByteMs)}, download ${formatMs(response.timing.downloadMs)}`}
            >
              {formatMs(response.timing.totalMs)}
            </span>
            <span className="metric">{formatBytes(response.size)}</span>
          </>
        ) : (
          <span className="status status-none">No response</span>
        )}
      </div>

      {report.error ? (
        <div className="banner banner-error" role="alert" data-testid="error-banner" data-code={report.error.code}>
          {formatErrorLine(report.error)}
        </div>
      ) : null}

      {report.token ? <TokenCard token={report.token} onCopy={() => void copyToken()} /> : null}

      <div className="tabs" role="tablist" aria-label="Response views">
        {tabs.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={active === id}
            aria-controls={`panel-${id}`}
            className="tab"
            onClick={() => setTab(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${active}`} aria-labelledby={`tab-${active}`}>
        {active === 'body' &&
          (pretty ? (
            pretty.json ? (
              <JsonView text={pretty.text} />
            ) : (
              <pre className="code">{pretty.text || '(empty body)'}</pre>
            )
          ) : (
            <p className="note">Nothing came back.</p>
          ))}
        {active === 'headers' && response ? <PairsTable pairs={response.headers} caption="Response headers" /> : null}
        {active === 'request' && step ? (
          <div className="sent">
            <p className="request-line">
              <span className="method">{step.request.method}</span> <span className="url">{step.request.url}</span>
            </p>
            <PairsTable pairs={step.request.headers} caption="Request headers" />
            {sentBody !== undefined ? <pre className="code">{sentBody}</pre> : null}
          </div>
        ) : null}
        {active === 'jwt' && report.token?.jwt ? <JwtView jwt={report.token.jwt} /> : null}
        {active === 'curl' ? <CurlPanel /> : null}
      </div>
    </div>
  );
}
