import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../../store/index.ts';
import { Modal } from '../../../ui/Modal.tsx';

/**
 * The workspace: which folder the saved requests are in, opening or making another (main asks
 * for the folder in its own dialog), the recent ones, and the files that cannot be read.
 */
export function WorkspaceDialog() {
  const { open, info, problems, setOpen, openWorkspace } = useStore(
    useShallow((state) => ({
      open: state.workspaceDialogOpen,
      info: state.workspaceInfo,
      problems: state.problems,
      setOpen: state.setWorkspaceDialogOpen,
      openWorkspace: state.openWorkspace,
    })),
  );
  const recent = (info?.recent ?? []).filter((dir) => dir !== info?.dir);
  return (
    <Modal title="Workspace" open={open} onClose={() => setOpen(false)}>
      <p className="workspace-current">
        {info?.dir ? (
          <>
            <strong>{info.name ?? 'Workspace'}</strong> <code title={info.dir}>{info.dir}</code>
          </>
        ) : (
          'The saved requests are kept in memory only.'
        )}
      </p>
      <p className="note">
        A workspace is a folder of plain files, one per saved request, with no secret in it: keep it in git to share it
        with your team. Secrets stay in this machine&apos;s vault.
      </p>
      <div className="form-actions">
        <button type="button" onClick={() => void openWorkspace({})}>
          Open Workspace…
        </button>
        <button type="button" onClick={() => void openWorkspace({ create: true })}>
          New Workspace…
        </button>
      </div>
      {recent.length > 0 ? (
        <>
          <h3>Recent</h3>
          <ul className="workspace-recent">
            {recent.map((dir) => (
              <li key={dir}>
                <button type="button" className="link-button" onClick={() => void openWorkspace({ recent: dir })}>
                  {dir}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {problems.length > 0 ? (
        <>
          <h3>Files that cannot be read</h3>
          <p className="note">Tokensmith leaves them as they are: fix them in an editor, or with git.</p>
          <ul className="workspace-problems" data-testid="workspace-problems">
            {problems.map((problem) => (
              <li key={problem.path}>
                <code>{problem.path}</code>: {problem.error}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="form-actions">
        <button type="button" className="ghost" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </Modal>
  );
}
