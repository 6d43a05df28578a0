import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../../store/index.ts';
import { RunProgress } from '../../grant/components/RunProgress.tsx';
import { currentLedgerToken, currentReport } from '../../grant/slice.ts';
import { ReportView } from './ReportView.tsx';
import { cardToken, TokenCard } from './TokenCard.tsx';
import { UserInfoFollowUp } from './UserInfoFollowUp.tsx';

/** The right pane: the run in progress, or the last report of the open request. */
export function ResponseViewer() {
  const { report, kept, revealRun, runRevealed, running, selectedStepId, selectStep, copyToken, renewToken, inspect } =
    useStore(
      useShallow((state) => ({
        report: currentReport(state),
        kept: currentLedgerToken(state),
        revealRun: state.revealRun,
        runRevealed: state.runRevealed,
        renewToken: state.renewToken,
        inspect: state.inspect,
        running: state.running !== undefined && state.running.editorKey === state.editor?.key,
        selectedStepId: state.selectedStepId,
        selectStep: state.selectStep,
        copyToken: state.copyToken,
      })),
    );
  // A small window stacks the response under the form: a response that has just arrived scrolls
  // into view there, once (the run may end before this pane's code has loaded, so it is a flag).
  const top = useRef<HTMLDivElement>(null);
  const reveal = report !== undefined && report.runId === revealRun;
  useEffect(() => {
    if (!reveal) return;
    runRevealed();
    const box = top.current?.getBoundingClientRect();
    if (box && box.top > window.innerHeight * 0.6) top.current?.scrollIntoView({ block: 'start' });
  }, [reveal, runRevealed]);
  if (running) return <RunProgress />;
  const keptToken = report ? undefined : cardToken(undefined, kept);
  if (kept && keptToken) {
    // A saved request reopened (or the app restarted): its token from the ledger, as it is now.
    return (
      <div className="response">
        <p className="note">The token this request got, from the token ledger.</p>
        <TokenCard
          token={keptToken}
          onCopy={() => void copyToken()}
          onRenew={kept.canRenew ? () => void renewToken(kept.id) : undefined}
          onInspect={() =>
            kept.jwt &&
            inspect({ source: { kind: 'ledger', ledgerId: kept.id }, title: 'Access token', decoded: kept.jwt })
          }
        />
      </div>
    );
  }
  if (!report) {
    return (
      <div className="empty">
        <p className="empty-title">No response yet</p>
        <p>
          Fill in the form and press Get token (Ctrl+Enter). The response, the token and a cURL command appear here.
        </p>
      </div>
    );
  }
  return (
    <div ref={top}>
      <ReportView
        report={report}
        selectedStepId={selectedStepId}
        onSelectStep={selectStep}
        onCopyToken={() => void copyToken()}
        kept={kept}
        onRenew={kept ? () => void renewToken(kept.id) : undefined}
      />
      {kept?.canUserinfo && report.ledgerId === kept.id && kept.scope.split(' ').includes('openid') ? (
        <UserInfoFollowUp kept={kept} />
      ) : null}
    </div>
  );
}
