import { AppError } from '../../../shared/domain/errors.ts';

/**
 * Reads the redirect an authorization server sent the browser to: checks `state` exactly, the
 * `iss` parameter when present, and returns the code; an `error` becomes a clear message.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
export function processAuthorizationResponse(
  url: URL,
  expected: { state: string; issuer?: string | undefined; issuerRequired?: boolean },
): string {
  const params = url.searchParams;
  const state = params.get('state');
  if (state !== expected.state) {
    throw new AppError(
      'STATE_MISMATCH',
      state === null
        ? 'The authorization response has no "state".'
        : 'The authorization response carries a different "state" than the one sent.',
      {
        hint: 'This response does not belong to this request (a stale tab or a forged link). Start the flow again.',
      },
    );
  }
  const issuer = params.get('iss');
  if (issuer === null && expected.issuerRequired) {
    throw new AppError(
      'ISSUER_MISMATCH',
      'The authorization response has no "iss", though the server says it always sends one (RFC 9207).',
      {
        hint: 'Possible mix-up attack: the answer may come from another server. Start the flow again.',
        field: 'issuer',
      },
    );
  }
  if (issuer !== null && expected.issuer && issuer !== expected.issuer) {
    throw new AppError(
      'ISSUER_MISMATCH',
      `The authorization response comes from issuer ${issuer}, not ${expected.issuer}.`,
      {
        hint: 'Possible mix-up attack, or the wrong issuer: check Issuer.',
        field: 'issuer',
      },
    );
  }
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description');
    return failed(error, description);
  }
  const code = params.get('code');
  if (!code)
    throw new AppError('AUTHORIZATION_DENIED', 'The authorization response has no "code".', {
      hint: 'Start the flow again.',
    });
  return code;
}

function failed(error: string, description: string | null): never {
  const detail = description ? `: ${description}` : '';
  if (error === 'access_denied') {
    throw new AppError('AUTHORIZATION_DENIED', `Access was denied in the browser (access_denied${detail}).`, {
      hint: 'Approve the request in the browser, or check that this account may use the client.',
    });
  }
  if (/pushed authorization request/i.test(description ?? '')) {
    throw new AppError('AUTHORIZATION_DENIED', `The authorization server answered ${error}${detail}.`, {
      hint: 'This client must send its authorization request first: set Send the authorization request first (PAR) to auto or on (RFC 9126).',
      field: 'par',
    });
  }
  throw new AppError('AUTHORIZATION_DENIED', `The authorization server answered ${error}${detail}.`, {
    hint: 'Check Client ID, Redirect URI and Scope: the server refused the authorization request.',
  });
}
