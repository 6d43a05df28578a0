import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatErrorLine } from '../../../../../shared/domain/errors.ts';
import type { StepReport } from '../../../../../shared/domain/flow-report.ts';
import { bodyText } from '../../../../../shared/domain/http.ts';
import { useStore } from '../../../store/index.ts';
import { CurlPanel } from '../../curl/components/CurlPanel.tsx';
import { RunProgress } from '../../grant/components/RunProgress.tsx';
import { formatBytes, formatMs, prettyBody, statusText } from '../format.ts';
import { JsonView } from './JsonView.tsx';
import { JwtView } from './JwtView.tsx';
import { PairsTable } from './PairsTable.tsx';
import { TokenCard } from './TokenCard.tsx';

type Tab = 'body' | 'headers' | 'request' | 'jwt' | 'curl';

function stepState(step: StepReport): 'ok' | 'failed' | 'browser' {
  if (step.error) return 'failed';
  return step.response ? 'ok' : 'browser';
}

function Timing({ step }: { step: StepReport }) {
  const timing = step.response?.timing;
  if (!timing) return null;
  const parts = [
    timing.connectMs !== undefined ? `connect ${formatMs(timing.connectMs)}` : 'reused connection',
    ...(timing.tlsMs !== undefined ? [`TLS ${formatMs(timing.tlsMs)}`] : []),
    `first byte ${formatMs(timing.firstByteMs)}`,
    `download ${formatMs(timing.downloadMs)}`,
  ];
  return (
    <span className="metric" title={parts.join(', ')}>
      {formatMs(timing.totalMs)}
    </span>
  );
}

export function ResponseViewer() {
  const { report, running, selectedStepId, selectStep, copyToken } = useStore(
    useShallow((state) => ({
      report: state.report,
      running: state.running !== undefined,
      selectedStepId: state.selectedStepId,
      selectStep: state.selectStep,
      copyToken: state.copyToken,
    })),
  );
  const [tab, setTab] = useState<Tab>('body');

  if (running) return <RunProgress />;
  if (!report) {
    return (
      <div className="empty">
        <p className="empty-title">No response yet</p>
        <p>Fill in the form and press Get token. The response, the token and a cURL command appear here.</p>
      </div>
    );
  }

  const step = report.steps.find((candidate) => candidate.id === selectedStepId) ?? report.steps.at(-1);
  const response = step?.response;
  const tabs: { id: Tab; label: string }[] = [
    { id: 'body', label: 'Body' },
    { id: 'headers', label: 'Headers' },
    { id: 'request', label: 'Request' },
    ...(report.token?.jwt ? [{ id: 'jwt' as const, label: 'JWT' }] : []),
    ...(step?.request ? [{ id: 'curl' as const, label: 'cURL' }] : []),
  ];
  const active = tabs.some((candidate) => candidate.id === tab) ? tab : 'body';
  const pretty = response ? prettyBody(response.bodyText) : undefined;
  const sentBody = step?.request ? bodyText(step.request.body) : undefined;

  return (
    <div className="response">
      {report.steps.length > 1 ? (
        <nav className="steps" aria-label="Steps of the flow">
          {report.steps.map((candidate, index) => (
            <button
              key={candidate.id}
              type="button"
              className="step-chip"
              data-state={stepState(candidate)}
              aria-current={candidate.id === step?.id ? 'step' : undefined}
              onClick={() => selectStep(candidate.id)}
            >
              <span className="step-number">{index + 1}</span> {candidate.title}
            </button>
          ))}
        </nav>
      ) : null}

      <div className="response-summary">
        {response ? (
          <>
            <span className={`status status-${Math.floor(response.status / 100)}xx`} data-testid="status">
              {statusText(response.status)}
            </span>
            <Timing step={step} />
            <span className="metric">{formatBytes(response.size)}</span>
          </>
        ) : step?.browserUrl ? (
          <span className="status status-browser">In the browser</span>
        ) : (
          <span className="status status-none">No response</span>
        )}
      </div>

      {report.error ? (
        <div className="banner banner-error" role="alert" data-testid="error-banner" data-code={report.error.code}>
          {formatErrorLine(report.error)}
        </div>
      ) : null}
      {report.warnings.length > 0 ? (
        <ul className="warnings" aria-label="Run warnings">
          {report.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
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
          ) : step?.browserUrl ? (
            <p className="note">This step happened in the browser: {step.browserUrl}</p>
          ) : (
            <p className="note">Nothing came back.</p>
          ))}
        {active === 'headers' && response ? <PairsTable pairs={response.headers} caption="Response headers" /> : null}
        {active === 'request' && step?.request ? (
          <div className="sent">
            <p className="request-line">
              <span className="method">{step.request.method}</span> <span className="url">{step.request.url}</span>
            </p>
            <PairsTable pairs={step.request.headers} caption="Request headers" />
            {sentBody !== undefined ? <pre className="code">{sentBody}</pre> : null}
          </div>
        ) : null}
        {active === 'request' && !step?.request && step?.browserUrl ? (
          <p className="request-line">
            <span className="method">GET</span> <span className="url">{step.browserUrl}</span>
          </p>
        ) : null}
        {active === 'jwt' && report.token?.jwt ? <JwtView jwt={report.token.jwt} /> : null}
        {active === 'curl' ? <CurlPanel /> : null}
      </div>
    </div>
  );
}
