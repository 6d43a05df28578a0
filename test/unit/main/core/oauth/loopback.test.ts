import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { createServer, type Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackListener, type LoopbackListener } from '../../../../../src/main/core/oauth/loopback.ts';
import { AppError } from '../../../../../src/shared/domain/errors.ts';

const open: LoopbackListener[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((listener) => listener.close()));
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** The state every test's authorization request sent, unless it says otherwise. */
const STATE = 's1';

async function listen(options: {
  redirectUri?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  field?: string;
  state?: string | undefined;
}): Promise<LoopbackListener> {
  const listener = await startLoopbackListener({
    redirectUri: 'http://127.0.0.1/callback',
    timeoutMs: 5_000,
    state: STATE,
    ...options,
  });
  open.push(listener);
  return listener;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request on a fresh connection (no keep-alive pool between requests); a browser's GET unless told. */
function send(
  url: string,
  options: { method?: string; headers?: OutgoingHttpHeaders; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { agent: false, method: options.method, headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    request.on('error', reject).end(options.body);
  });
}

const browse = (url: string): Promise<Answer> => send(url);

/** Whether the wait is still on: the callback has neither resolved nor failed by now. */
async function stillWaiting(listener: LoopbackListener): Promise<boolean> {
  const pending = Symbol('pending');
  const first = await Promise.race([listener.callback.catch(() => 'failed'), sleep(20).then(() => pending)]);
  return first === pending;
}

async function refused(url: string): Promise<void> {
  await expect(browse(url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

async function occupiedPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

async function freePort(): Promise<number> {
  const port = await occupiedPort();
  const server = servers.pop()!;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('loopback listener (RFC 8252 §7.3)', () => {
  it('listens on an ephemeral port when the redirect URI names none', async () => {
    const listener = await listen({ redirectUri: 'http://127.0.0.1/callback' });
    const url = new URL(listener.redirectUri);
    expect(url.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(url.port)).toBeGreaterThan(1023);
    expect(url.pathname).toBe('/callback');
    const other = await listen({ redirectUri: 'http://127.0.0.1/callback' });
    expect(new URL(other.redirectUri).port).not.toBe(url.port);
  });

  it('honours a fixed port', async () => {
    const port = await freePort();
    const listener = await listen({ redirectUri: `http://127.0.0.1:${port}/oauth/cb` });
    expect(listener.redirectUri).toBe(`http://127.0.0.1:${port}/oauth/cb`);
    expect((await browse(`http://127.0.0.1:${port}/oauth/cb?code=c&state=s1`)).status).toBe(200);
  });

  it('keeps "localhost" in the redirect URI and listens on 127.0.0.1', async () => {
    const listener = await listen({ redirectUri: 'http://localhost/callback' });
    const url = new URL(listener.redirectUri);
    expect(url.hostname).toBe('localhost');
    expect((await browse(`http://127.0.0.1:${url.port}/callback?code=c&state=s1`)).status).toBe(200);
    expect((await listener.callback).searchParams.get('code')).toBe('c');
  });

  it('answers 400 to other paths without using up the wait', async () => {
    const listener = await listen({});
    const { origin } = new URL(listener.redirectUri);
    for (const path of ['/', '/favicon.ico', '/callback/extra', '/Callback', '//evil.example/callback']) {
      expect((await browse(`${origin}${path}?code=not-this&state=s1`)).status).toBe(400);
    }
    expect(await stillWaiting(listener)).toBe(true);
    expect((await browse(`${listener.redirectUri}?code=the-code&state=s1`)).status).toBe(200);
    const url = await listener.callback;
    expect(url.pathname).toBe('/callback');
    expect(url.searchParams.get('code')).toBe('the-code');
    expect(url.searchParams.get('state')).toBe('s1');
  });

  it('waits through a POST, a foreign Host, another path and a wrong state (400 each) for the real redirect', async () => {
    const listener = await listen({ state: 'the-state' });
    const { origin, port } = new URL(listener.redirectUri);
    const strays: [string, Promise<Answer>][] = [
      [
        'a POST without state, from a foreign Host',
        send(listener.redirectUri, {
          method: 'POST',
          headers: { host: 'evil.example', 'content-type': 'application/x-www-form-urlencoded' },
          body: 'code=forged',
        }),
      ],
      [
        'a POST with the state',
        send(`${listener.redirectUri}?code=forged&state=the-state`, { method: 'POST', body: '' }),
      ],
      [
        'a GET with a foreign Host (DNS rebinding)',
        send(`${listener.redirectUri}?code=forged&state=the-state`, { headers: { host: 'evil.example' } }),
      ],
      [
        'a GET naming the right port on a foreign host',
        send(`${listener.redirectUri}?code=forged&state=the-state`, { headers: { host: `evil.example:${port}` } }),
      ],
      [
        'a GET naming a loopback host on another port',
        send(`${listener.redirectUri}?code=forged&state=the-state`, { headers: { host: '127.0.0.1:1' } }),
      ],
      [
        'a GET naming a loopback host as userinfo',
        send(`${listener.redirectUri}?code=forged&state=the-state`, {
          headers: { host: `127.0.0.1:${port}@evil.example` },
        }),
      ],
      ['a GET to another path', browse(`${origin}/other?code=forged&state=the-state`)],
      ['a GET with a wrong state', browse(`${listener.redirectUri}?code=forged&state=not-the-state`)],
      ['a GET without a state', browse(`${listener.redirectUri}?code=forged`)],
      ['a GET with the state twice', browse(`${listener.redirectUri}?code=forged&state=the-state&state=other`)],
    ];
    for (const [what, answer] of strays) {
      expect({ what, status: (await answer).status }).toEqual({ what, status: 400 });
      expect(await stillWaiting(listener)).toBe(true);
    }

    expect((await browse(`${listener.redirectUri}?code=the-code&state=the-state`)).status).toBe(200);
    const url = await listener.callback;
    expect(url.searchParams.get('code')).toBe('the-code');
    expect(url.searchParams.get('state')).toBe('the-state');
  });

  it("takes the server's error redirect when its state matches: the flow reports the error", async () => {
    const listener = await listen({});
    expect((await browse(`${listener.redirectUri}?error=access_denied&state=s1`)).status).toBe(200);
    expect((await listener.callback).searchParams.get('error')).toBe('access_denied');
  });

  it('accepts the Host as any loopback name on its port', async () => {
    const listener = await listen({});
    const { port } = new URL(listener.redirectUri);
    expect(
      (await send(`${listener.redirectUri}?code=c&state=s1`, { headers: { host: `localhost:${port}` } })).status,
    ).toBe(200);
    expect((await listener.callback).searchParams.get('code')).toBe('c');
  });

  it('without an expected state, still requires one in the redirect', async () => {
    const listener = await listen({ state: undefined });
    expect((await browse(`${listener.redirectUri}?code=c`)).status).toBe(400);
    expect(await stillWaiting(listener)).toBe(true);
    expect((await browse(`${listener.redirectUri}?code=c&state=any`)).status).toBe(200);
    expect((await listener.callback).searchParams.get('state')).toBe('any');
  });

  it('takes one callback, then stops listening: a replay is refused', async () => {
    const listener = await listen({});
    const callbackUrl = `${listener.redirectUri}?code=c1&state=s1`;
    expect((await browse(callbackUrl)).status).toBe(200);
    await listener.callback;
    await refused(callbackUrl);
    await refused(`${listener.redirectUri}?code=c2&state=s1`);
  });

  it('shows a page that repeats none of the query values', async () => {
    const code = 'SplxlOBeZQQYbYS6WxSbIA';
    const state = 'af0ifjsldkj-state-value';
    const listener = await listen({ state });
    const answer = await browse(`${listener.redirectUri}?code=${code}&state=${state}&iss=https%3A%2F%2Fas.example`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    expect(answer.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(answer.body).toContain('Back to Tokensmith');
    for (const value of [code, state, 'as.example', 'code=', 'state=']) expect(answer.body).not.toContain(value);
  });

  it.each([
    'http://example.com/callback',
    'https://127.0.0.1/callback',
    'http://127.0.0.2/callback',
    'http://localhost.evil.example/callback',
    'http://0.0.0.0/callback',
    'app://callback',
  ])('refuses %s as a redirect URI → INVALID_FIELD', async (redirectUri) => {
    const error = await rejection(listen({ redirectUri, field: 'redirectUri' }));
    expect(error).toMatchObject({ code: 'INVALID_FIELD', field: 'redirectUri' });
    expect(error.message).toMatch(/^The redirect URI must be a loopback URL/);
  });

  it('reports a port in use → INVALID_FIELD on the redirect URI field', async () => {
    const port = await occupiedPort();
    const error = await rejection(listen({ redirectUri: `http://127.0.0.1:${port}/callback`, field: 'redirectUri' }));
    expect(error).toMatchObject({ code: 'INVALID_FIELD', field: 'redirectUri' });
    expect(error.message).toBe(`Tokensmith cannot listen on 127.0.0.1:${port} (EADDRINUSE).`);
  });

  it('gives up after the timeout → CALLBACK_TIMEOUT, and stops listening', async () => {
    const listener = await listen({ timeoutMs: 100 });
    const started = Date.now();
    const error = await rejection(listener.callback);
    expect(error.code).toBe('CALLBACK_TIMEOUT');
    expect(error.hint).toMatch(/paste the URL/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    await refused(listener.redirectUri);
  });

  it('stops when the signal aborts → CANCELLED', async () => {
    const controller = new AbortController();
    const listener = await listen({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect((await rejection(listener.callback)).code).toBe('CANCELLED');
    await refused(listener.redirectUri);
  });

  it('an already aborted signal cancels before listening', async () => {
    expect((await rejection(listen({ signal: AbortSignal.abort(), timeoutMs: 2_000 }))).code).toBe('CANCELLED');
  });

  it('accepts a pasted redirect URL instead of the browser (deliver), then stops listening', async () => {
    const listener = await listen({});
    const pasted = new URL('http://127.0.0.1/callback?code=pasted-code&state=s1');
    listener.deliver(pasted);
    expect(await listener.callback).toBe(pasted);
    await refused(`${listener.redirectUri}?code=late&state=s1`);
  });

  it('keeps the first answer: a paste after the browser answered changes nothing', async () => {
    const listener = await listen({});
    await browse(`${listener.redirectUri}?code=from-browser&state=s1`);
    listener.deliver(new URL('http://127.0.0.1/callback?code=pasted&state=s1'));
    expect((await listener.callback).searchParams.get('code')).toBe('from-browser');
  });

  it('close() cancels the wait and frees the port', async () => {
    const listener = await listen({});
    await listener.close();
    expect((await rejection(listener.callback)).code).toBe('CANCELLED');
    await refused(listener.redirectUri);
  });

  it('close() before anyone awaits the callback leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const listener = await listen({});
      await listener.close();
      const timedOut = await listen({ timeoutMs: 10 });
      await sleep(50);
      await timedOut.close();
      await sleep(10);
    } finally {
      process.off('unhandledRejection', record);
    }
    expect(unhandled).toEqual([]);
  });
});
