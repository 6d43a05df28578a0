import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import type { LedgerView } from '../../../../../shared/domain/ledger.ts';

interface RevokeNeedsProps {
  entry: LedgerView;
  /** Columns of the table the row spans (a card ignores it). */
  columns: number;
  onRevoke: (values: Record<string, string>) => void;
  onCancel: () => void;
}

/**
 * What Revoke needs and the token's settings leave empty (a revocation URL nobody typed or
 * discovered), asked for right under the token, with its own Revoke.
 */
export function RevokeNeeds({ entry, columns, onRevoke, onCancel }: RevokeNeedsProps) {
  const needs = entry.revokeNeeds ?? [];
  const [values, setValues] = useState<Record<string, string>>({});
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const onSubmit = (event: SyntheticEvent): void => {
    event.preventDefault();
    onRevoke(values);
  };
  return (
    <tr className="revoke-needs" data-testid="revoke-needs">
      <td colSpan={columns}>
        <form onSubmit={onSubmit} aria-label={`Revoke the ${entry.profileName} token`}>
          <p className="help">
            Revoke needs {needs.map((need) => need.label).join(' and ')}: none was typed or discovered.
          </p>
          {needs.map((need, index) => (
            <label key={need.field}>
              {need.label}
              <input
                ref={index === 0 ? first : undefined}
                type="url"
                required
                value={values[need.field] ?? ''}
                onChange={(event) => setValues({ ...values, [need.field]: event.target.value })}
                autoComplete="off"
                spellCheck={false}
              />
            </label>
          ))}
          <button type="submit" className="primary">
            Revoke
          </button>
          <button type="button" className="ghost" onClick={onCancel}>
            Cancel
          </button>
        </form>
      </td>
    </tr>
  );
}
