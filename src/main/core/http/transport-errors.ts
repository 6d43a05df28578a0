import { AppError } from '../../../shared/domain/errors.ts';

interface ErrorWithCode {
  code?: unknown;
  cause?: unknown;
  name?: unknown;
}

/**
 * The `code`s found on an error and along its chain of causes; undici's parser errors carry none,
 * so their name stands in for one.
 */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause, name } = current as ErrorWithCode;
    if (typeof code === 'string') codes.push(code);
    if (name === 'AbortError') codes.push('ABORT');
    if (name === 'HTTPParserError') codes.push('HTTP_PARSER');
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

export interface TransportErrorOptions {
  url: URL;
  timeoutMs: number;
  /** The field the URL came from. */
  urlField?: string | undefined;
  /** Its label, which the hints name: the user sees "Token URL", not `tokenUrl`. */
  urlLabel?: string | undefined;
}

function checkUrl(options: { urlField?: string | undefined; urlLabel?: string | undefined }): string {
  const name = options.urlLabel ?? options.urlField;
  return name ? `Check ${name}` : 'Check the URL';
}

/** A request that went on past its overall deadline, however steadily the server sent bytes. */
export function deadlineError(options: Omit<TransportErrorOptions, 'timeoutMs'> & { deadlineMs: number }): AppError {
  return new AppError(
    'TIMEOUT',
    `${options.url.host} took longer than ${options.deadlineMs / 1000} s in all to answer.`,
    {
      hint: `${checkUrl(options)}: the server sends its answer too slowly. Raise the deadline if it is just slow.`,
      field: options.urlField,
    },
  );
}

/** What the transport failures a server causes mean, in words: [codes, message, what to check]. */
const SERVER_FAILURES: [codes: string[], message: (host: string) => string, hint: string][] = [
  [
    ['UND_ERR_SOCKET'],
    (host) => `${host} closed the connection before its answer was complete.`,
    'the server may have crashed or cut the request off, or a proxy or firewall closed the connection.',
  ],
  [
    ['ECONNRESET', 'EPIPE'],
    (host) => `${host} reset the connection.`,
    'the server, a proxy or a firewall dropped the request; check the port and whether the server expects HTTPS.',
  ],
  [
    ['UND_ERR_HEADERS_OVERFLOW'],
    (host) => `${host} sent response headers larger than Tokensmith accepts (16 KB).`,
    'a token endpoint answers with a few small headers; this address may be another kind of server.',
  ],
  [
    ['HTTP_PARSER', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_RES_EXCEEDED_MAX_SIZE'],
    (host) => `${host} did not answer in HTTP that Tokensmith can read.`,
    'the port may belong to another service, or expect HTTPS where the URL says http.',
  ],
];

/**
 * Turns what undici and Node throw into one of our codes, with one sentence about the host (never
 * the full URL, whose query may hold a secret) and what to check, naming the field by its label.
 */
export function transportError(error: unknown, options: TransportErrorOptions): AppError {
  if (error instanceof AppError) return error;
  const host = options.url.host;
  const field = options.urlField;
  const check = checkUrl(options);
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
      hint: `${check}, your network or VPN, or raise the timeout.`,
      field,
      cause: error,
    });
  }
  if (has('ECONNREFUSED')) {
    return new AppError('CONNECTION_REFUSED', `${host} refused the connection.`, {
      hint: `${check}: the host or port may be wrong, or the server is down.`,
      field,
      cause: error,
    });
  }
  if (has('ENOTFOUND') || has('EAI_AGAIN')) {
    return new AppError('DNS_FAILURE', `The host name ${options.url.hostname} could not be resolved.`, {
      hint: `${check} for a typo, or your DNS and network connection.`,
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
  if (has('UND_ERR_INVALID_ARG')) {
    // Nothing was sent: a value of the request (most often a pasted line break) cannot go in HTTP.
    // The flow knows which field the value came from and names it.
    const protocol = error instanceof Error && /protocol/i.test(error.message);
    return new AppError(
      'INVALID_FIELD',
      protocol
        ? 'The request was not sent: its URL does not start with http:// or https://.'
        : 'The request was not sent: a header would hold a line break, a control character or a character outside Latin-1, which HTTP does not allow.',
      {
        hint: protocol ? `${check}.` : 'Check the fields for a pasted line break or stray character.',
        ...(protocol ? { field } : {}),
        cause: error,
      },
    );
  }
  const known = SERVER_FAILURES.find(([failureCodes]) => failureCodes.some(has));
  if (known) {
    const [failureCodes, message, hint] = known;
    const closedEarly = failureCodes.includes('UND_ERR_SOCKET') && !responseStarted(error);
    return new AppError('NETWORK', closedEarly ? `${host} closed the connection before answering.` : message(host), {
      hint: `${check}: ${hint}`,
      field,
      cause: error,
    });
  }
  return new AppError('NETWORK', `The request to ${host} failed before an answer came back.`, {
    hint: `${check} and your network connection.`,
    field,
    cause: error,
  });
}

/** undici's SocketError says how many bytes had been read when the socket closed. */
function responseStarted(error: unknown): boolean {
  const socket = (error as { socket?: { bytesRead?: unknown } } | null)?.socket;
  return typeof socket?.bytesRead === 'number' && socket.bytesRead > 0;
}
