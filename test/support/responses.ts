import type { HttpResponseRecord, Pair } from '../../src/shared/domain/http.ts';

/** A response record as the HTTP client would return it, for tests of what reads responses. */
export function responseOf(status: number, body: unknown, headers: Pair[] = []): HttpResponseRecord {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type: Pair = ['content-type', typeof body === 'string' ? 'text/plain' : 'application/json'];
  return {
    status,
    headers: headers.some(([name]) => name === 'content-type') ? headers : [type, ...headers],
    bodyText: text,
    size: Buffer.byteLength(text),
    timing: { totalMs: 1, firstByteMs: 1, downloadMs: 0 },
  };
}
