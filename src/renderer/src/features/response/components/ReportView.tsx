import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatErrorLine } from '../../../../../shared/domain/errors.ts';
import type { FlowReport, StepReport } from '../../../../../shared/domain/flow-report.ts';
import type { LedgerView } from '../../../../../shared/domain/ledger.ts';
import { bodyText, headerValue } from '../../../../../shared/domain/http.ts';
import { useStore } from '../../../store/index.ts';
import { CodePanel } from '../../code/components/CodePanel.tsx';
import { formatBytes, formatMs, showMasks, statusText } from '../format.ts';
import { CookiesTable } from './CookiesTable.tsx';
import { HtmlPreview } from './HtmlPreview.tsx';
import { IdTokenChecks } from './IdTokenChecks.tsx';
import { JsonBody } from './JsonBody.tsx';
import { PairsTable } from './PairsTable.tsx';
import { RawBody } from './RawBody.tsx';
import { cardToken, TokenCard } from './TokenCard.tsx';

type Tab = 'body' | 'raw' | 'preview' | 'headers' | 'cookies' | 'request' | 'jwts' | 'curl';

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
    <span
      className="metric"
      title={parts.join(' · ')}
      aria-label={`Time ${formatMs(timing.totalMs)}: ${parts.join(', ')}`}
    >
      {formatMs(timing.totalMs)}
      <span className="metric-detail"> ({parts.join(' · ')})</span>
    </span>
  );
}

function isJson(text: string): boolean {
  const first = /\S/.exec(text)?.[0];
  return first === '{' || first === '[';
}

/**
 * One run, shown whole: the steps, the status and timing of the chosen one, the diagnosis, the
 * token, and the response in every form a developer needs.
 */
export function ReportView({
  report,
  selectedStepId,
  onSelectStep,
  onCopyToken,
  kept,
  onRenew,
}: {
  report: FlowReport;
  selectedStepId: string | undefined;
  onSelectStep: (stepId: string) => void;
  onCopyToken?: () => void;
  /** The ledger's entry for the run's token: what the card shows, as it is now. */
  kept?: LedgerView | undefined;
  onRenew?: (() => void) | undefined;
}) {
  const { inspect } = useStore(useShallow((state) => ({ inspect: state.inspect })));
  const [tab, setTab] = useState<Tab>('body');
  const step = report.steps.find((candidate) => candidate.id === selectedStepId) ?? report.steps.at(-1);
  const response = step?.response;
  const contentType = response ? (headerValue(response.headers, 'content-type') ?? '') : '';
  const html = response !== undefined && (/html/i.test(contentType) || /^\s*</.test(response.bodyText));
  const cookies = response?.headers.some(([name]) => name.toLowerCase() === 'set-cookie') ?? false;
  const jwts = step?.jwts ?? [];
  const tabs: { id: Tab; label: string }[] = [
    { id: 'body', label: 'Body' },
    { id: 'raw', label: 'Raw' },
    ...(html ? [{ id: 'preview' as const, label: 'Preview' }] : []),
    { id: 'headers', label: 'Headers' },
    ...(cookies ? [{ id: 'cookies' as const, label: 'Cookies' }] : []),
    { id: 'request', label: 'Request' },
    ...(jwts.length > 0 ? [{ id: 'jwts' as const, label: `JWT (${jwts.length})` }] : []),
    ...(step?.request ? [{ id: 'curl' as const, label: 'Code' }] : []),
  ];
  const active = tabs.some((candidate) => candidate.id === tab) ? tab : 'body';
  const sentText = step?.request ? bodyText(step.request.body) : undefined;
  const sentBody = sentText === undefined ? undefined : showMasks(sentText);
  const token = cardToken(report.token, kept);

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
              onClick={() => onSelectStep(candidate.id)}
            >
              <span className="step-number">{index + 1}</span> {candidate.title}
            </button>
          ))}
        </nav>
      ) : null}

      <div className="response-summary">
        {response ? (
          <>
            {/* A step that failed is never shown as a green 200: the status is its, but the step failed. */}
            <span
              className={`status ${step.error ? 'status-failed' : `status-${Math.floor(response.status / 100)}xx`}`}
              data-testid="status"
            >
              {step.error ? `Failed · ${statusText(response.status)}` : statusText(response.status)}
            </span>
            {step.error && report.steps.length > 1 ? <span className="metric">{step.title}</span> : null}
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

      {token ? (
        <TokenCard
          token={token}
          onCopy={onCopyToken}
          onRenew={kept?.canRenew ? onRenew : undefined}
          onInspect={() =>
            token.jwt &&
            inspect({
              source: report.ledgerId ? { kind: 'ledger', ledgerId: report.ledgerId } : { kind: 'pasted' },
              title: 'Access token',
              decoded: token.jwt,
            })
          }
        />
      ) : null}

      {report.idToken ? <IdTokenChecks report={report.idToken} /> : null}

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
          (response ? (
            response.bodyText === '' ? (
              <p className="note">(empty body)</p>
            ) : isJson(response.bodyText) ? (
              <JsonBody text={response.bodyText} label="Response body" />
            ) : (
              <RawBody text={response.bodyText} label="Response body" />
            )
          ) : step?.browserUrl ? (
            <p className="note">This step happened in the browser: {step.browserUrl}</p>
          ) : (
            <p className="note">Nothing came back.</p>
          ))}
        {active === 'raw' && response ? <RawBody text={response.bodyText} label="Raw response body" /> : null}
        {active === 'preview' && response ? <HtmlPreview html={response.bodyText} /> : null}
        {active === 'headers' && response ? <PairsTable pairs={response.headers} caption="Response headers" /> : null}
        {active === 'cookies' && response ? <CookiesTable headers={response.headers} /> : null}
        {active === 'request' && step?.request ? (
          <div className="sent">
            <p className="request-line">
              <span className="method">{step.request.method}</span>{' '}
              <span className="url">{showMasks(step.request.url)}</span>
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
        {active === 'jwts' && step ? (
          <ul className="jwt-list">
            {jwts.map(({ location, jwt }) => (
              <li key={location}>
                <code>{location}</code>{' '}
                <span className="muted">{typeof jwt.header.alg === 'string' ? jwt.header.alg : 'no alg'}</span>
                {jwt.warnings.length > 0 ? <span className="muted"> — {jwt.warnings.join(' ')}</span> : null}{' '}
                <button
                  type="button"
                  onClick={() =>
                    inspect({
                      source: { kind: 'run', runId: report.runId, stepId: step.id, location },
                      title: location,
                      decoded: jwt,
                    })
                  }
                >
                  Inspect
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {active === 'curl' && step?.request ? <CodePanel runId={report.runId} stepId={step.id} /> : null}
      </div>
    </div>
  );
}
