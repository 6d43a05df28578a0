import { useId, useState, type ReactNode } from 'react';
import type { FieldDef } from '../../../../../shared/domain/profile.ts';
import { TrashIcon } from '../../../ui/icons.tsx';
import { TableHead } from '../../../ui/TableHead.tsx';
import { PARAM_PLACES, paramRows, paramText, type ParamPlace, type ParamRow } from '../extra-params-rows.ts';

const PLACE_LABELS: Record<ParamPlace, string> = {
  body: 'Body',
  query: 'Query',
  header: 'Header',
  authorize: 'Authorization URL',
};

/** A parameter's name or value: free text, where a spelling checker would only mark up codes and ids. */
function TextCell({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <td>
      <input aria-label={label} value={value} spellCheck={false} onChange={(event) => onChange(event.target.value)} />
    </td>
  );
}

/**
 * Extra parameters as a table (where, name, value) that writes the same text the engine reads; a
 * text that is not rows (comments) stays a text box, so nothing typed is lost.
 */
export function ExtraParamsTable({
  field,
  value,
  invalid,
  onChange,
  fallback,
}: {
  field: FieldDef;
  value: string;
  invalid: boolean;
  onChange: (value: string) => void;
  fallback: ReactNode;
}) {
  const id = useId();
  // Rows being typed (a name not yet given) live here; the field holds the complete ones.
  const [draft, setDraft] = useState<{ text: string; rows: ParamRow[] } | undefined>(undefined);
  const parsed = paramRows(value);
  if (!parsed) return <>{fallback}</>;
  const rows = draft && draft.text === value ? draft.rows : parsed;
  const update = (next: ParamRow[]): void => {
    const text = paramText(next);
    setDraft({ text, rows: next });
    onChange(text);
  };
  const change = (index: number, patch: Partial<ParamRow>): void =>
    update(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));

  return (
    <div className={`field${invalid ? ' field-invalid' : ''}`}>
      <span className="field-label" id={`${id}-label`}>
        {field.label}
      </span>
      <table className="params-table" aria-labelledby={`${id}-label`} data-field={field.name}>
        {rows.length > 0 ? <TableHead columns={['Where', 'Name', 'Value']} actions="Remove" /> : null}
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              <td>
                <select
                  aria-label={`Where parameter ${index + 1} goes`}
                  value={row.where}
                  onChange={(event) => change(index, { where: event.target.value as ParamPlace })}
                >
                  {PARAM_PLACES.map((place) => (
                    <option key={place} value={place}>
                      {PLACE_LABELS[place]}
                    </option>
                  ))}
                </select>
              </td>
              <TextCell
                label={`Name of parameter ${index + 1}`}
                value={row.name}
                onChange={(name) => change(index, { name })}
              />
              <TextCell
                label={`Value of parameter ${index + 1}`}
                value={row.value}
                onChange={(value) => change(index, { value })}
              />
              <td>
                <button
                  type="button"
                  className="ghost icon-button"
                  aria-label={`Remove parameter ${index + 1}`}
                  title="Remove"
                  onClick={() => update(rows.filter((_, at) => at !== index))}
                >
                  <TrashIcon />
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="ghost add-param"
        onClick={() => update([...rows, { where: 'body', name: '', value: '' }])}
      >
        Add a parameter
      </button>
      {field.help ? <p className="help">{field.help}</p> : null}
    </div>
  );
}
