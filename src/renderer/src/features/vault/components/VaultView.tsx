import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SECRET_KIND_LABELS, type VaultEntry } from '../../../../../shared/domain/vault-inventory.ts';
import { useStore } from '../../../store/index.ts';
import { relativeTime } from '../../../ui/relative-time.ts';
import { Segmented } from '../../../ui/Segmented.tsx';
import { useNow } from '../../../ui/use-now.ts';
import type { VaultSort } from '../secrets-slice.ts';
import { ReplaceSecretDialog } from './ReplaceSecretDialog.tsx';
import { VaultSettings } from './VaultSettings.tsx';

const SORTS: readonly { value: VaultSort; label: string }[] = [
  { value: 'request', label: 'Request' },
  { value: 'kind', label: 'Kind' },
  { value: 'used', label: 'Last used' },
];

const PROTECTION_LABEL: Record<VaultEntry['protection'], string> = {
  keychain: 'Keychain',
  passphrase: 'Passphrase',
  unknown: 'Unknown',
  reference: 'Reference',
};

function searchText(entry: VaultEntry): string {
  return [entry.owner.name, entry.fieldLabel, SECRET_KIND_LABELS[entry.kind], entry.reference ?? '', ...entry.origins]
    .join(' ')
    .toLowerCase();
}

function compare(sort: VaultSort): (a: VaultEntry, b: VaultEntry) => number {
  const byRequest = (a: VaultEntry, b: VaultEntry): number =>
    a.owner.name.localeCompare(b.owner.name) || a.fieldLabel.localeCompare(b.fieldLabel);
  if (sort === 'kind')
    return (a, b) => SECRET_KIND_LABELS[a.kind].localeCompare(SECRET_KIND_LABELS[b.kind]) || byRequest(a, b);
  // The most recently used first; never used last.
  if (sort === 'used') return (a, b) => (b.usedAt ?? '').localeCompare(a.usedAt ?? '') || byRequest(a, b);
  return byRequest;
}

/** Every secret Tokensmith keeps: whose it is, what it is, where it may go, when it was used. Never a value. */
export function VaultView() {
  const state = useStore(
    useShallow((current) => ({
      entries: current.vaultEntries,
      search: current.vaultSearch,
      sort: current.vaultSort,
      setSearch: current.setVaultSearch,
      setSort: current.setVaultSort,
      load: current.loadVaultEntries,
      remove: current.deleteVaultSecrets,
      prune: current.pruneVaultLeftovers,
      copy: current.copyVaultSecret,
      requests: current.requests,
      vault: current.vault,
    })),
  );
  const { entries, search, sort, load, requests, vault } = state;
  const [replacing, setReplacing] = useState<VaultEntry | undefined>(undefined);
  // The row whose Copy waits for a second press, as a revealed cURL command does.
  const [confirmingCopy, setConfirmingCopy] = useState<string | undefined>(undefined);
  const now = useNow(30_000);
  // A request deleted, saved or pulled changes what is a leftover; so does any change of the vault.
  useEffect(() => {
    void load();
  }, [load, requests, vault]);
  const shown = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    return entries.filter((entry) => words.every((word) => searchText(entry).includes(word))).toSorted(compare(sort));
  }, [entries, search, sort]);
  const inUse = shown.filter((entry) => !entry.leftover);
  const leftovers = shown.filter((entry) => entry.leftover);
  const allLeftovers = entries.filter((entry) => entry.leftover).length;
  const perOwner = (entry: VaultEntry): VaultEntry[] =>
    entries.filter(
      (other) => !other.reference && other.owner.kind === entry.owner.kind && other.owner.id === entry.owner.id,
    );
  const when = (iso: string | undefined, never: string): string =>
    iso === undefined ? never : relativeTime(Date.parse(iso), now);

  const row = (entry: VaultEntry) => {
    const what = entry.leftover ? `the leftover ${entry.fieldLabel}` : `the ${entry.fieldLabel} of ${entry.owner.name}`;
    const siblings = entry.leftover ? [] : perOwner(entry);
    // Offered once per request, on its first row as shown, so the actions column stays narrow.
    const firstOfOwner = shown.find((other) => !other.reference && other.owner.id === entry.owner.id) === entry;
    const confirming = confirmingCopy === entry.ref;
    return (
      <tr key={entry.ref} data-testid="vault-row" data-ref={entry.ref}>
        <td data-label={entry.leftover ? 'Reference' : 'Request'}>
          <span className="owner">
            {entry.leftover ? (
              <code>{entry.ref}</code>
            ) : entry.owner.kind === 'environment' ? (
              `${entry.owner.name} (environment)`
            ) : (
              entry.owner.name
            )}
          </span>
        </td>
        <td data-label="Field" className="nowrap">
          {entry.fieldLabel}
          {/* The kind is said once: "Client secret" is both the field and its kind. */}
          {SECRET_KIND_LABELS[entry.kind] === entry.fieldLabel ? null : (
            <span className="cell-note">{SECRET_KIND_LABELS[entry.kind]}</span>
          )}
        </td>
        <td data-label="Sent to">
          {entry.reference ? (
            <code className="truncate" title={entry.reference}>
              {entry.reference}
            </code>
          ) : (
            <span className="truncate" title={entry.origins.join(', ')}>
              {entry.origins.join(', ') || 'Not sent yet'}
            </span>
          )}
        </td>
        <td data-label="Last used" className="nowrap">
          {when(entry.usedAt, 'Never')}
          {entry.setAt ? <span className="cell-note">set {when(entry.setAt, '')}</span> : null}
        </td>
        <td data-label="Protection">{PROTECTION_LABEL[entry.protection]}</td>
        <td className="row-actions">
          {entry.reference ? null : (
            <>
              {entry.leftover ? null : (
                <button
                  type="button"
                  disabled={vault?.locked}
                  onClick={() => setReplacing(entry)}
                  aria-label={`Replace ${what}`}
                >
                  Replace…
                </button>
              )}
              <button
                type="button"
                className={confirming ? 'danger' : undefined}
                disabled={vault?.locked}
                onClick={() => {
                  if (!confirming) {
                    setConfirmingCopy(entry.ref);
                    return;
                  }
                  setConfirmingCopy(undefined);
                  void state.copy(entry.ref, entry.fieldLabel);
                }}
                onBlur={() => setConfirmingCopy((current) => (current === entry.ref ? undefined : current))}
                aria-label={confirming ? `Copy ${what} in clear text` : `Copy ${what}`}
              >
                {confirming ? 'Copy in clear text' : 'Copy'}
              </button>
              <button
                type="button"
                className="ghost"
                onClick={() => void state.remove([entry.ref], what)}
                aria-label={`Delete ${what}`}
              >
                Delete
              </button>
              {siblings.length > 1 && firstOfOwner ? (
                <button
                  type="button"
                  className="ghost"
                  onClick={() =>
                    void state.remove(
                      siblings.map((sibling) => sibling.ref),
                      `the ${siblings.length} secrets of ${entry.owner.name}`,
                    )
                  }
                  aria-label={`Delete all ${siblings.length} secrets of ${entry.owner.name}`}
                >
                  Delete all
                </button>
              ) : null}
            </>
          )}
        </td>
      </tr>
    );
  };

  const table = (rows: VaultEntry[], label: string) => (
    <table className="vault-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Request</th>
          <th scope="col">Field</th>
          <th scope="col">Sent to</th>
          <th scope="col">Last used</th>
          <th scope="col">Protection</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>{rows.map(row)}</tbody>
    </table>
  );

  return (
    <section className="ledger vault-view" aria-labelledby="vault-title">
      <h1 id="vault-title">Vault</h1>
      <p className="summary">
        Every secret Tokensmith keeps on this computer, whose it is and where it may be sent. Values are never shown;
        Copy puts one on your clipboard after you confirm.
      </p>
      {confirmingCopy ? (
        <p className="banner banner-error" role="alert">
          The secret will be on your clipboard in clear text. Press the button again to copy it anyway.
        </p>
      ) : null}
      <div className="vault-tools">
        <input
          type="search"
          aria-label="Search secrets"
          placeholder="Search secrets…"
          value={search}
          onChange={(event) => state.setSearch(event.target.value)}
        />
        <div className="vault-sort">
          <span className="picker-label" aria-hidden="true">
            Sort by
          </span>
          <Segmented label="Sort by" options={SORTS} value={sort} onChange={state.setSort} />
        </div>
      </div>
      {entries.length === 0 ? (
        <p className="empty">No secrets yet. Secrets you type in a request are kept here.</p>
      ) : inUse.length === 0 ? (
        <p className="empty">No secret in use matches.</p>
      ) : (
        table(inUse, 'Secrets in use')
      )}
      <section className="vault-leftovers" aria-labelledby="vault-leftovers-title">
        <div className="vault-section-head">
          <h2 id="vault-leftovers-title">
            Leftovers <span className="count">{allLeftovers}</span>
          </h2>
          <button type="button" className="danger" disabled={allLeftovers === 0} onClick={() => void state.prune()}>
            Delete all leftovers
          </button>
        </div>
        <p className="summary">
          Secrets no saved request uses any more: after a request was deleted, renamed away, or an import stopped
          halfway. Deleting them takes their sealed values out of the store file.
        </p>
        {leftovers.length > 0 ? table(leftovers, 'Leftover secrets') : <p className="note">No leftovers.</p>}
      </section>
      <VaultSettings />
      <ReplaceSecretDialog entry={replacing} onClose={() => setReplacing(undefined)} />
    </section>
  );
}
