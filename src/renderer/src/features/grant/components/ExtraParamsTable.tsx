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
              <td>
                <input
                  aria-label={`Name of parameter ${index + 1}`}
                  value={row.name}
                  spellCheck={false}
                  onChange={(event) => change(index, { name: event.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={`Value of parameter ${index + 1}`}
                  value={row.value}
                  spellCheck={false}
                  onChange={(event) => change(index, { value: event.target.value })}
                />
              </td>
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
