import type { SyntheticEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { findProfile } from '../../../../../shared/providers/index.ts';
import { useStore } from '../../../store/index.ts';
import { FieldInput } from './FieldInput.tsx';

export function ProviderForm() {
  const { profileId, values, running, errorField, setValue, runGrant } = useStore(
    useShallow((state) => ({
      profileId: state.profileId,
      values: state.values[state.profileId],
      running: state.running,
      errorField: state.report?.error?.field,
      setValue: state.setValue,
      runGrant: state.runGrant,
    })),
  );
  const profile = findProfile(profileId);
  if (!profile) return null;

  const onSubmit = (event: SyntheticEvent): void => {
    event.preventDefault();
    void runGrant();
  };

  return (
    <form className="provider-form" onSubmit={onSubmit} aria-label={`${profile.name} token request`}>
      <div className="form-head">
        <h1>{profile.name}</h1>
        <p className="summary">{profile.summary}</p>
      </div>
      {profile.fields.map((field) => (
        <FieldInput
          key={field.name}
          field={field}
          value={values?.[field.name] ?? ''}
          invalid={errorField === field.name}
          onChange={(value) => setValue(field.name, value)}
        />
      ))}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={running}>
          {running ? 'Getting token…' : 'Get token'}
        </button>
        <kbd className="shortcut">Ctrl ↵</kbd>
      </div>
    </form>
  );
}
