import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { performance } from 'node:perf_hooks';
import { EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import { AppError } from '../../../shared/domain/errors.ts';
import { bodyText, type HttpRequestSpec, type HttpResponseRecord, type Pair } from '../../../shared/domain/http.ts';
import { ConnectionTimings, timedConnector } from './connection-timing.ts';
import { deadlineError, transportError } from './transport-errors.ts';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BODY_BYTES = 50 * 1024 * 1024;
/** The most one request may take from start to last byte, however steadily the server drips. */
export const DEFAULT_DEADLINE_MS = 120_000;

export interface HttpClientOptions {
  /** Applies to connecting, to waiting for the headers, and to each pause while reading the body. */
  timeoutMs?: number;
  /** The whole request, from sending to the last byte of the body: `timeoutMs` bounds only each pause. */
  deadlineMs?: number;
  maxBodyBytes?: number;
  /** A PEM file of extra certificate authorities to trust besides the system's. */
  caFile?: string;
  /** Proxy settings; by default HTTPS_PROXY, HTTP_PROXY and NO_PROXY from the environment. */
  proxy?: { httpProxy?: string; httpsProxy?: string; noProxy?: string };
}

export interface SendOptions {
  signal?: AbortSignal | undefined;
  /** The field the URL came from, named in transport errors. */
  urlField?: string | undefined;
  /** That field's label, as the user sees it: hints say "Check Token URL", never the key. */
  urlLabel?: string | undefined;
  timeoutMs?: number | undefined;
  deadlineMs?: number | undefined;
  /** Skip TLS certificate verification for this request only, because the user said so. */
  insecureTls?: boolean | undefined;
  /** RFC 8705: the client certificate to present in the TLS handshake (mutual TLS). */
  clientCertificate?: ClientCertificate | undefined;
}

/** A client certificate and its key, as PEM, or a PKCS#12 bundle with its password. */
export type ClientCertificate =
  { readonly cert: string; readonly key: string } | { readonly pfx: Buffer; readonly passphrase?: string };

export interface HttpClient {
  send(spec: HttpRequestSpec, options?: SendOptions): Promise<HttpResponseRecord>;
  close(): Promise<void>;
}

function toPairs(headers: Record<string, string | string[] | undefined>): Pair[] {
  return Object.entries(headers).flatMap(([name, value]): Pair[] =>
    value === undefined ? [] : Array.isArray(value) ? value.map((v): Pair => [name, v]) : [[name, value]],
  );
}

function tooLarge(url: URL, limit: number, field: { urlField?: string | undefined; urlLabel?: string | undefined }) {
  return new AppError('BODY_TOO_LARGE', `${url.host} sent more than ${formatLimit(limit)}.`, {
    hint: `Check ${field.urlLabel ?? 'the URL'}: a token endpoint answers with a few hundred bytes. Raise the size limit for big API responses.`,
    field: field.urlField,
  });
}

function formatLimit(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/**
 * Sends {@link HttpRequestSpec}s with undici. Redirects are never followed: a step that expects
 * one reads the `Location` itself, so credentials never travel to another origin by accident.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const defaultDeadline = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const ca = options.caFile ? [...rootCertificates, readCaFile(options.caFile)] : undefined;
  const timings = new ConnectionTimings();

  const makeAgent = (rejectUnauthorized: boolean, certificate?: ClientCertificate): Dispatcher => {
    const tls = { rejectUnauthorized, ...(ca ? { ca } : {}), ...certificate };
    return new EnvHttpProxyAgent({
      ...options.proxy,
      connect: timedConnector(timings, { timeout: defaultTimeout, ...tls }),
      // Through a proxy, undici builds its own connectors from these (connections are not timed).
      requestTls: tls,
      proxyTls: ca ? { ca } : {},
    });
  };
  const agent = makeAgent(true);
  let insecureAgent: Dispatcher | undefined;
  // A connection made with a certificate is that certificate's: each gets its own pool.
  const certificateAgents = new Map<string, Dispatcher>();
  const dispatcherFor = (options: SendOptions): Dispatcher => {
    const certificate = options.clientCertificate;
    if (!certificate) return options.insecureTls ? (insecureAgent ??= makeAgent(false)) : agent;
    const id = createHash('sha256')
      .update(options.insecureTls ? 'insecure\0' : 'verify\0')
      .update('pfx' in certificate ? certificate.pfx : `${certificate.cert}\0${certificate.key}`)
      .digest('hex');
    let dispatcher = certificateAgents.get(id);
    if (!dispatcher) certificateAgents.set(id, (dispatcher = makeAgent(!options.insecureTls, certificate)));
    return dispatcher;
  };

  async function send(spec: HttpRequestSpec, sendOptions: SendOptions = {}): Promise<HttpResponseRecord> {
    const url = new URL(spec.url);
    const timeoutMs = sendOptions.timeoutMs ?? defaultTimeout;
    const deadlineMs = sendOptions.deadlineMs ?? defaultDeadline;
    // undici's timeouts restart with every byte; this one does not, and aborts the body too.
    const deadline = AbortSignal.timeout(deadlineMs);
    const signal = sendOptions.signal ? AbortSignal.any([sendOptions.signal, deadline]) : deadline;
    const dispatcher = dispatcherFor(sendOptions);
    const started = performance.now();
    const exchange = timings.begin();
    try {
      const pending = request(url, {
        method: spec.method,
        headers: spec.headers.flat(),
        body: bodyText(spec.body) ?? null,
        dispatcher,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      exchange.end();
      const response = await pending;
      const headersAt = performance.now();
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBodyBytes) {
        // Destroying an unread undici body emits an abort error: without a listener it is uncaught.
        response.body.on('error', () => undefined).destroy();
        throw tooLarge(url, maxBodyBytes, sendOptions);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBodyBytes) {
          response.body.on('error', () => undefined).destroy();
          throw tooLarge(url, maxBodyBytes, sendOptions);
        }
        chunks.push(chunk);
      }
      const done = performance.now();
      const connection = exchange.connection();
      return {
        status: response.statusCode,
        headers: toPairs(response.headers),
        bodyText: Buffer.concat(chunks, size).toString('utf8'),
        size,
        timing: {
          totalMs: round(done - started),
          firstByteMs: round(headersAt - started),
          downloadMs: round(done - headersAt),
          ...(connection?.connectMs !== undefined ? { connectMs: round(connection.connectMs) } : {}),
          ...(connection?.tlsMs !== undefined ? { tlsMs: round(connection.tlsMs) } : {}),
        },
      };
    } catch (error) {
      exchange.end();
      const field = { urlField: sendOptions.urlField, urlLabel: sendOptions.urlLabel };
      if (deadline.aborted && !sendOptions.signal?.aborted) throw deadlineError({ url, deadlineMs, ...field });
      throw transportError(error, { url, timeoutMs, ...field });
    }
  }

  return {
    send,
    close: async () => {
      await Promise.all([
        agent.close(),
        insecureAgent?.close(),
        ...[...certificateAgents.values()].map((a) => a.close()),
      ]);
    },
  };
}

function readCaFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('INVALID_INPUT', `The CA file ${file} cannot be read.`, {
      hint: 'Check the path of the CA file.',
      cause: error,
    });
  }
}
