import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { findProfile } from '../../../../../shared/providers/index.ts';
import { useStore } from '../../../store/index.ts';

/** The open request: its name, its environment, and Save (Ctrl+S). */
export function RequestHeader() {
  const { editor, requests } = useStore(useShallow((state) => ({ editor: state.editor, requests: state.requests })));
  const saved = requests.find((request) => request.id === editor?.savedRequestId);
  const profile = editor ? findProfile(editor.profileId) : undefined;
  if (!editor || !profile) return null;
  // Keyed by the editor, so the name starts from the open request's own each time one is opened.
  return <RequestHeaderFor key={editor.key} initialName={saved?.name ?? profile.name} />;
}

function RequestHeaderFor({ initialName }: { initialName: string }) {
  const { editor, requests, environments, dirty, setEnvironment, saveEditor } = useStore(
    useShallow((state) => ({
      editor: state.editor,
      requests: state.requests,
      environments: state.environments,
      dirty: state.editor ? (state.dirty[state.editor.key] ?? false) : false,
      setEnvironment: state.setEnvironment,
      saveEditor: state.saveEditor,
    })),
  );
  const [name, setName] = useState(initialName);
  const saved = requests.find((request) => request.id === editor?.savedRequestId);
  const profile = editor ? findProfile(editor.profileId) : undefined;
  if (!editor || !profile) return null;
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
        onChange={(event) => setName(event.target.value)}
      />
      <span className="profile-badge">{profile.name}</span>
      {choices.length > 0 ? (
        <label className="picker">
          <span className="picker-label">Environment</span>
          <select
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
        </label>
      ) : null}
      <button type="button" onClick={() => void saveEditor(name)} title="Save (Ctrl+S)">
        {saved ? (dirty || name !== saved.name ? 'Save' : 'Saved') : 'Save request'}
      </button>
    </div>
  );
}
