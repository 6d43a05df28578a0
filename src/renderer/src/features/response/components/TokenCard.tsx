import type { TokenView } from '../../../../../shared/domain/token.ts';
import { relativeTime } from '../../../ui/relative-time.ts';
import { useNow } from '../../../ui/use-now.ts';
import { formatDuration } from '../format.ts';

export function TokenCard({
  token,
  onCopy,
  onInspect,
}: {
  token: TokenView;
  onCopy?: (() => void) | undefined;
  onInspect: () => void;
}) {
  const now = useNow();
  return (
    <div className="token-card" aria-label="Token">
      <div className="token-main">
        <span className="token-label">Access token</span>
        <code className="token-value" data-testid="token-masked">
          {token.accessTokenMasked}
        </code>
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
      </div>
      <dl className="facts">
        <div>
          <dt>Type</dt>
          <dd>{token.tokenType}</dd>
        </div>
        <div>
          <dt>Expires in</dt>
          <dd data-testid="token-expires-in">
            {token.expiresAt
              ? relativeTime(Date.parse(token.expiresAt), now)
              : token.expiresIn === undefined
                ? 'unknown'
                : formatDuration(token.expiresIn)}
          </dd>
        </div>
        {token.expiresAt ? (
          <div>
            <dt>Expires at</dt>
            <dd>
              <time dateTime={token.expiresAt}>{new Date(token.expiresAt).toLocaleString()}</time>
            </dd>
          </div>
        ) : null}
        {token.scope ? (
          <div>
            <dt>Scope</dt>
            <dd>{token.scope}</dd>
          </div>
        ) : null}
        {token.jwt ? (
          <div>
            <dt>Format</dt>
            <dd>JWT ({typeof token.jwt.header.alg === 'string' ? token.jwt.header.alg : 'no alg'})</dd>
          </div>
        ) : null}
      </dl>
      {token.warnings.length > 0 ? (
        <ul className="warnings" aria-label="Warnings">
          {token.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
