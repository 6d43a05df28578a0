import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../shared/domain/errors.ts';
import { isLoopbackHost, LOOPBACK_HOSTS } from '../../../shared/security/loopback.ts';

/** The page the browser shows after the redirect: it repeats nothing from the query. */
const DONE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tokensmith</title>
<style>body{font:16px system-ui,sans-serif;margin:15vh auto;max-width:32em;text-align:center;color:#1c2230}</style></head>
<body><h1>Back to Tokensmith</h1><p>Tokensmith received the answer from the authorization server. You can close this tab.</p></body></html>`;

export interface LoopbackListener {
  /** The redirect URI to send, with the port actually listened on. */
  redirectUri: string;
  /** The URL the browser was redirected to, once. */
  callback: Promise<URL>;
  /** Completes the wait with a URL the user pasted (for when the browser cannot reach us). */
  deliver: (url: URL) => void;
  close(): Promise<void>;
}

/**
 * The redirect URL a request carries, if it is the authorization server's redirect through the
 * browser: a GET, addressed to a loopback name on our port (a foreign Host is a page that rebound
 * its own name to 127.0.0.1), to the redirect path, with one `state` that is the expected one (any
 * one when none is expected). Anything else, any program on this machine or page in the browser can
 * send; taking it would end the wait and make the real redirect fail.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-8.10
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 */
function redirectOf(
  request: IncomingMessage,
  expected: { listening: URL; pathname: string; state: string | undefined },
): URL | undefined {
  if (request.method !== 'GET' || !request.url?.startsWith('/')) return undefined;
  const { port } = expected.listening;
  const hosts = Object.keys(LOOPBACK_HOSTS).map((name) => (port ? `${name}:${port}` : name));
  if (!hosts.includes(request.headers.host?.toLowerCase() ?? '')) return undefined;
  let url: URL;
  try {
    // Against our own origin, so a path such as //evil.example/x cannot name another host.
    url = new URL(`${expected.listening.origin}${request.url}`);
  } catch {
    return undefined;
  }
  if (url.pathname !== expected.pathname) return undefined;
  const states = url.searchParams.getAll('state');
  if (states.length !== 1 || !states[0]) return undefined;
  if (expected.state !== undefined && states[0] !== expected.state) return undefined;
  return url;
}

/**
 * Listens on the loopback interface for the one authorization redirect of a native app's flow,
 * on the port the redirect URI names or an ephemeral one. It answers 400 to every request that is
 * not that redirect (see redirectOf) and keeps waiting; once the redirect came it answers, stops
 * listening and never accepts another: a replayed callback finds no one.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
export async function startLoopbackListener(options: {
  redirectUri: string;
  timeoutMs: number;
  /**
   * The `state` the authorization request sends: only a redirect carrying it ends the wait. Without
   * it, a redirect with any one `state` does (the caller must then check it).
   */
  state?: string | undefined;
  signal?: AbortSignal | undefined;
  field?: string | undefined;
}): Promise<LoopbackListener> {
  const requested = new URL(options.redirectUri);
  const host = isLoopbackHost(requested.hostname) ? LOOPBACK_HOSTS[requested.hostname] : undefined;
  if (requested.protocol !== 'http:' || host === undefined) {
    throw new AppError(
      'INVALID_FIELD',
      `The redirect URI must be a loopback URL such as http://127.0.0.1/callback, not ${requested.origin}.`,
      {
        hint: 'Use http://127.0.0.1 (any port, or none for a free one) and register it with the provider (RFC 8252).',
        field: options.field,
      },
    );
  }

  if (options.signal?.aborted) throw new AppError('CANCELLED', 'The authorization was cancelled.');

  let settle!: { resolve: (url: URL) => void; reject: (error: AppError) => void };
  const callback = new Promise<URL>((resolve, reject) => (settle = { resolve, reject }));
  // A wait that ends before anyone reads it (close() after the opener failed, a timeout while the
  // opener still runs) must not become an unhandled rejection; whoever awaits it still gets the error.
  callback.catch(() => undefined);
  let settled = false;
  // Where we listen, known once listening has begun (the port may be an ephemeral one).
  const actual = new URL(requested);
  const server: Server = createServer((request, response) => {
    const url = redirectOf(request, { listening: actual, pathname: requested.pathname, state: options.state });
    if (settled || !url) {
      response.writeHead(400, { 'content-type': 'text/plain', connection: 'close' }).end('Bad request');
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      connection: 'close',
    });
    response.end(DONE_PAGE);
    finish(() => settle.resolve(url));
  });

  const timer = setTimeout(() => {
    finish(() =>
      settle.reject(
        new AppError(
          'CALLBACK_TIMEOUT',
          `No answer came back from the browser within ${Math.round(options.timeoutMs / 1000)} s.`,
          {
            hint: 'Finish the authorization in the browser, or paste the URL it was redirected to.',
          },
        ),
      ),
    );
  }, options.timeoutMs);
  const onAbort = (): void =>
    finish(() => settle.reject(new AppError('CANCELLED', 'The authorization was cancelled.')));
  options.signal?.addEventListener('abort', onAbort, { once: true });

  function finish(outcome: () => void): void {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    server.close();
    outcome();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new AppError(
          'INVALID_FIELD',
          `Tokensmith cannot listen on ${requested.host} (${error.code ?? error.message}).`,
          {
            hint: 'Another program uses that port: choose another port in the redirect URI, or leave the port out.',
            field: options.field,
            cause: error,
          },
        ),
      );
    });
    server.listen(Number(requested.port || 0), host, resolve);
  });
  actual.port = String((server.address() as AddressInfo).port);

  return {
    redirectUri: actual.toString(),
    callback,
    deliver: (url) => finish(() => settle.resolve(url)),
    close: () =>
      new Promise<void>((resolve) => {
        finish(() => settle.reject(new AppError('CANCELLED', 'The authorization was cancelled.')));
        server.close(() => resolve());
      }),
  };
}
