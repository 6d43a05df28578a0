import type { ServerResponse } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowReport } from '../../src/shared/domain/flow-report.ts';
import { formatErrorLine } from '../../src/shared/domain/errors.ts';
import { sendHtml, startSimServer, type SimServer } from '../fixtures/simulators/sim-server.ts';
import { tokensmith } from '../support/cli.ts';
import { startCore } from '../support/core.ts';

/**
 * Servers that attack the client rather than answer it: a body dripped a byte at a time, lifetimes
 * past any date, sockets cut or reset, headers too large to hold, a page built to make a regular
 * expression crawl. Each is a real server on 127.0.0.1; each grant must end, and say why in words.
 */

const CLIENT_ID = 'hostile-client';
const CLIENT_SECRET = 'hostile-client-secret-51d0';
const ACCESS_TOKEN = 'hostile-access-token-0123456789';
const DRIP_INTERVAL_MS = 2_000;
const DEADLINE_MS = 3_000;

let sim: SimServer;
let raw: { origin: string; close: () => Promise<void> };
let app: Awaited<ReturnType<typeof startCore>>;

/** One byte every 2 s of a 100-byte body: each pause is short, the whole would take minutes. */
function drip(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
  const timer = setInterval(() => {
    if (response.destroyed) clearInterval(timer);
    else response.write(' ');
  }, DRIP_INTERVAL_MS);
  response.on('close', () => clearInterval(timer));
}

/** Raw JSON text: a JavaScript value could not carry 2^63 − 1 to the wire intact. */
function tokenWithExpiry(response: ServerResponse, expiresIn: string): void {
  const text = `{"access_token":"${ACCESS_TOKEN}","token_type":"Bearer","expires_in":${expiresIn}}`;
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** 1.1 MB of unclosed <title> tags: what made a lazy regular expression take 34 s. */
const TITLE_BOMB = `<html><head>${'<title>'.repeat(160_000)}</head></html>`;

/** What the raw server does after reading a request, by path. */
const RAW_BEHAVIOURS: Record<string, (socket: Socket) => void> = {
  '/close': (socket) => socket.end(),
  '/reset': (socket) => socket.resetAndDestroy(),
  '/cut-body': (socket) => {
    socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"acc');
    setTimeout(() => socket.destroy(), 20);
  },
  '/huge-headers': (socket) => {
    socket.write(`HTTP/1.1 200 OK\r\nx-padding: ${'a'.repeat(70_000)}\r\n\r\n`);
  },
  '/not-http': (socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'),
};

function startRawServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', (data: Buffer) => {
      const path = /^[A-Z]+ (\S+)/.exec(data.toString('latin1'))?.[1] ?? '/';
      (RAW_BEHAVIOURS[path] ?? ((s: Socket) => s.destroy()))(socket);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address !== 'object' || address === null) throw new Error('no port');
      resolve({ server, origin: `http://127.0.0.1:${address.port}` });
    }),
  );
}

beforeAll(async () => {
  sim = await startSimServer((request, response) => {
    if (request.path === '/drip') drip(response);
    else if (request.path === '/expires-1e20') tokenWithExpiry(response, '1e20');
    else if (request.path === '/expires-max') tokenWithExpiry(response, '9223372036854775807');
    else if (request.path === '/title-bomb') sendHtml(response, 200, TITLE_BOMB);
    else sendHtml(response, 404, '<title>Not here</title>');
  });
  const rawServer = await startRawServer();
  raw = {
    origin: rawServer.origin,
    close: () => new Promise<void>((resolve) => rawServer.server.close(() => resolve())),
  };
  app = await startCore({ autoRenew: false });
});
afterAll(async () => {
  await app.close();
  await Promise.all([sim.close(), raw.close()]);
});

const clientCredentials = (tokenUrl: string, overrides: Record<string, string> = {}) => ({
  grantType: 'client_credentials',
  tokenUrl,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  clientAuth: 'form',
  ...overrides,
});

function grant(tokenUrl: string, options: { deadlineMs?: number; values?: Record<string, string> } = {}) {
  return app.call('grant:run', {
    profileId: 'oauth2',
    values: clientCredentials(tokenUrl, options.values),
    ...(options.deadlineMs ? { options: { deadlineMs: options.deadlineMs } } : {}),
  });
}

/** A failure in words: one line, no undici code, the field named by its label, no secret. */
function expectPlainFailure(report: FlowReport) {
  const error = report.error!;
  expect(error).toBeDefined();
  expect(report.token).toBeUndefined();
  const line = formatErrorLine(error);
  expect(line).not.toMatch(/[\r\n]/);
  expect(line).not.toMatch(/UND_ERR|unknown error|E[A-Z]{4,}/);
  expect(line).not.toContain('tokenUrl');
  expect(JSON.stringify(report)).not.toContain(CLIENT_SECRET);
  return error;
}

describe('a server that drips its answer (item 14: an overall deadline per request)', () => {
  it('the grant ends at the deadline with TIMEOUT, though no single pause is long', { timeout: 15_000 }, async () => {
    const report = await grant(`${sim.origin}/drip`, { deadlineMs: DEADLINE_MS });
    const error = expectPlainFailure(report);
    expect(error).toMatchObject({ code: 'TIMEOUT', field: 'tokenUrl' });
    expect(error.message).toBe(`${new URL(sim.origin).host} took longer than 3 s in all to answer.`);
    expect(error.hint).toMatch(/^Check Token URL/);
  });

  it('the CLI takes --deadline and exits 1 with one line', { timeout: 20_000 }, async () => {
    const result = await tokensmith(
      [
        'grant',
        'oauth2',
        '--deadline',
        String(DEADLINE_MS),
        ...Object.entries(clientCredentials(`${sim.origin}/drip`)).flatMap(([name, value]) => [
          '--set',
          `${name}=${value}`,
        ]),
      ],
      {},
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^tokensmith: 127\.0\.0\.1:\d+ took longer than 3 s in all to answer\. — Check Token URL/,
    );
  });

  it('--deadline must be a number of milliseconds', async () => {
    const result = await tokensmith(['grant', 'kpn', '--deadline', 'soon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--deadline takes a number of milliseconds.');
  });
});

describe('an expires_in past any date (item 15)', () => {
  it.each([
    ['1e20', '/expires-1e20'],
    ['9223372036854775807', '/expires-max'],
  ])('expires_in %s → the token, kept, shown as not expiring', async (said, path) => {
    const report = await grant(`${sim.origin}${path}`);
    expect(report.error).toBeUndefined();
    expect(report.token?.expiresAt).toBeUndefined();
    expect(report.token?.warnings).toContain(`The token does not expire (server said ${said} s).`);
    expect(app.core.runs.get(report.runId).token?.accessToken).toBe(ACCESS_TOKEN);
    expect(app.core.ledger.views().find((view) => view.id === report.ledgerId)?.status).toBe('no-expiry');
  });

  it('and through the CLI: the token on stdout, exit 0', async () => {
    const result = await tokensmith([
      'grant',
      'oauth2',
      ...Object.entries(clientCredentials(`${sim.origin}/expires-max`)).flatMap(([name, value]) => [
        '--set',
        `${name}=${value}`,
      ]),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${ACCESS_TOKEN}\n`);
    expect(result.stderr).toContain('warning: The token does not expire (server said 9223372036854775807 s).');
  });
});

describe('transport failures in words (item 16)', () => {
  it.each([
    ['closes the connection without answering', '/close', /closed the connection before answering/],
    ['resets the connection', '/reset', /reset the connection/],
    ['cuts the body short', '/cut-body', /closed the connection before its answer was complete/],
    ['sends headers larger than 16 KB', '/huge-headers', /sent response headers larger than/],
    ['does not speak HTTP', '/not-http', /did not answer in HTTP/],
  ])('a server that %s → NETWORK, one line naming the Token URL', async (_name, path, message) => {
    const error = expectPlainFailure(await grant(`${raw.origin}${path}`));
    expect(error).toMatchObject({ code: 'NETWORK', field: 'tokenUrl' });
    expect(error.message).toMatch(message);
    expect(error.message).toContain(new URL(raw.origin).host);
    expect(error.hint).toMatch(/^Check Token URL/);
  });

  it('a header value HTTP cannot carry → INVALID_FIELD on the field it came from, by its label', async () => {
    const report = await grant(`${sim.origin}/never-reached`, {
      values: { extraParams: 'header X-Tenant: acme\u0001' },
    });
    const error = expectPlainFailure(report);
    expect(error).toMatchObject({ code: 'INVALID_FIELD', field: 'extraParams' });
    expect(error.hint).toMatch(/^Check Extra parameters/);
    expect(sim.requests.some((request) => request.path === '/never-reached')).toBe(false);
  });

  it('the CLI names the field by its label too', async () => {
    const result = await tokensmith([
      'grant',
      'oauth2',
      ...Object.entries(clientCredentials(`${raw.origin}/close`)).flatMap(([name, value]) => [
        '--set',
        `${name}=${value}`,
      ]),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^tokensmith: 127\.0\.0\.1:\d+ closed the connection before answering\. — Check Token URL/,
    );
  });
});

describe('a page built to make the headline search crawl (item 18)', () => {
  it('1.1 MB of repeated <title> → HTML_RESPONSE, and the grant completes', async () => {
    const report = await grant(`${sim.origin}/title-bomb`);
    expect(report.error).toMatchObject({ code: 'HTML_RESPONSE', field: 'tokenUrl' });
    expect(report.error?.message).toBe('The token endpoint answered 200 with an HTML page where JSON was expected.');
  });
});
