import { useId, useState, type SyntheticEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { JwtKey } from '../../../../../shared/domain/jwt-verification.ts';
import { useStore } from '../../../store/index.ts';
import { Modal } from '../../../ui/Modal.tsx';
import { relativeTime } from '../../../ui/relative-time.ts';
import { useNow } from '../../../ui/use-now.ts';
import { CLAIM_NAMES, HEADER_NAMES, TIME_CLAIMS } from '../claims.ts';
import { confirmationChecks, type ConfirmationCheck } from '../../../../../shared/jwt/confirmation.ts';
import { IntrospectionResult } from '../../ledger/components/IntrospectionResult.tsx';
import { withoutBearer, type JwtSource } from '../slice.ts';

function ledgerIdOf(source: JwtSource): string {
  return source.kind === 'ledger' ? source.ledgerId : '';
}

/** The keys the token's `cnf` binds it to, each compared with what the ledger keeps it with. */
function ConfirmationList({ checks }: { checks: ConfirmationCheck[] }) {
  if (checks.length === 0) return null;
  return (
    <section className="confirmation" aria-label="Bound to">
      <h3>Bound to</h3>
      <ul>
        {checks.map((check) => (
          <li key={check.member} data-member={check.member} data-matches={check.matches ?? 'unknown'}>
            <span className="check-name">{check.label}</span> <code>{check.value}</code>{' '}
            <span
              className={`state-pill ${check.matches === true ? 'state-ok' : check.matches === false ? 'state-bad' : ''}`}
            >
              {check.matches === true ? 'Matches' : check.matches === false ? 'Does not match' : 'Not compared'}
            </span>
            <span className="check-detail"> {check.detail}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function render(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function ClaimsTable({
  values,
  names,
  caption,
  now,
}: {
  values: Record<string, unknown>;
  names: Record<string, string>;
  caption: string;
  now: number;
}) {
  return (
    <table className="pairs claims">
      <caption className="visually-hidden">{caption}</caption>
      <tbody>
        {Object.entries(values).map(([claim, value]) => (
          <tr key={claim}>
            <th scope="row">
              <code>{claim}</code>
              {names[claim] ? <span className="claim-name">{names[claim]}</span> : null}
            </th>
            <td>
              {render(value)}
              {TIME_CLAIMS.has(claim) && typeof value === 'number' ? (
                <span className="claim-time">
                  {' '}
                  — {new Date(value * 1000).toLocaleString()} ({relativeTime(value * 1000, now)})
                </span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const KEY_KINDS: { kind: JwtKey['kind']; label: string; placeholder: string }[] = [
  { kind: 'secret', label: 'Shared secret', placeholder: 'The HMAC secret (HS256/384/512)' },
  { kind: 'pem', label: 'PEM key', placeholder: '-----BEGIN PUBLIC KEY-----' },
  { kind: 'jwks', label: 'JWKS URL', placeholder: 'https://issuer.example/.well-known/jwks.json' },
];

/**
 * Every JWT in one place: header and payload with the claims explained, times as local dates with a
 * live countdown, the decoder's warnings, and signature verification with a secret, a PEM key or a
 * JWKS URL (done in main: the renderer never holds the token).
 */
export function JwtInspector() {
  const {
    inspected,
    verification,
    verifyError,
    closeInspector,
    verify,
    inspectPasted,
    kept,
    introspection,
    introspectToken,
  } = useStore(
    useShallow((state) => ({
      kept:
        state.inspected?.source.kind === 'ledger'
          ? state.ledger.find(
              (entry) => state.inspected?.source.kind === 'ledger' && entry.id === state.inspected.source.ledgerId,
            )
          : undefined,
      introspection:
        state.inspected?.source.kind === 'ledger' ? state.introspections[state.inspected.source.ledgerId] : undefined,
      introspectToken: state.introspectToken,
      inspected: state.inspected,
      verification: state.verification,
      verifyError: state.verifyError,
      closeInspector: state.closeInspector,
      verify: state.verify,
      inspectPasted: state.inspectPasted,
    })),
  );
  const now = useNow();
  const [kind, setKind] = useState<JwtKey['kind']>('secret');
  const [key, setKey] = useState('');
  const [pasted, setPasted] = useState('');
  const [revealed, setRevealed] = useState(false);
  const keyId = useId();
  const { token: pastedToken, stripped } = withoutBearer(pasted);
  const decoded = inspected?.decoded;
  const exp = typeof decoded?.payload.exp === 'number' ? decoded.payload.exp * 1000 : undefined;
  const close = (): void => {
    setKey('');
    setPasted('');
    setRevealed(false);
    closeInspector();
  };
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const jwtKey: JwtKey =
      kind === 'secret' ? { kind, secret: key } : kind === 'pem' ? { kind, pem: key } : { kind, url: key };
    void verify(jwtKey, pastedToken);
  };
  const current = KEY_KINDS.find((candidate) => candidate.kind === kind)!;
  return (
    <Modal
      title={inspected ? `JWT inspector — ${inspected.title}` : 'JWT inspector'}
      open={inspected !== undefined}
      onClose={close}
    >
      <div className="jwt-inspector" aria-label="Decoded JWT">
        {inspected?.source.kind === 'pasted' ? (
          <label className="stacked">
            Paste a JWT
            <textarea
              rows={3}
              value={pasted}
              spellCheck={false}
              onChange={(event) => {
                setPasted(event.target.value);
                inspectPasted(withoutBearer(event.target.value).token);
              }}
            />
          </label>
        ) : null}
        {stripped ? <p className="note">The “Bearer ” prefix was left out: the token is what follows it.</p> : null}
        {inspected?.problem && pasted !== '' ? <p className="field-error">{inspected.problem}</p> : null}
        {decoded ? (
          <>
            <div className="jwt-states" aria-label="Token state">
              {exp !== undefined ? (
                <span className={`state-pill ${exp <= now ? 'state-bad' : 'state-ok'}`} data-testid="jwt-expiry">
                  {exp <= now ? `Expired ${relativeTime(exp, now)}` : `Expires ${relativeTime(exp, now)}`}
                </span>
              ) : (
                <span className="state-pill">No expiry</span>
              )}
              {decoded.warnings
                .filter((warning) => !warning.startsWith('The token has expired'))
                .map((warning) => (
                  <span key={warning} className="state-pill state-bad">
                    {warning}
                  </span>
                ))}
            </div>
            <ConfirmationList
              checks={confirmationChecks(
                decoded.payload.cnf,
                inspected.source.kind === 'ledger' ? (kept?.binding ?? {}) : undefined,
              )}
            />
            <h3>Header</h3>
            <ClaimsTable values={decoded.header} names={HEADER_NAMES} caption="JWT header" now={now} />
            <h3>Payload</h3>
            <ClaimsTable values={decoded.payload} names={CLAIM_NAMES} caption="JWT payload" now={now} />
            <form className="verify" onSubmit={submit}>
              <h3>Verify the signature</h3>
              <div className="segmented" role="radiogroup" aria-label="Key">
                {KEY_KINDS.map((option) => (
                  <button
                    key={option.kind}
                    type="button"
                    role="radio"
                    aria-checked={kind === option.kind}
                    onClick={() => setKind(option.kind)}
                  >
                    {option.label}
                  </button>
                ))}
              </div>
              <div className="stacked">
                {/* A label of its own: the Show button beside the input must not join its name. */}
                <label htmlFor={keyId}>{current.label}</label>
                {kind === 'pem' ? (
                  <textarea
                    id={keyId}
                    rows={4}
                    value={key}
                    placeholder={current.placeholder}
                    spellCheck={false}
                    onChange={(event) => setKey(event.target.value)}
                  />
                ) : (
                  <span className="input-row">
                    <input
                      id={keyId}
                      type={kind === 'secret' && !revealed ? 'password' : kind === 'secret' ? 'text' : 'url'}
                      value={key}
                      placeholder={current.placeholder}
                      autoComplete="off"
                      spellCheck={false}
                      onChange={(event) => setKey(event.target.value)}
                    />
                    {kind === 'secret' ? (
                      <button
                        type="button"
                        className="ghost"
                        aria-pressed={revealed}
                        aria-label={revealed ? 'Hide the shared secret' : 'Show the shared secret'}
                        onClick={() => setRevealed(!revealed)}
                      >
                        {revealed ? 'Hide' : 'Show'}
                      </button>
                    ) : null}
                  </span>
                )}
              </div>
              {verifyError ? <p className="field-error">{verifyError}</p> : null}
              {/* The result sits beside the button that asked for it. */}
              <div className="verify-actions" aria-live="polite">
                <button type="submit" className="primary" disabled={key === ''}>
                  Verify
                </button>
                {verification ? (
                  <span
                    className={`state-pill ${verification.verdict === 'valid' ? 'state-ok' : 'state-bad'}`}
                    data-testid="jwt-verdict"
                    data-verdict={verification.verdict}
                  >
                    {verification.message}
                  </span>
                ) : null}
              </div>
            </form>
          </>
        ) : null}
        {inspected?.source.kind === 'ledger' ? (
          <div className="inspector-introspect">
            <h3>Ask the server</h3>
            <button type="button" onClick={() => void introspectToken(ledgerIdOf(inspected.source))}>
              Introspect
            </button>
            {introspection ? <IntrospectionResult answer={introspection} /> : null}
          </div>
        ) : null}
        <button type="button" className="ghost modal-close" onClick={close}>
          Close
        </button>
      </div>
    </Modal>
  );
}
