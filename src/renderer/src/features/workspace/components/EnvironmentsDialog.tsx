import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Environment } from '../../../../../shared/domain/workspace.ts';
import type { Profile } from '../../../../../shared/domain/profile.ts';
import { useStore } from '../../../store/index.ts';
import { Modal } from '../../../ui/Modal.tsx';

function variablesText(variables: Record<string, string>): string {
  return Object.entries(variables)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n');
}

function parseVariables(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')).trim(), line.slice(line.indexOf('=') + 1).trim()]),
  );
}

function EnvironmentEditor({
  profile,
  environment,
  onDone,
}: {
  profile: Profile;
  environment: Environment;
  onDone: () => void;
}) {
  const { saveEnvironment, deleteEnvironment } = useStore(
    useShallow((state) => ({ saveEnvironment: state.saveEnvironment, deleteEnvironment: state.deleteEnvironment })),
  );
  const [draft, setDraft] = useState(environment);
  const [variables, setVariables] = useState(variablesText(environment.variables));
  const fields = profile.fields.filter(
    (field) => field.type === 'url' || field.type === 'select' || field.name === 'environment',
  );
  return (
    <fieldset className="environment">
      <legend className="visually-hidden">{environment.name}</legend>
      <label className="stacked">
        Name
        <input value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
      </label>
      {fields.map((field) => (
        <label key={field.name} className="stacked">
          {field.label}
          <input
            value={draft.values[field.name] ?? ''}
            placeholder="(the request’s own value)"
            onChange={(event) => {
              const { [field.name]: _old, ...rest } = draft.values;
              setDraft({
                ...draft,
                values: event.target.value === '' ? rest : { ...rest, [field.name]: event.target.value },
              });
            }}
          />
        </label>
      ))}
      <label className="stacked">
        Variables for API requests ({'{{env.NAME}}'}), one NAME=value a line
        <textarea
          rows={3}
          spellCheck={false}
          value={variables}
          onChange={(event) => setVariables(event.target.value)}
        />
      </label>
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          disabled={draft.name.trim() === ''}
          onClick={() =>
            void saveEnvironment({ ...draft, variables: parseVariables(variables) }).then((ok) => ok && onDone())
          }
        >
          Save environment
        </button>
        <button type="button" className="ghost" onClick={() => void deleteEnvironment(environment.id).then(onDone)}>
          Delete
        </button>
      </div>
    </fieldset>
  );
}

/** The environments of a provider (a provider's Production, staging …): field values and variables. */
export function EnvironmentsDialog({
  profile,
  open,
  onClose,
}: {
  profile: Profile;
  open: boolean;
  onClose: () => void;
}) {
  const environments = useStore((state) => state.environments);
  const [editing, setEditing] = useState<Environment | undefined>();
  const mine = environments.filter((environment) => environment.profileId === profile.id);
  return (
    <Modal title={`${profile.name} environments`} open={open} onClose={onClose}>
      {editing ? (
        <EnvironmentEditor
          key={editing.id}
          profile={profile}
          environment={editing}
          onDone={() => setEditing(undefined)}
        />
      ) : (
        <>
          <ul className="environment-list">
            {mine.map((environment) => (
              <li key={environment.id}>
                <span>{environment.name}</span>
                <button type="button" onClick={() => setEditing(environment)}>
                  Edit
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button"
            onClick={() =>
              setEditing({
                id: crypto.randomUUID(),
                profileId: profile.id,
                name: 'New environment',
                values: {},
                variables: {},
              })
            }
          >
            Add an environment
          </button>
        </>
      )}
      <button type="button" className="ghost modal-close" onClick={onClose}>
        Close
      </button>
    </Modal>
  );
}
