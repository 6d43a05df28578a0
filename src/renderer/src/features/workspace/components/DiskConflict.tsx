import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../../store/index.ts';

/**
 * Asks which version to keep when the open request's file changed on disk (a git pull, an
 * editor, the command line) while it has unsaved edits here. Nothing is dropped until the user
 * chooses.
 */
export function DiskConflict() {
  const { id, onDisk, keepMyEdits, takeDiskVersion } = useStore(
    useShallow((state) => {
      const id = state.editor?.savedRequestId;
      return {
        id,
        onDisk: id !== undefined && id in state.diskConflicts ? state.diskConflicts[id] : undefined,
        keepMyEdits: state.keepMyEdits,
        takeDiskVersion: state.takeDiskVersion,
      };
    }),
  );
  if (id === undefined || onDisk === undefined) return null;
  return (
    <div className="banner banner-warning disk-conflict" role="alert" data-testid="disk-conflict">
      <p>
        {onDisk
          ? 'This request was changed on disk (by git, an editor or the command line) while you had unsaved edits here.'
          : 'This request was deleted on disk (by git, an editor or the command line) while you had unsaved edits here.'}
      </p>
      <div className="disk-conflict-actions">
        <button type="button" onClick={() => keepMyEdits(id)}>
          {onDisk ? 'Keep my edits' : 'Keep my edits (Save brings it back)'}
        </button>
        <button type="button" className="ghost" onClick={() => takeDiskVersion(id)}>
          {onDisk ? 'Use the version on disk' : 'Close it'}
        </button>
      </div>
    </div>
  );
}
