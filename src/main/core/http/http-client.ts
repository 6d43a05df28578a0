import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { AppError } from '../../../shared/domain/errors.ts';
import { bodyText, type HttpRequestSpec, type HttpResponseRecord, type Pair } from '../../../shared/domain/http.ts';
import { transportError } from './transport-errors.ts';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BODY_BYTES = 50 * 1024 * 1024;

export interface HttpClientOptions {
  /** Applies to connecting, to waiting for the headers, and to each pause while reading the body. */
  timeoutMs?: number;
  maxBodyBytes?: number;
}

export interface SendOptions {
  signal?: AbortSignal;
  /** The field the URL came from, named in transport errors. */
  urlField?: string;
  timeoutMs?: number;
}

export interface HttpClient {
  send(spec: HttpRequestSpec, options?: SendOptions): Promise<HttpResponseRecord>;
  close(): Promise<void>;
}

function toPairs(headers: Record<string, string | string[] | undefined>): Pair[] {
  return Object.entries(headers).flatMap(([name, value]): Pair[] =>
    value === undefined ? [] : Array.isArray(value) ? value.map((v): Pair => [name, v]) : [[name, value]],
  );
}

/**
 * Sends {@link HttpRequestSpec}s with undici. Redirects are never followed here: a flow that
 * expects one reads the `Location` itself, so credentials cannot leak to another origin.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const agent = new Agent({ connect: { timeout: defaultTimeout } });

  async function send(spec: HttpRequestSpec, sendOptions: SendOptions = {}): Promise<HttpResponseRecord> {
    const url = new URL(spec.url);
    const timeoutMs = sendOptions.timeoutMs ?? defaultTimeout;
    const context = { url, timeoutMs, urlField: sendOptions.urlField };
    const started = performance.now();
    try {
      const response = await request(url, {
        method: spec.method,
        headers: spec.headers.flat(),
        body: bodyText(spec.body) ?? null,
        dispatcher: agent,
        signal: sendOptions.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const headersAt = performance.now();
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBodyBytes) {
        response.body.destroy();
        throw tooLarge(url, maxBodyBytes);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBodyBytes) {
          response.body.destroy();
          throw tooLarge(url, maxBodyBytes);
        }
        chunks.push(chunk);
      }
      const done = performance.now();
      return {
        status: response.statusCode,
        headers: toPairs(response.headers),
        bodyText: Buffer.concat(chunks, size).toString('utf8'),
        size,
        timing: {
          totalMs: round(done - started),
          firstByteMs: round(headersAt - started),
          downloadMs: round(done - headersAt),
        },
      };
    } catch (error) {
      throw transportError(error, context);
    }
  }

  return { send, close: () => agent.close() };
}

function tooLarge(url: URL, limit: number): AppError {
  return new AppError('BODY_TOO_LARGE', `${url.host} sent more than ${Math.round(limit / 1024 / 1024)} MB.`, {
    hint: 'Check the URL: a token endpoint answers with a few hundred bytes. Raise the size limit for big API responses.',
  });
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
