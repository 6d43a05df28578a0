import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/index.ts';
import { currentReport } from '../features/grant/slice.ts';

/** The bottom line: active environment, vault, last run. */
export function StatusBar() {
  const { environment, vault, report, running, workspace, problems, setWorkspaceDialogOpen } = useStore(
    useShallow((state) => ({
      workspace: state.workspaceInfo?.name,
      problems: state.problems.length,
      setWorkspaceDialogOpen: state.setWorkspaceDialogOpen,
      environment: state.environments.find((candidate) => candidate.id === state.editor?.environmentId)?.name,
      vault: state.vault,
      report: currentReport(state),
      running: state.running !== undefined,
    })),
  );
  const status = report?.steps.findLast((step) => step.response)?.response?.status;
  return (
    <footer className="statusbar" aria-label="Status">
      <button type="button" className="statusbar-button" onClick={() => setWorkspaceDialogOpen(true)}>
        Workspace: {workspace ?? 'in memory'}
        {problems > 0 ? ` (${problems} file${problems === 1 ? '' : 's'} unreadable)` : ''}
      </button>
      <span>Environment: {environment ?? 'none'}</span>
      <span>
        Vault:{' '}
        {vault
          ? vault.protection === null
            ? 'not set up'
            : `${vault.protection}${vault.locked ? ', locked' : ', open'}`
          : '…'}
      </span>
      <span aria-live="polite">
        {running
          ? 'Running…'
          : report
            ? `Last run: ${report.error ? report.error.code : 'token received'}${status ? ` (${status})` : ''}`
            : 'Ready'}
      </span>
    </footer>
  );
}
