import type { IdTokenReport } from '../../../../../shared/domain/token.ts';

/** Each check in words, with the claim it reads. */
const CHECK_WORDS: Readonly<Record<string, string>> = {
  signature: 'Signature (issuer’s keys)',
  iss: 'Issuer (iss)',
  aud: 'Audience (aud)',
  azp: 'Authorized party (azp)',
  exp: 'Not expired (exp)',
  iat: 'Issued in the past (iat)',
  nonce: 'Nonce of this sign-in (nonce)',
  at_hash: 'Access token hash (at_hash)',
  c_hash: 'Code hash (c_hash)',
};

/**
 * What Tokensmith checked of the ID token (OpenID Connect Core §3.1.3.7), each check passed or
 * failed; a failed one is an error of the run, shown above, and marked here.
 */
export function IdTokenChecks({ report }: { report: IdTokenReport }) {
  const failed = report.checks.filter((check) => !check.ok).length;
  return (
    <section
      className={`id-token-checks${report.valid ? '' : ' id-token-invalid'}`}
      aria-label="ID token checks"
      data-valid={report.valid}
    >
      <h3>
        {report.valid
          ? `ID token: all ${report.checks.length} checks passed`
          : `ID token rejected: ${failed} of ${report.checks.length} checks failed`}
      </h3>
      <ul>
        {report.checks.map((check) => (
          <li key={check.name} data-check={check.name} data-ok={check.ok}>
            <span className="check-mark" aria-hidden="true">
              {check.ok ? '✓' : '✗'}
            </span>{' '}
            <span className="check-name">{CHECK_WORDS[check.name] ?? check.name}</span>{' '}
            <span className="visually-hidden">{check.ok ? 'passed' : 'failed'}:</span>
            <span className="check-detail">{check.detail}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
