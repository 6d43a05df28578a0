import { randomUUID } from 'node:crypto';
import { get as httpGet, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/main/core/http/http-client.ts';
import { s256Challenge } from '../../src/main/core/oauth/pkce.ts';
import type { FlowReport } from '../../src/shared/domain/flow-report.ts';
import { AppError, formatErrorLine } from '../../src/shared/domain/errors.ts';
import {
  bodyParams,
  sendHtml,
  sendJson,
  startSimServer,
  type CapturedRequest,
  type SimServer,
} from '../fixtures/simulators/sim-server.ts';
import { startCore } from '../support/core.ts';

const CLIENT_ID = 'bad-input-client';
const CLIENT_SECRET = 'bad-input-client-secret-7f3a9';
const WRONG_SECRET = 'wrong-secret-value-42';
const SECRETS = [CLIENT_SECRET, WRONG_SECRET];
const MAX_BODY_BYTES = 1024;
const TIMEOUT_MS = 300;
const ACCESS_TOKEN = 'sim-access-token-0123456789abcdef';
/** Looks like a JWT (three base64url parts, "eyJ") but its payload is not JSON. */
const MALFORMED_JWT = 'eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2lnbmF0dXJl';

/** What the simulated authorization server last handed out: the code, and the PKCE challenge it was bound to. */
const issuedCode = { code: '', challenge: '', redirectUri: '' };

let sim: SimServer;
/** A server on another origin that a redirect points to: it must never be reached. */
let elsewhere: SimServer;
let app: Awaited<ReturnType<typeof startCore>>;

function token(response: ServerResponse, body: Record<string, unknown> = {}): void {
  sendJson(response, 200, { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 300, ...body });
}

/** Writes 256-byte chunks without a Content-Length until the client hangs up (or 200 chunks). */
function growForever(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  let sent = 0;
  const timer = setInterval(() => {
    if (response.destroyed || sent++ > 200) {
      clearInterval(timer);
      response.end();
      return;
    }
    response.write(' '.repeat(256));
  }, 2);
}

function handleToken(request: CapturedRequest, response: ServerResponse): void {
  const params = bodyParams(request) ?? {};
  if (params.client_id !== CLIENT_ID || params.client_secret !== CLIENT_SECRET) {
    sendJson(response, 401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    return;
  }
  if (params.grant_type === 'client_credentials') {
    token(response);
    return;
  }
  const challenge = s256Challenge(params.code_verifier ?? '');
  if (
    params.grant_type === 'authorization_code' &&
    params.code === issuedCode.code &&
    challenge === issuedCode.challenge &&
    params.redirect_uri === issuedCode.redirectUri
  ) {
    token(response);
    return;
  }
  sendJson(response, 400, { error: 'invalid_grant' });
}

beforeAll(async () => {
  elsewhere = await startSimServer((_request, response) => token(response));
  sim = await startSimServer((request, response) => {
    switch (request.path) {
      case '/.well-known/openid-configuration':
        return sendJson(response, 200, {
          issuer: sim.origin,
          authorization_endpoint: `${sim.origin}/authorize`,
          token_endpoint: `${sim.origin}/token`,
        });
      case '/token':
        return handleToken(request, response);
      case '/html': {
        // A proxy's login page that reflects the form it was sent, secret included.
        const secret = bodyParams(request)?.client_secret ?? '';
        return sendHtml(
          response,
          200,
          `<!doctype html><html><head><title>Sign in - Corporate Proxy</title></head><body><form><input type="hidden" name="s" value="${secret}"></form></body></html>`,
        );
      }
      case '/garbage':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"access_token": "abc", "token_type":');
        return;
      case '/no-token':
        return sendJson(response, 200, { status: 'ok', message: 'accepted' });
      case '/token-not-string':
        return sendJson(response, 200, { access_token: 42, token_type: 'Bearer' });
      case '/array':
        return sendJson(response, 200, [{ access_token: ACCESS_TOKEN }]);
      case '/empty':
        response.writeHead(200, { 'content-length': 0 }).end();
        return;
      case '/malformed-jwt':
        return token(response, { access_token: MALFORMED_JWT });
      case '/big-declared':
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': 4 * MAX_BODY_BYTES });
        response.end(' '.repeat(4 * MAX_BODY_BYTES));
        return;
      case '/big-chunked':
        return growForever(response);
      case '/stall-headers':
        return; // never answers
      case '/stall-body':
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': 200 });
        response.write('{"access_token":');
        return; // never finishes
      case '/redirect':
        response.writeHead(302, { location: `${elsewhere.origin}/oauth/token?client_secret=${CLIENT_SECRET}&x=1` });
        response.end();
        return;
      default:
        response.writeHead(404).end();
    }
  });
  app = await startCore({
    http: createHttpClient({ timeoutMs: TIMEOUT_MS, maxBodyBytes: MAX_BODY_BYTES }),
    autoRenew: false,
    opener: (url) => browse(url),
  });
});
afterAll(async () => {
  await app.close();
  await sim.close();
  await elsewhere.close();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

const clientCredentials = (overrides: Record<string, string> = {}) => ({
  grantType: 'client_credentials',
  tokenUrl: `${sim.origin}/token`,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  clientAuth: 'form',
  ...overrides,
});

/** Checks what holds for every failure: no token, one line, no secret anywhere in the report. */
function expectCleanFailure(report: FlowReport) {
  expect(report.token).toBeUndefined();
  expect(report.ledgerId).toBeUndefined();
  const error = report.error!;
  expect(error).toBeDefined();
  expect(error.message).not.toMatch(/[\r\n]/);
  expect(formatErrorLine(error)).not.toMatch(/[\r\n]/);
  const serialized = JSON.stringify(report);
  for (const secret of SECRETS) {
    expect(serialized).not.toContain(secret);
    expect(serialized).not.toContain(encodeURIComponent(secret));
  }
  return error;
}

async function failure(values: Record<string, string>, core = app) {
  const report = await core.call('grant:run', { profileId: 'oauth2', values });
  return { error: expectCleanFailure(report), report };
}

describe('client credentials: what the token endpoint answers', () => {
  it('works against the simulator (the baseline the failures depart from)', async () => {
    const report = await app.call('grant:run', { profileId: 'oauth2', values: clientCredentials() });
    expect(report.error).toBeUndefined();
    expect(report.token).toMatchObject({ tokenType: 'Bearer', expiresIn: 300 });
  });

  it('a wrong secret → INVALID_CLIENT on the client secret', async () => {
    const { error, report } = await failure(clientCredentials({ clientSecret: WRONG_SECRET }));
    expect(error).toMatchObject({ code: 'INVALID_CLIENT', field: 'clientSecret' });
    expect(error.message).toBe(
      'The token endpoint rejected the client credentials (invalid_client: Client authentication failed).',
    );
    expect(report.steps[0]?.response?.status).toBe(401);
    // The request is in the report, with the secret masked.
    const body = report.steps[0]?.request?.body;
    expect(body?.kind === 'form' && body.fields).toContainEqual(['client_secret', '••••']);
  });

  it('an HTML page (that even reflects the secret) → HTML_RESPONSE on the token URL', async () => {
    const { error, report } = await failure(clientCredentials({ tokenUrl: `${sim.origin}/html` }));
    expect(error).toMatchObject({ code: 'HTML_RESPONSE', field: 'tokenUrl' });
    expect(error.message).toBe(
      'The token endpoint answered 200 with an HTML page ("Sign in - Corporate Proxy") where JSON was expected.',
    );
    expect(report.steps[0]?.response?.bodyText).toContain('value="••••');
  });

  it('garbage JSON → INVALID_JSON on the token URL, quoting the start of the body', async () => {
    const { error } = await failure(clientCredentials({ tokenUrl: `${sim.origin}/garbage` }));
    expect(error).toMatchObject({ code: 'INVALID_JSON', field: 'tokenUrl' });
    expect(error.message).toBe(
      'The token endpoint answered 200 with a body that is not JSON ("{"access_token": "abc", "token_type":").',
    );
  });

  it('a 200 without a token → NO_TOKEN, listing what the answer has', async () => {
    const { error } = await failure(clientCredentials({ tokenUrl: `${sim.origin}/no-token` }));
    expect(error).toMatchObject({ code: 'NO_TOKEN' });
    expect(error.field).toBeUndefined();
    expect(error.message).toBe('The token response has no "access_token" (it has: status, message).');
  });

  it.each([
    [
      'an access_token that is not a string',
      '/token-not-string',
      'token response "access_token" is not a non-empty string.',
    ],
    ['a JSON array', '/array', 'The token response is not a JSON object.'],
    ['an empty body', '/empty', 'The token response is not a JSON object.'],
  ])('%s → INVALID_TOKEN_RESPONSE', async (_name, path, message) => {
    const { error } = await failure(clientCredentials({ tokenUrl: `${sim.origin}${path}` }));
    expect(error).toMatchObject({ code: 'INVALID_TOKEN_RESPONSE', message });
    expect(error.field).toBeUndefined();
  });

  it('garbage where a JWT would be: the token is still returned, without claims', async () => {
    const report = await app.call('grant:run', {
      profileId: 'oauth2',
      values: clientCredentials({ tokenUrl: `${sim.origin}/malformed-jwt` }),
    });
    expect(report.error).toBeUndefined();
    expect(report.token).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 300,
      accessTokenMasked: `••••${MALFORMED_JWT.slice(-4)}`,
    });
    expect(report.token?.jwt).toBeUndefined();
    expect(app.core.runs.get(report.runId).token?.accessToken).toBe(MALFORMED_JWT);
    expect(app.core.ledger.views().find((view) => view.id === report.ledgerId)).toMatchObject({ status: 'valid' });
  });
});

describe('client credentials: transport', () => {
  it.each([
    ['declares a Content-Length over the limit', '/big-declared'],
    ['sends a chunked body that grows past the limit', '/big-chunked'],
  ])('a body that %s → BODY_TOO_LARGE', async (_name, path) => {
    const { error, report } = await failure(clientCredentials({ tokenUrl: `${sim.origin}${path}` }));
    expect(error).toMatchObject({ code: 'BODY_TOO_LARGE', field: 'tokenUrl' });
    expect(error.message).toBe(`${new URL(sim.origin).host} sent more than 1 KB.`);
    expect(report.steps[0]?.response).toBeUndefined();
  });

  it('a server that never sends headers → TIMEOUT', async () => {
    const started = Date.now();
    const { error, report } = await failure(clientCredentials({ tokenUrl: `${sim.origin}/stall-headers` }));
    expect(error).toMatchObject({ code: 'TIMEOUT', field: 'tokenUrl' });
    expect(error.message).toBe(`${new URL(sim.origin).host} took longer than 0.3 s to answer.`);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(report.steps[0]?.response).toBeUndefined();
  });

  it('a server that sends headers, then stalls in the body → TIMEOUT', async () => {
    const { error } = await failure(clientCredentials({ tokenUrl: `${sim.origin}/stall-body` }));
    expect(error).toMatchObject({ code: 'TIMEOUT', field: 'tokenUrl' });
    expect(error.message).toBe(`${new URL(sim.origin).host} took longer than 0.3 s to send the rest of its answer.`);
  });

  it('a redirect to another origin → REDIRECT_BLOCKED; the other server gets nothing', async () => {
    const { error, report } = await failure(clientCredentials({ tokenUrl: `${sim.origin}/redirect` }));
    expect(error).toMatchObject({ code: 'REDIRECT_BLOCKED', field: 'tokenUrl' });
    expect(error.message).toBe(
      `The token endpoint answered 302, a redirect to ${elsewhere.origin}/oauth/token; Tokensmith does not follow redirects with credentials.`,
    );
    expect(formatErrorLine(error)).not.toContain('?');
    expect(elsewhere.requests).toEqual([]);
    expect(report.steps[0]?.response?.status).toBe(302);
  });

  it('nothing listening → CONNECTION_REFUSED', async () => {
    const port = await freePort();
    const { error } = await failure(clientCredentials({ tokenUrl: `http://127.0.0.1:${port}/token` }));
    expect(error).toMatchObject({ code: 'CONNECTION_REFUSED', field: 'tokenUrl' });
    expect(error.message).toBe(`127.0.0.1:${port} refused the connection.`);
  });
});

interface Page {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A browser's GET, on its own connection. */
function visit(url: string): Promise<Page> {
  return new Promise((resolve, reject) => {
    httpGet(url, { agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    }).on('error', reject);
  });
}

/**
 * What the user's browser and the authorization server do with the authorization URL; each test
 * sets it. Its work is collected so that a failure in it fails the test instead of hanging it.
 */
let browser: (authorizeUrl: URL) => Promise<unknown> = () => Promise.resolve();
let browserTasks: Promise<unknown>[] = [];

function browse(url: string): Promise<void> {
  browserTasks.push(browser(new URL(url)));
  return Promise.resolve();
}

/** The redirect the authorization server sends the browser to, for this authorization URL. */
function redirectFor(authorizeUrl: URL, query: Record<string, string>): string {
  const redirect = new URL(authorizeUrl.searchParams.get('redirect_uri')!);
  for (const [name, value] of Object.entries(query)) redirect.searchParams.set(name, value);
  return redirect.toString();
}

/** The server approves: it binds a fresh code to the PKCE challenge and redirect URI it was sent. */
function approve(authorizeUrl: URL): { code: string; state: string } {
  issuedCode.code = `code-${randomUUID()}`;
  issuedCode.challenge = authorizeUrl.searchParams.get('code_challenge') ?? '';
  issuedCode.redirectUri = authorizeUrl.searchParams.get('redirect_uri') ?? '';
  return { code: issuedCode.code, state: authorizeUrl.searchParams.get('state') ?? '' };
}

const authorizationCode = (overrides: Record<string, string> = {}) => ({
  grantType: 'authorization_code',
  authorizeUrl: `${sim.origin}/authorize`,
  tokenUrl: `${sim.origin}/token`,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  clientAuth: 'form',
  scope: 'openid',
  ...overrides,
});

async function authorize(values: Record<string, string>, options: { runId?: string; core?: typeof app } = {}) {
  browserTasks = [];
  const core = options.core ?? app;
  const report = await core.call('grant:run', {
    profileId: 'oauth2',
    values,
    ...(options.runId ? { runId: options.runId } : {}),
  });
  const results = await Promise.all(browserTasks);
  return { report, results };
}

async function authFailure(values: Record<string, string>, options: { runId?: string; core?: typeof app } = {}) {
  const { report, results } = await authorize(values, options);
  return { error: expectCleanFailure(report), report, results };
}

const tokenRequests = () => sim.requests.filter((request) => request.path === '/token').length;

describe('authorization code: the redirect back', () => {
  it('works end to end: loopback on an ephemeral port, S256, a page that repeats nothing, then no more callbacks', async () => {
    let callbackUrl = '';
    let sent = { code: '', state: '' };
    browser = async (authorizeUrl) => {
      sent = approve(authorizeUrl);
      callbackUrl = redirectFor(authorizeUrl, { code: sent.code, state: sent.state });
      return visit(callbackUrl);
    };
    const { report, results } = await authorize(authorizationCode());
    expect(report.error).toBeUndefined();
    expect(report.token).toMatchObject({ tokenType: 'Bearer' });

    const authorizeUrl = new URL(report.steps.find((step) => step.id === 'authorize')!.browserUrl!);
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${sim.origin}/authorize`);
    expect(authorizeUrl.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(JSON.stringify(report)).not.toContain(sent.code);

    const page = results[0] as Page;
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Back to Tokensmith');
    expect(page.body).not.toContain(sent.code);
    expect(page.body).not.toContain(sent.state);

    // The listener took its one callback and closed: a replay finds no one.
    await expect(visit(callbackUrl)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('a pasted redirect with a different state → STATE_MISMATCH, and the code is never exchanged', async () => {
    const before = tokenRequests();
    const runId = randomUUID();
    browser = (authorizeUrl) => {
      const { code, state } = approve(authorizeUrl);
      const other = `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`;
      return app.call('grant:paste-redirect', { runId, url: redirectFor(authorizeUrl, { code, state: other }) });
    };
    const { error, report } = await authFailure(authorizationCode(), { runId });
    expect(error.code).toBe('STATE_MISMATCH');
    expect(report.steps.map((step) => [step.id, step.error?.code])).toEqual([['authorize', 'STATE_MISMATCH']]);
    expect(tokenRequests()).toBe(before);
  });

  it('a pasted redirect without state → STATE_MISMATCH', async () => {
    const before = tokenRequests();
    const runId = randomUUID();
    browser = (authorizeUrl) =>
      app.call('grant:paste-redirect', { runId, url: redirectFor(authorizeUrl, { code: approve(authorizeUrl).code }) });
    const { error } = await authFailure(authorizationCode(), { runId });
    expect(error).toMatchObject({ code: 'STATE_MISMATCH', message: 'The authorization response has no "state".' });
    expect(tokenRequests()).toBe(before);
  });

  it('a request to the listener without state is refused (400); the real redirect then completes the flow', async () => {
    browser = async (authorizeUrl) => {
      const { code, state } = approve(authorizeUrl);
      const stray = await visit(redirectFor(authorizeUrl, { code: 'forged' }));
      const real = await visit(redirectFor(authorizeUrl, { code, state }));
      return [stray.status, real.status];
    };
    const { report, results } = await authorize(authorizationCode());
    expect(report.error).toBeUndefined();
    expect(results).toEqual([[400, 200]]);
    expect(report.steps.map((step) => step.id)).toEqual(['authorize', 'code-exchange']);
  });

  it('a redirect to the listener with another state is refused (400); the real redirect then completes the flow', async () => {
    browser = async (authorizeUrl) => {
      const { code, state } = approve(authorizeUrl);
      const forged = await visit(redirectFor(authorizeUrl, { code: 'forged', state: `${state}x` }));
      const real = await visit(redirectFor(authorizeUrl, { code, state }));
      return [forged.status, real.status];
    };
    const { report, results } = await authorize(authorizationCode());
    expect(report.error).toBeUndefined();
    expect(results).toEqual([[400, 200]]);
  });

  it('an iss other than the configured issuer (RFC 9207) → ISSUER_MISMATCH on the issuer field', async () => {
    const before = tokenRequests();
    browser = (authorizeUrl) => {
      const { code, state } = approve(authorizeUrl);
      return visit(redirectFor(authorizeUrl, { code, state, iss: 'https://evil.example' }));
    };
    const { error, report } = await authFailure(authorizationCode({ issuer: sim.origin }));
    expect(error).toMatchObject({ code: 'ISSUER_MISMATCH', field: 'issuer' });
    expect(error.message).toBe(`The authorization response comes from issuer https://evil.example, not ${sim.origin}.`);
    expect(report.steps.map((step) => step.id)).toEqual(['discover', 'authorize']);
    expect(tokenRequests()).toBe(before);
  });

  it('the configured issuer as iss is accepted', async () => {
    browser = (authorizeUrl) => {
      const { code, state } = approve(authorizeUrl);
      return visit(redirectFor(authorizeUrl, { code, state, iss: sim.origin }));
    };
    const { report } = await authorize(authorizationCode({ issuer: sim.origin }));
    expect(report.error).toBeUndefined();
    expect(report.steps.map((step) => step.id)).toEqual(['discover', 'authorize', 'code-exchange']);
  });

  it('error=access_denied → AUTHORIZATION_DENIED, and nothing is exchanged', async () => {
    const before = tokenRequests();
    browser = (authorizeUrl) => {
      const { state } = approve(authorizeUrl);
      return visit(redirectFor(authorizeUrl, { error: 'access_denied', error_description: 'The user said no', state }));
    };
    const { error } = await authFailure(authorizationCode());
    expect(error).toMatchObject({
      code: 'AUTHORIZATION_DENIED',
      message: 'Access was denied in the browser (access_denied: The user said no).',
    });
    expect(tokenRequests()).toBe(before);
  });

  it('no answer from the browser → CALLBACK_TIMEOUT', async () => {
    const waiting = await startCore({ callbackTimeoutMs: 300, autoRenew: false, opener: () => Promise.resolve() });
    try {
      const report = await waiting.call('grant:run', { profileId: 'oauth2', values: authorizationCode() });
      const error = expectCleanFailure(report);
      expect(error.code).toBe('CALLBACK_TIMEOUT');
      expect(error.hint).toBe('Finish the authorization in the browser, or paste the URL it was redirected to.');
      const states = waiting.events
        .map((event) => event.payload as { stepId: string; state: string })
        .map(({ stepId, state }) => `${stepId}:${state}`);
      expect(states).toEqual(['authorize:sending', 'authorize:waiting-browser', 'authorize:failed']);
    } finally {
      await waiting.close();
    }
  });

  it('grant:cancel while waiting for the browser → CANCELLED', async () => {
    const runId = randomUUID();
    browser = () => new Promise((resolve) => setTimeout(() => resolve(app.call('grant:cancel', { runId })), 30));
    const { error, results } = await authFailure(authorizationCode(), { runId });
    expect(error.code).toBe('CANCELLED');
    expect(results).toEqual([{ cancelled: true }]);
  });

  it('the redirect URL can be pasted instead (the browser could not reach the listener)', async () => {
    const runId = randomUUID();
    let pasted = '';
    browser = async (authorizeUrl) => {
      const { code, state } = approve(authorizeUrl);
      pasted = redirectFor(authorizeUrl, { code, state });
      await expect(app.call('grant:paste-redirect', { runId, url: 'not a url' })).rejects.toThrow(/^INVALID_INPUT: /);
      return app.call('grant:paste-redirect', { runId, url: `  ${pasted}\n` });
    };
    const { report, results } = await authorize(authorizationCode(), { runId });
    expect(report.error).toBeUndefined();
    expect(results).toEqual([{ accepted: true }]);
    expect(report.steps.map((step) => step.id)).toEqual(['authorize', 'code-exchange']);
    // Nothing is waiting any more: the listener is closed and a late paste is refused.
    await expect(visit(pasted)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(app.call('grant:paste-redirect', { runId, url: pasted })).rejects.toThrow(/^UNKNOWN_RUN: /);
  });

  it('an opener that fails is reported, and the listener is closed', async () => {
    let redirectUri = '';
    const failing = await startCore({
      autoRenew: false,
      opener: (url) => {
        redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
        return Promise.reject(
          new AppError('INVALID_INPUT', 'Tokensmith opens only https URLs, and http URLs on this computer.'),
        );
      },
    });
    try {
      const report = await failing.call('grant:run', { profileId: 'oauth2', values: authorizationCode() });
      expect(expectCleanFailure(report).code).toBe('INVALID_INPUT');
      await expect(visit(redirectUri)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      await failing.close();
    }
  });

  it('no authorization URL and no issuer → MISSING_FIELD on the authorization URL', async () => {
    browser = () => Promise.reject(new Error('the browser must not be opened'));
    const values: Record<string, string> = authorizationCode();
    delete values.authorizeUrl;
    const { error } = await authFailure(values);
    expect(error).toMatchObject({ code: 'MISSING_FIELD', field: 'authorizeUrl' });
    expect(error.message).toBe('Authorization URL is required.');
  });
});
