import type { SyntheticEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { activeFields, activeWarnings } from '../../../../../shared/domain/profile.ts';
import { findProfile } from '../../../../../shared/providers/index.ts';
import { useStore } from '../../../store/index.ts';
import { FieldInput } from './FieldInput.tsx';

export function ProviderForm() {
  const { profileId, values, masks, running, runOptions, errorField, setValue, setRunOptions, runGrant, cancelGrant } =
    useStore(
      useShallow((state) => ({
        profileId: state.profileId,
        values: state.values[state.profileId],
        masks: state.secretMasks[state.profileId],
        running: state.running !== undefined,
        runOptions: state.runOptions,
        errorField: state.report?.error?.field,
        setValue: state.setValue,
        setRunOptions: state.setRunOptions,
        runGrant: state.runGrant,
        cancelGrant: state.cancelGrant,
      })),
    );
  const profile = findProfile(profileId);
  if (!profile) return null;
  const current = values ?? {};
  const warnings = [
    ...activeWarnings(profile, current),
    ...(runOptions.insecureTls
      ? ['TLS certificate verification is off: anyone on the network path can read the secrets.']
      : []),
  ];

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
      {activeFields(profile, current).map((field) => (
        <FieldInput
          key={field.name}
          field={field}
          value={current[field.name] ?? ''}
          invalid={errorField === field.name}
          stored={masks?.[field.name]}
          onChange={(value) => setValue(field.name, value)}
        />
      ))}
      <details className="run-options">
        <summary>Request options</summary>
        <label className="inline">
          Timeout (seconds)
          <input
            type="number"
            min={1}
            max={600}
            value={runOptions.timeoutSeconds}
            onChange={(event) =>
              setRunOptions({ timeoutSeconds: Math.min(600, Math.max(1, Number(event.target.value) || 30)) })
            }
          />
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={runOptions.insecureTls}
            onChange={(event) => setRunOptions({ insecureTls: event.target.checked })}
          />
          Skip TLS certificate verification
        </label>
      </details>
      {warnings.length > 0 ? (
        <ul className="warnings" aria-label="Warnings">
          {warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      ) : null}
      <div className="form-actions">
        {running ? (
          <button type="button" onClick={() => void cancelGrant()}>
            Cancel
          </button>
        ) : (
          <button type="submit" className="primary">
            Get token
          </button>
        )}
        <kbd className="shortcut">Ctrl ↵</kbd>
      </div>
    </form>
  );
}
