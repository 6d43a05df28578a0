import { Fragment, useEffect, useState, type ComponentProps } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LedgerStatus } from '../../../../../shared/domain/ledger.ts';
import { useStore } from '../../../store/index.ts';
import { relativeTime } from '../../../ui/relative-time.ts';
import { TableHead } from '../../../ui/TableHead.tsx';
import { useNow } from '../../../ui/use-now.ts';
import { IntrospectionResult } from './IntrospectionResult.tsx';
import { RevokeNeeds } from './RevokeNeeds.tsx';

const STATUS_LABEL: Record<LedgerStatus, string> = {
  valid: 'Valid',
  expiring: 'Expiring',
  expired: 'Expired',
  revoked: 'Revoked',
  'no-expiry': 'No expiry',
};

const HEADINGS = ['Request', 'Provider', 'Server', 'Client', 'Scope', 'Token', 'Expiry'];

/** The headings and the actions column: what a row under a token spans. */
const COLUMNS = HEADINGS.length + 1;

/**
 * A button of a token's row, named by what it does. Every row has the same buttons, so the
 * accessible name also says whose token it acts on.
 */
function TokenAction({ verb, owner, ...button }: ComponentProps<'button'> & { verb: string; owner: string }) {
  return (
    <button type="button" aria-label={`${verb} the ${owner} token`} {...button}>
      {verb}
    </button>
  );
}

/** Every token Tokensmith keeps: what it is for, when it ends (live), and what can be done with it. */
export function LedgerView() {
  const {
    ledger,
    requests,
    loadLedger,
    renewToken,
    revokeToken,
    deleteToken,
    copyLedgerToken,
    inspect,
    introspections,
    introspectToken,
    forgetIntrospection,
  } = useStore(
    useShallow((state) => ({
      introspections: state.introspections,
      introspectToken: state.introspectToken,
      forgetIntrospection: state.forgetIntrospection,
      ledger: state.ledger,
      requests: state.requests,
      loadLedger: state.loadLedger,
      renewToken: state.renewToken,
      revokeToken: state.revokeToken,
      deleteToken: state.deleteToken,
      copyLedgerToken: state.copyLedgerToken,
      inspect: state.inspect,
    })),
  );
  const now = useNow();
  /** The token whose Revoke asks for what it needs first. */
  const [asking, setAsking] = useState<string | undefined>(undefined);
  /** The saved requests a token was got with, by name. */
  const requestNames = (ids: readonly string[] | undefined): string =>
    (ids ?? [])
      .map((id) => requests.find((request) => request.id === id)?.name)
      .filter((name) => name !== undefined)
      .join(', ');
  useEffect(() => {
    void loadLedger();
  }, [loadLedger]);

  return (
    <section className="ledger" aria-label="Token ledger">
      <h1>Tokens</h1>
      <p className="summary">
        Renewed shortly before they expire when a refresh token or a client-credentials flow allows it. An expired token
        is never used.
      </p>
      {ledger.length === 0 ? (
        <p className="empty">No tokens yet. Get one from any request.</p>
      ) : (
        <table className="ledger-table">
          <TableHead columns={HEADINGS} actions="Actions" />
          <tbody>
            {ledger.map((entry) => {
              const expires = entry.expiresAt ? Date.parse(entry.expiresAt) : undefined;
              const status: LedgerStatus =
                entry.status !== 'revoked' && expires !== undefined && expires <= now ? 'expired' : entry.status;
              const needsFields = entry.canRevoke && (entry.revokeNeeds?.length ?? 0) > 0;
              return (
                <Fragment key={entry.id}>
                  <tr data-status={status} data-testid="ledger-row">
                    <td data-label="Request">
                      <span className="truncate" title={requestNames(entry.requestIds)}>
                        {requestNames(entry.requestIds) || '—'}
                      </span>
                    </td>
                    <td data-label="Provider">{entry.profileName}</td>
                    <td data-label="Server">
                      <span className="truncate" title={entry.environment}>
                        {entry.environment}
                      </span>
                    </td>
                    <td data-label="Client">
                      <code className="truncate" title={entry.clientId}>
                        {entry.clientId || '—'}
                      </code>
                    </td>
                    <td data-label="Scope">
                      <span className="truncate" title={entry.scope}>
                        {entry.scope || '—'}
                      </span>
                    </td>
                    <td data-label="Token">
                      <code>{entry.accessTokenMasked}</code>
                    </td>
                    <td data-label="Expiry" className="expiry">
                      <span className={`state-pill state-${status}`}>{STATUS_LABEL[status]}</span>{' '}
                      <span className="countdown" data-testid="ledger-countdown">
                        {expires !== undefined ? relativeTime(expires, now) : ''}
                      </span>
                      {entry.replacedSecret ? (
                        <span className="cell-note" data-testid="ledger-replaced-secret">
                          Obtained with a replaced secret
                        </span>
                      ) : null}
                    </td>
                    <td className="row-actions">
                      <TokenAction
                        verb="Renew"
                        owner={entry.profileName}
                        disabled={!entry.canRenew}
                        title={
                          entry.replacedSecret
                            ? 'Got with a secret that was replaced since: renewing would send the old secret. Run the request again for a token with the new one.'
                            : undefined
                        }
                        onClick={() => void renewToken(entry.id)}
                      />
                      <TokenAction
                        verb="Revoke"
                        owner={entry.profileName}
                        disabled={!entry.canRevoke}
                        aria-expanded={needsFields ? asking === entry.id : undefined}
                        title={
                          needsFields
                            ? `Revoke needs ${entry.revokeNeeds?.map((need) => need.label).join(' and ')}`
                            : entry.canRevoke
                              ? 'Revoke the token at the provider'
                              : entry.status === 'revoked'
                                ? 'This token is revoked already.'
                                : `${entry.profileName} has no revocation endpoint.`
                        }
                        onClick={() =>
                          needsFields
                            ? setAsking(asking === entry.id ? undefined : entry.id)
                            : void revokeToken(entry.id)
                        }
                      />
                      <TokenAction
                        verb="Copy"
                        owner={entry.profileName}
                        disabled={status === 'expired' || status === 'revoked'}
                        onClick={() => void copyLedgerToken(entry.id)}
                      />
                      <TokenAction
                        verb="Introspect"
                        owner={entry.profileName}
                        title="Ask the server whether the token is active (RFC 7662)"
                        onClick={() => void introspectToken(entry.id)}
                      />
                      {entry.jwt ? (
                        <button
                          type="button"
                          onClick={() =>
                            entry.jwt &&
                            inspect({
                              source: { kind: 'ledger', ledgerId: entry.id },
                              title: `${entry.profileName} token`,
                              decoded: entry.jwt,
                            })
                          }
                          aria-label={`Inspect the ${entry.profileName} JWT`}
                        >
                          JWT
                        </button>
                      ) : null}
                      <TokenAction
                        verb="Delete"
                        owner={entry.profileName}
                        className="ghost"
                        onClick={() => void deleteToken(entry.id)}
                      />
                    </td>
                  </tr>
                  {needsFields && asking === entry.id ? (
                    <RevokeNeeds
                      entry={entry}
                      columns={COLUMNS}
                      onRevoke={(values) => {
                        setAsking(undefined);
                        void revokeToken(entry.id, values);
                      }}
                      onCancel={() => setAsking(undefined)}
                    />
                  ) : null}
                  {introspections[entry.id] ? (
                    <tr className="introspection-row">
                      <td colSpan={COLUMNS}>
                        <IntrospectionResult
                          answer={introspections[entry.id]!}
                          onHide={() => forgetIntrospection(entry.id)}
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
