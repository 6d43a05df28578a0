import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/main/core/http/http-client.ts';
import { AppError } from '../../../src/shared/domain/errors.ts';
import type { HttpRequestSpec } from '../../../src/shared/domain/http.ts';

const TLS_DIR = path.resolve(import.meta.dirname, '../../fixtures/tls');
const CA_FILE = path.join(TLS_DIR, 'ca.pem');

let https: Server;
let httpsOrigin: string;

beforeAll(async () => {
  https = createHttpsServer(
    { cert: readFileSync(path.join(TLS_DIR, 'server.pem')), key: readFileSync(path.join(TLS_DIR, 'server.key')) },
    (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    },
  );
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  httpsOrigin = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
});
afterAll(() => {
  https.closeAllConnections();
  https.close();
});

const get = (url: string): HttpRequestSpec => ({
  method: 'GET',
  url,
  headers: [['Accept', 'application/json']],
  body: { kind: 'none' },
});

async function failure(action: Promise<unknown>): Promise<AppError> {
  try {
    await action;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('TLS', () => {
  it('refuses a certificate from an unknown CA, naming the host and the fix', async () => {
    const client = createHttpClient();
    const error = await failure(client.send(get(`${httpsOrigin}/token`), { urlField: 'tokenUrl' }));
    await client.close();
    expect(error.code).toBe('TLS_FAILURE');
    expect(error.message).toMatch(
      /^The TLS connection to 127\.0\.0\.1:\d+ failed \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)\.$/,
    );
    expect(error.field).toBe('tokenUrl');
  });

  it('trusts the CA from an extra CA file', async () => {
    const client = createHttpClient({ caFile: CA_FILE });
    const response = await client.send(get(`${httpsOrigin}/token`));
    await client.close();
    expect(response.status).toBe(200);
  });

  it('skips verification for one request only when asked', async () => {
    const client = createHttpClient();
    expect((await client.send(get(`${httpsOrigin}/a`), { insecureTls: true })).status).toBe(200);
    expect((await failure(client.send(get(`${httpsOrigin}/b`)))).code).toBe('TLS_FAILURE');
    await client.close();
  });

  it('times connect and the TLS handshake of a new connection, and not of a reused one', async () => {
    const client = createHttpClient({ caFile: CA_FILE });
    const first = await client.send(get(`${httpsOrigin}/1`));
    // undici hands the socket back to its pool a moment after the body ends.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await client.send(get(`${httpsOrigin}/2`));
    await client.close();
    expect(first.timing.connectMs).toBeGreaterThan(0);
    expect(first.timing.tlsMs).toBeGreaterThan(0);
    expect(first.timing.totalMs).toBeGreaterThanOrEqual(first.timing.firstByteMs);
    expect(second.timing.connectMs).toBeUndefined();
    expect(second.timing.tlsMs).toBeUndefined();
  });

  it('rejects an unreadable CA file with a clear error', () => {
    expect(() => createHttpClient({ caFile: '/nonexistent/ca.pem' })).toThrow(
      /The CA file \/nonexistent\/ca\.pem cannot be read/,
    );
  });
});

describe('proxies', () => {
  it('sends through HTTP_PROXY, and not for hosts in NO_PROXY', async () => {
    const seen: string[] = [];
    const target = createServer((_request, response) => response.end('{"direct":true}'));
    const proxy = createServer((request: IncomingMessage, response) => {
      // A forward proxy gets the absolute URL in the request line.
      seen.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"proxied":true}');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/token`;
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

    const proxied = createHttpClient({ proxy: { httpProxy: proxyUrl, noProxy: '' } });
    expect((await proxied.send(get(targetUrl))).bodyText).toBe('{"proxied":true}');
    await proxied.close();
    expect(seen).toEqual([targetUrl]);

    const bypassed = createHttpClient({ proxy: { httpProxy: proxyUrl, noProxy: '127.0.0.1' } });
    expect((await bypassed.send(get(targetUrl))).bodyText).toBe('{"direct":true}');
    await bypassed.close();
    expect(seen).toHaveLength(1);
    target.close();
    proxy.close();
  });
});
