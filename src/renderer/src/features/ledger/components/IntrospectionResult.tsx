import type { Introspection } from '../../../../../shared/domain/token.ts';
import { relativeTime } from '../../../ui/relative-time.ts';
import { useNow } from '../../../ui/use-now.ts';

/**
 * What the authorization server says of a token (RFC 7662 §2.2): whether it is active, and its
 * scope, client, subject and expiry; or why it could not say.
 */
export function IntrospectionResult({
  answer,
  onHide,
}: {
  answer: { introspection?: Introspection; error?: string };
  onHide?: () => void;
}) {
  const now = useNow();
  const found = answer.introspection;
  const expires = found?.expiresAt ? Date.parse(found.expiresAt) : undefined;
  return (
    <section className="introspection" aria-label="Introspection" aria-live="polite">
      {found ? (
        <dl>
          <div>
            <dt>Active</dt>
            <dd>
              <span
                className={`state-pill ${found.active ? 'state-valid' : 'state-revoked'}`}
                data-testid="introspection-active"
                data-active={found.active}
              >
                {found.active ? 'Active' : 'Not active'}
              </span>
            </dd>
          </div>
          {found.active ? (
            <>
              <div>
                <dt>Scope</dt>
                <dd>{found.scope || '—'}</dd>
              </div>
              <div>
                <dt>Client</dt>
                <dd>
                  <code>{found.clientId ?? '—'}</code>
                </dd>
              </div>
              <div>
                <dt>Subject</dt>
                <dd>
                  <code>{found.sub ?? '—'}</code>
                </dd>
              </div>
              <div>
                <dt>Expires</dt>
                <dd>
                  {expires !== undefined
                    ? `${new Date(expires).toLocaleString()} (${relativeTime(expires, now)})`
                    : '—'}
                </dd>
              </div>
            </>
          ) : null}
        </dl>
      ) : (
        <p className="field-error">{answer.error}</p>
      )}
      {onHide ? (
        <button type="button" className="ghost" onClick={onHide}>
          Hide
        </button>
      ) : null}
    </section>
  );
}
