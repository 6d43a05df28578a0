import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { findProfile } from '../../../../../shared/providers/index.ts';
import { useStore } from '../../../store/index.ts';
import { EnvironmentsDialog } from './EnvironmentsDialog.tsx';

/** The open request: its name, its environment, and Save (Ctrl+S). */
export function RequestHeader() {
  const { editor, requests } = useStore(useShallow((state) => ({ editor: state.editor, requests: state.requests })));
  const saved = requests.find((request) => request.id === editor?.savedRequestId);
  const profile = editor ? findProfile(editor.profileId) : undefined;
  if (!editor || !profile) return null;
  return <RequestHeaderFor savedName={saved?.name ?? profile.name} />;
}

function RequestHeaderFor({ savedName }: { savedName: string }) {
  const { editor, typedName, environments, dirty, setEnvironment, saveEditor, setName } = useStore(
    useShallow((state) => ({
      editor: state.editor,
      typedName: state.editor ? state.names[state.editor.key] : undefined,
      environments: state.environments,
      dirty: state.editor ? (state.dirty[state.editor.key] ?? false) : false,
      setEnvironment: state.setEnvironment,
      saveEditor: state.saveEditor,
      setName: state.setName,
    })),
  );
  const [editingEnvironments, setEditingEnvironments] = useState(false);
  const profile = editor ? findProfile(editor.profileId) : undefined;
  if (!editor || !profile) return null;
  const name = typedName ?? savedName;
  const saved = editor.savedRequestId !== undefined;
  const choices = environments.filter((environment) => environment.profileId === profile.id);
  return (
    <div className="request-header">
      <label className="visually-hidden" htmlFor="request-name">
        Request name
      </label>
      <input
        id="request-name"
        className="request-title"
        value={name}
        onChange={(event) => setName(editor.key, event.target.value)}
      />
      <span className="profile-badge">{profile.name}</span>
      <span className="picker">
        <label className="picker-label" htmlFor="environment-select">
          Environment
        </label>
        <select
          id="environment-select"
          value={editor.environmentId ?? ''}
          onChange={(event) => setEnvironment(event.target.value || undefined)}
        >
          <option value="">None</option>
          {choices.map((environment) => (
            <option key={environment.id} value={environment.id}>
              {environment.name}
            </option>
          ))}
        </select>
      </span>
      <button type="button" className="ghost" onClick={() => setEditingEnvironments(true)}>
        Environments…
      </button>
      <EnvironmentsDialog profile={profile} open={editingEnvironments} onClose={() => setEditingEnvironments(false)} />
      <button type="button" onClick={() => void saveEditor()} title="Save (Ctrl+S)">
        {saved ? (dirty ? 'Save' : 'Saved') : 'Save request'}
      </button>
    </div>
  );
}
