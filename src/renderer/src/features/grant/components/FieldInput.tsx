import { useId, useState } from 'react';
import type { FieldDef } from '../../../../../shared/domain/profile.ts';
import { isSecretRef } from '../../../../../shared/refs/secret-ref.ts';
import { useStore } from '../../../store/index.ts';
import { SecretPicker } from '../../secret-refs/components/SecretPicker.tsx';
import { ExtraParamsTable } from './ExtraParamsTable.tsx';

interface FieldInputProps {
  field: FieldDef;
  value: string;
  invalid: boolean;
  /** For a secret field: what the vault holds, masked, or why it cannot be opened. */
  stored?: { masked: string } | { locked: string } | { ref: string } | undefined;
  /** What is wrong with the value as typed. */
  problem?: string | undefined;
  /** A field of extra parameters: shown as a table of where / name / value. */
  params?: boolean;
  /** Why the form chose this value on its own (from the server's discovery document). */
  note?: string | undefined;
  onChange: (value: string) => void;
}

export function FieldInput({ field, value, invalid, stored, problem, params, note, onChange }: FieldInputProps) {
  const id = useId();
  const [revealed, setRevealed] = useState(false);
  const [picking, setPicking] = useState(false);
  // A reference is where the secret is, not the secret: it is shown, and tested in main.
  const typedRef = field.type === 'secret' && isSecretRef(value);
  const ref = typedRef ? value : value === '' && stored && 'ref' in stored ? stored.ref : undefined;
  const refTest = useStore((state) => (ref ? state.refTests[ref] : undefined));
  const testRef = useStore((state) => state.testRef);
  const copyRefToVault = useStore((state) => state.copyRefToVault);
  const [copyProblem, setCopyProblem] = useState<string | undefined>();
  const helpId = field.help || note ? `${id}-help` : undefined;
  const problemId = problem ? `${id}-problem` : undefined;
  const common = {
    id,
    name: field.name,
    'aria-invalid': invalid || undefined,
    'aria-required': field.required ?? undefined,
    'aria-describedby': [problemId, helpId].filter(Boolean).join(' ') || undefined,
    'data-field': field.name,
  };

  let control;
  if (field.type === 'select') {
    control = (
      <select {...common} value={value} onChange={(event) => onChange(event.target.value)}>
        {field.options?.map((option) => (
          <option key={option} value={option}>
            {field.optionLabels?.[option] ?? option}
          </option>
        ))}
      </select>
    );
  } else if (field.type === 'multiline') {
    control = (
      <textarea
        {...common}
        value={value}
        rows={3}
        placeholder={field.placeholder ?? ''}
        spellCheck={false}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  } else {
    control = (
      <div className="input-row">
        <input
          {...common}
          type={field.type === 'secret' && !revealed && !typedRef ? 'password' : field.type === 'url' ? 'url' : 'text'}
          value={value}
          placeholder={
            stored && 'masked' in stored
              ? `Stored ${stored.masked} — type to replace`
              : stored && 'ref' in stored
                ? `Reads ${stored.ref} — type to replace`
                : (field.placeholder ?? field.default ?? '')
          }
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => onChange(event.target.value)}
        />
        {field.type === 'secret' ? (
          <button
            type="button"
            className="ghost"
            aria-pressed={revealed}
            aria-label={revealed ? `Hide ${field.label}` : `Show ${field.label}`}
            onClick={() => setRevealed(!revealed)}
          >
            {revealed ? 'Hide' : 'Show'}
          </button>
        ) : null}
        {field.type === 'secret' ? (
          <button
            type="button"
            className="ghost"
            aria-label={`${field.label} from a password manager…`}
            title="From a password manager…"
            onClick={() => setPicking(true)}
          >
            From…
          </button>
        ) : null}
        {ref ? (
          <button
            type="button"
            className="ghost"
            aria-label={`Test ${field.label}'s reference`}
            onClick={() => void testRef(ref, typedRef)}
          >
            Test
          </button>
        ) : null}
        {!typedRef && ref ? (
          <button
            type="button"
            className="ghost"
            title="Keep a copy in the vault"
            aria-label={`Keep a copy of ${field.label} in the vault`}
            onClick={() => void copyRefToVault(field.name).then(setCopyProblem)}
          >
            Copy in
          </button>
        ) : null}
      </div>
    );
  }

  const plain = (
    <div className={`field${invalid ? ' field-invalid' : ''}`}>
      <label htmlFor={id} className={field.required ? 'is-required' : undefined}>
        {field.label}
      </label>
      {control}
      {problem ? (
        <p className="field-error" id={problemId}>
          {problem}
        </p>
      ) : null}
      {stored && 'locked' in stored ? <p className="field-error">{stored.locked} Type it again.</p> : null}
      {refTest ? (
        <p className={refTest.state === 'failed' ? 'field-error' : 'help'} role="status">
          {refTest.state === 'testing'
            ? 'Reading…'
            : refTest.state === 'found'
              ? `Found: ${ref ?? ''} gives a value.`
              : refTest.message}
        </p>
      ) : null}
      {copyProblem ? <p className="field-error">{copyProblem}</p> : null}
      {field.type === 'secret' ? (
        <SecretPicker
          fieldName={field.name}
          fieldLabel={field.label}
          movable={value === '' && stored !== undefined && 'masked' in stored}
          open={picking}
          onClose={() => setPicking(false)}
          onPick={(picked) => onChange(picked)}
        />
      ) : null}
      {field.help || note ? (
        <p className="help" id={helpId}>
          {note ? (
            <>
              <strong className="auto-note" data-testid={`note-${field.name}`}>
                {note}
              </strong>{' '}
            </>
          ) : null}
          {field.help}
        </p>
      ) : null}
    </div>
  );
  return params ? (
    <ExtraParamsTable field={field} value={value} invalid={invalid} onChange={onChange} fallback={plain} />
  ) : (
    plain
  );
}
