import type { LedgerView } from '../../../../../shared/domain/ledger.ts';
import type { TokenView } from '../../../../../shared/domain/token.ts';
import { Fact } from '../../../ui/Fact.tsx';
import { relativeTime } from '../../../ui/relative-time.ts';
import { useNow } from '../../../ui/use-now.ts';
import { formatDuration } from '../format.ts';

type CardStatus = 'valid' | 'expired' | 'revoked';

/** What the card shows: the ledger's token when it keeps one (renewed since the run, perhaps), else the run's. */
export interface CardToken {
  accessTokenMasked: string;
  tokenType: string;
  expiresAt?: string | undefined;
  expiresIn?: number | undefined;
  scope?: string | undefined;
  jwt?: TokenView['jwt'];
  warnings: string[];
  revoked: boolean;
}

export function cardToken(token: TokenView | undefined, kept: LedgerView | undefined): CardToken | undefined {
  if (kept) {
    return {
      accessTokenMasked: kept.accessTokenMasked,
      tokenType: kept.tokenType,
      expiresAt: kept.expiresAt,
      scope: kept.scope || undefined,
      jwt: kept.jwt,
      warnings: token?.warnings ?? [],
      revoked: kept.status === 'revoked',
    };
  }
  return token ? { ...token, revoked: false } : undefined;
}

export function TokenCard({
  token,
  onCopy,
  onRenew,
  onInspect,
}: {
  token: CardToken;
  onCopy?: (() => void) | undefined;
  /** Offered once the token has expired, when it can be renewed. */
  onRenew?: (() => void) | undefined;
  onInspect: () => void;
}) {
  const now = useNow();
  const expires = token.expiresAt ? Date.parse(token.expiresAt) : undefined;
  const status: CardStatus = token.revoked ? 'revoked' : expires !== undefined && expires <= now ? 'expired' : 'valid';
  return (
    <div className="token-card" role="group" aria-label="Token" data-status={status}>
      <div className="token-main">
        <span className="token-label">Access token</span>
        <code className="token-value" data-testid="token-masked" title={token.accessTokenMasked}>
          {token.accessTokenMasked}
        </code>
        {status !== 'valid' ? (
          <span className={`state-pill state-${status}`}>{status === 'expired' ? 'Expired' : 'Revoked'}</span>
        ) : null}
        <span className="token-actions">
          {status !== 'valid' && onRenew ? (
            <button type="button" className="primary" onClick={onRenew}>
              Renew
            </button>
          ) : null}
          {onCopy ? (
            <button type="button" onClick={onCopy}>
              Copy token
            </button>
          ) : null}
          {token.jwt ? (
            <button type="button" onClick={onInspect}>
              Inspect JWT
            </button>
          ) : null}
        </span>
      </div>
      <dl className="facts">
        <Fact term="Type">{token.tokenType}</Fact>
        <Fact
          term={status === 'expired' ? 'Expired' : 'Expires in'}
          data-testid="token-expires-in"
          className="countdown"
        >
          {expires !== undefined
            ? relativeTime(expires, now)
            : token.expiresIn === undefined
              ? 'unknown'
              : formatDuration(token.expiresIn)}
        </Fact>
        {token.expiresAt ? (
          <Fact term="Expires at">
            <time dateTime={token.expiresAt}>{new Date(token.expiresAt).toLocaleString()}</time>
          </Fact>
        ) : null}
        {token.scope ? <Fact term="Scope">{token.scope}</Fact> : null}
        {token.jwt ? (
          <Fact term="Format">JWT ({typeof token.jwt.header.alg === 'string' ? token.jwt.header.alg : 'no alg'})</Fact>
        ) : null}
      </dl>
      {token.warnings.length > 0 ? (
        // How the response departs from RFC 6749 §5.1: worth knowing, not a failure, so neutral and folded.
        <details className="notes">
          <summary>Notes ({token.warnings.length})</summary>
          <ul aria-label="Notes">
            {token.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
