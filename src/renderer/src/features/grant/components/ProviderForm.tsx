import { useEffect, useRef, type SyntheticEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { activeFields, activeWarnings, type Profile } from '../../../../../shared/domain/profile.ts';
import { fieldProblems, plainHttpFields } from '../../../../../shared/flow/compile.ts';
import { findProfile } from '../../../../../shared/providers/index.ts';
import { useStore } from '../../../store/index.ts';
import { currentReport } from '../slice.ts';
import { extraParamsFields } from '../extra-params-rows.ts';
import { FieldInput } from './FieldInput.tsx';

const DISCOVER_DEBOUNCE_MS = 500;

/** The field a profile's discovery step reads its issuer from, when it discovers at all. */
function discoveryField(profile: Profile): string | undefined {
  const step = profile.steps.find((candidate) => candidate.kind === 'discover');
  return step?.kind === 'discover' ? /^\{\{\s*(\w+)/.exec(step.issuer)?.[1] : undefined;
}

/** A whole number of seconds from 1 to `max`; a cleared or unreadable box falls back to `fallback`. */
function SecondsInput(props: {
  label: string;
  title?: string;
  value: number;
  max: number;
  fallback: number;
  onChange: (seconds: number) => void;
}) {
  const { max, fallback } = props;
  return (
    <label className="inline" title={props.title}>
      {props.label}
      <input
        type="number"
        min={1}
        max={max}
        value={props.value}
        onChange={(event) => props.onChange(Math.min(max, Math.max(1, Number(event.target.value) || fallback)))}
      />
    </label>
  );
}

/** The provider's form, generated from its profile: fields, help, warnings, and Get token. */
export function ProviderForm() {
  const {
    editor,
    values,
    masks,
    running,
    runOptions,
    errorField,
    focusFirstField,
    fieldFocused,
    setValue,
    setRunOptions,
    runGrant,
    cancelGrant,
    autoValues,
    discoverIssuer,
  } = useStore(
    useShallow((state) => ({
      editor: state.editor,
      focusFirstField: state.focusFirstField,
      fieldFocused: state.fieldFocused,
      values: state.editor ? state.values[state.editor.key] : undefined,
      masks: state.editor ? state.secretMasks[state.editor.key] : undefined,
      running: state.running !== undefined,
      runOptions: state.runOptions,
      errorField: currentReport(state)?.error?.field,
      setValue: state.setValue,
      setRunOptions: state.setRunOptions,
      runGrant: state.runGrant,
      cancelGrant: state.cancelGrant,
      autoValues: state.editor ? state.autoValues[state.editor.key] : undefined,
      discoverIssuer: state.discoverIssuer,
    })),
  );
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!editor || focusFirstField !== editor.key || !form.current) return;
    // A provider was just picked: the keyboard starts where the typing does, at the first empty field.
    const fields = [...form.current.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('[data-field]')];
    const empty = fields.find(
      (field) => field.tagName !== 'SELECT' && field.value === '' && !field.placeholder.startsWith('Stored'),
    );
    (empty ?? fields[0])?.focus();
    fieldFocused();
  }, [editor, focusFirstField, fieldFocused]);
  const profile = editor ? findProfile(editor.profileId) : undefined;
  const issuerField = profile ? discoveryField(profile) : undefined;
  const issuer = issuerField ? values?.[issuerField] : undefined;
  useEffect(() => {
    if (!issuer) return;
    // Read the server's discovery document once the typing pauses, to preselect what it accepts.
    const timer = window.setTimeout(() => void discoverIssuer(), DISCOVER_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [editor?.key, issuer, discoverIssuer]);
  if (!editor || !profile) return null;
  const current = values ?? {};
  const paramFields = extraParamsFields(profile);
  const problems = fieldProblems(profile, current);
  const warnings = [
    ...activeWarnings(profile, current),
    ...plainHttpFields(profile, current).map(
      ({ label, host }) =>
        `${label} sends to ${host} over plain http: anyone on the network path can read the secrets.`,
    ),
    ...(runOptions.insecureTls
      ? ['TLS certificate verification is off: anyone on the network path can read the secrets.']
      : []),
  ];

  const onSubmit = (event: SyntheticEvent): void => {
    event.preventDefault();
    void runGrant();
  };

  return (
    <form
      ref={form}
      className="provider-form"
      onSubmit={onSubmit}
      aria-label={`${profile.name} token request`}
      noValidate
    >
      <div className="form-head">
        <p className="summary">
          {profile.summary}
          {profile.docs.url ? (
            <>
              {' '}
              <a href={profile.docs.url} target="_blank" rel="noreferrer">
                Provider docs
              </a>
            </>
          ) : null}
        </p>
      </div>
      {activeFields(profile, current).map((field) => (
        <FieldInput
          key={field.name}
          field={field}
          value={current[field.name] ?? ''}
          invalid={errorField === field.name || problems[field.name] !== undefined}
          problem={problems[field.name]}
          stored={masks?.[field.name]}
          params={paramFields.has(field.name)}
          note={autoValues?.[field.name]?.value === current[field.name] ? autoValues?.[field.name]?.note : undefined}
          onChange={(value) => setValue(field.name, value)}
        />
      ))}
      <details className="run-options">
        <summary>Request options</summary>
        <SecondsInput
          label="Timeout (seconds)"
          value={runOptions.timeoutSeconds}
          max={600}
          fallback={30}
          onChange={(timeoutSeconds) => setRunOptions({ timeoutSeconds })}
        />
        <SecondsInput
          label="Deadline (seconds)"
          title="The most each request may take in all, however slowly the server answers"
          value={runOptions.deadlineSeconds}
          max={3600}
          fallback={120}
          onChange={(deadlineSeconds) => setRunOptions({ deadlineSeconds })}
        />
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
