import { AppError } from '../../../shared/domain/errors.ts';

interface ErrorWithCode {
  code?: unknown;
  cause?: unknown;
  name?: unknown;
}

/** The first `code` found on an error or along its chain of causes. */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause, name } = current as ErrorWithCode;
    if (typeof code === 'string') codes.push(code);
    if (name === 'AbortError') codes.push('ABORT');
    current = cause;
  }
  return codes;
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

/**
 * Turns what undici and Node throw into one of our codes, with a sentence about the host (never
 * the full URL, whose query may hold a secret) and what to check.
 */
export function transportError(error: unknown, options: { url: URL; timeoutMs: number; urlField?: string }): AppError {
  if (error instanceof AppError) return error;
  const host = options.url.host;
  const field = options.urlField;
  const checkUrl = field ? `Check ${field}` : 'Check the URL';
  const codes = errorCodes(error);
  const has = (code: string): boolean => codes.includes(code);

  if (has('ABORT') || has('UND_ERR_ABORTED') || has('ABORT_ERR')) {
    return new AppError('CANCELLED', 'The request was cancelled.');
  }
  if (
    has('UND_ERR_CONNECT_TIMEOUT') ||
    has('UND_ERR_HEADERS_TIMEOUT') ||
    has('UND_ERR_BODY_TIMEOUT') ||
    has('ETIMEDOUT')
  ) {
    const phase = has('UND_ERR_CONNECT_TIMEOUT')
      ? 'to accept the connection'
      : has('UND_ERR_BODY_TIMEOUT')
        ? 'to send the rest of its answer'
        : 'to answer';
    return new AppError('TIMEOUT', `${host} took longer than ${options.timeoutMs / 1000} s ${phase}.`, {
      hint: `${checkUrl}, your network or VPN, or raise the timeout.`,
      field,
      cause: error,
    });
  }
  if (has('ECONNREFUSED')) {
    return new AppError('CONNECTION_REFUSED', `${host} refused the connection.`, {
      hint: `${checkUrl}: the host or port may be wrong, or the server is down.`,
      field,
      cause: error,
    });
  }
  if (has('ENOTFOUND') || has('EAI_AGAIN')) {
    return new AppError('DNS_FAILURE', `The host name ${options.url.hostname} could not be resolved.`, {
      hint: `${checkUrl} for a typo, or your DNS and network connection.`,
      field,
      cause: error,
    });
  }
  const tls = codes.find((code) => TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL'));
  if (tls) {
    return new AppError('TLS_FAILURE', `The TLS connection to ${host} failed (${tls}).`, {
      hint: 'The certificate is not trusted for this host: check the URL, add your CA file, or for a test server only, turn TLS verification off.',
      field,
      cause: error,
    });
  }
  const code = codes[0] ?? 'unknown error';
  return new AppError('NETWORK', `The request to ${host} failed (${code}).`, {
    hint: `${checkUrl} and your network connection.`,
    field,
    cause: error,
  });
}
