import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../../store/index.ts';
import { RunProgress } from '../../grant/components/RunProgress.tsx';
import { currentReport } from '../../grant/slice.ts';
import { ReportView } from './ReportView.tsx';

/** The right pane: the run in progress, or the last report of the open request. */
export function ResponseViewer() {
  const { report, running, selectedStepId, selectStep, copyToken } = useStore(
    useShallow((state) => ({
      report: currentReport(state),
      running: state.running !== undefined && state.running.editorKey === state.editor?.key,
      selectedStepId: state.selectedStepId,
      selectStep: state.selectStep,
      copyToken: state.copyToken,
    })),
  );
  if (running) return <RunProgress />;
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
    />
  );
}
