import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../../store/index.ts';
import { RunProgress } from '../../grant/components/RunProgress.tsx';
import { currentLedgerToken, currentReport } from '../../grant/slice.ts';
import { ReportView } from './ReportView.tsx';
import { cardToken, TokenCard } from './TokenCard.tsx';

/** The right pane: the run in progress, or the last report of the open request. */
export function ResponseViewer() {
  const { report, kept, running, selectedStepId, selectStep, copyToken, renewToken, inspect } = useStore(
    useShallow((state) => ({
      report: currentReport(state),
      kept: currentLedgerToken(state),
      renewToken: state.renewToken,
      inspect: state.inspect,
      running: state.running !== undefined && state.running.editorKey === state.editor?.key,
      selectedStepId: state.selectedStepId,
      selectStep: state.selectStep,
      copyToken: state.copyToken,
    })),
  );
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
    <ReportView
      report={report}
      selectedStepId={selectedStepId}
      onSelectStep={selectStep}
      onCopyToken={() => void copyToken()}
      kept={kept}
      onRenew={kept ? () => void renewToken(kept.id) : undefined}
    />
  );
}
