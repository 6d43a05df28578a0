import type { Introspection } from '../../../../../shared/domain/token.ts';
import { Fact } from '../../../ui/Fact.tsx';
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
          <Fact term="Active">
            <span
              className={`state-pill ${found.active ? 'state-valid' : 'state-revoked'}`}
              data-testid="introspection-active"
              data-active={found.active}
            >
              {found.active ? 'Active' : 'Not active'}
            </span>
          </Fact>
          {found.active ? (
            <>
              <Fact term="Scope">{found.scope || '—'}</Fact>
              <Fact term="Client">
                <code>{found.clientId ?? '—'}</code>
              </Fact>
              <Fact term="Subject">
                <code>{found.sub ?? '—'}</code>
              </Fact>
              <Fact term="Expires">
                {expires !== undefined ? `${new Date(expires).toLocaleString()} (${relativeTime(expires, now)})` : '—'}
              </Fact>
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
