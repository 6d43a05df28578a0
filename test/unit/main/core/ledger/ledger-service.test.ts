import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FlowDeps, FlowRun } from '../../../../../src/main/core/flow/flow-context.ts';
import { runFlow } from '../../../../../src/main/core/flow/run-flow.ts';
import { createHttpClient, type HttpClient } from '../../../../../src/main/core/http/http-client.ts';
import { LedgerService } from '../../../../../src/main/core/ledger/ledger-service.ts';
import { MemoryTokenLedger } from '../../../../../src/main/core/ledger/token-ledger.ts';
import { AppError } from '../../../../../src/shared/domain/errors.ts';
import type { Profile } from '../../../../../src/shared/domain/profile.ts';
import { oauth2 } from '../../../../../src/shared/providers/oauth2.ts';
import { bodyParams, sendJson, startSimServer, type SimServer } from '../../../../fixtures/simulators/sim-server.ts';

const CLIENT_SECRET = 'ledger-test-client-secret';
/** Clients the simulator gives a refresh token to; "rotating" gets a new one at every refresh. */
const REFRESHING_CLIENTS = new Set(['with-refresh', 'rotating']);

let sim: SimServer;
let http: HttpClient;
let issued = 0;
/** What the simulator does next: the lifetime of the tokens it issues, and whether refresh fails. */
const behaviour = { expiresIn: 600 as number | undefined, failRefresh: false };

beforeAll(async () => {
  sim = await startSimServer((request, response) => {
    const params = bodyParams(request) ?? {};
    if (request.path === '/revoke') {
      response.writeHead(200, { 'content-length': 0 }).end();
      return;
    }
    if (params.client_secret !== CLIENT_SECRET) {
      sendJson(response, 401, { error: 'invalid_client' });
      return;
    }
    const clientId = params.client_id ?? '';
    const token: Record<string, unknown> = { access_token: `access-${++issued}`, token_type: 'Bearer' };
    if (behaviour.expiresIn !== undefined) token.expires_in = behaviour.expiresIn;
    if (params.grant_type === 'client_credentials') {
      if (REFRESHING_CLIENTS.has(clientId)) token.refresh_token = `refresh-${issued}`;
    } else if (params.grant_type === 'refresh_token') {
      if (behaviour.failRefresh || !params.refresh_token?.startsWith('refresh-')) {
        sendJson(response, 400, { error: 'invalid_grant' });
        return;
      }
      if (clientId === 'rotating') token.refresh_token = `refresh-${issued}`;
    } else {
      sendJson(response, 400, { error: 'unsupported_grant_type' });
      return;
    }
    sendJson(response, 200, token);
  });
  http = createHttpClient({ timeoutMs: 2_000 });
});
afterAll(async () => {
  await http.close();
  await sim.close();
});

const T0 = new Date('2026-03-01T12:00:00.000Z');
let clock: Date;
let service: LedgerService;
/** The entries behind `service`, for what another part of main changes (Vault › Replace marks them). */
let entries: MemoryTokenLedger;
let changes: number;

function deps(): FlowDeps {
  return { http, opener: () => Promise.reject(new Error('no browser in this test')), now: () => clock };
}

function createService(options: { profiles?: readonly Profile[]; autoRenew?: boolean; now?: boolean } = {}) {
  const flowDeps = deps();
  if (options.now === false) delete flowDeps.now;
  entries = new MemoryTokenLedger();
  return new LedgerService({
    ledger: entries,
    profiles: options.profiles ?? [oauth2],
    deps: flowDeps,
    autoRenew: options.autoRenew ?? false,
    onChange: () => changes++,
  });
}

beforeEach(() => {
  clock = T0;
  changes = 0;
  behaviour.expiresIn = 600;
  behaviour.failRefresh = false;
  service = createService();
});
afterEach(() => service.close());

const advance = (seconds: number): void => {
  clock = new Date(clock.getTime() + seconds * 1000);
};

function values(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    grantType: 'client_credentials',
    tokenUrl: `${sim.origin}/token`,
    revokeUrl: `${sim.origin}/revoke`,
    clientId: 'plain',
    clientSecret: CLIENT_SECRET,
    clientAuth: 'form',
    scope: 'api:read',
    ...overrides,
  };
}

/** Gets a token the way the app does (a real run against the simulator) and records it. */
async function grant(overrides: Record<string, string> = {}, target = service): Promise<string> {
  const run = await runFlow({ ...deps(), profile: oauth2, values: values(overrides) });
  expect(run.error).toBeUndefined();
  const id = target.record(run);
  if (!id) throw new Error('the run was not recorded');
  return id;
}

/** A token that came from the browser (authorization code) without a refresh token. */
function browserRun(): FlowRun {
  return {
    runId: 'browser-run',
    profile: oauth2,
    values: values({ grantType: 'authorization_code', clientId: 'spa', clientAuth: 'none' }),
    startedAt: clock.toISOString(),
    steps: [],
    vars: new Map(),
    warnings: [],
    token: {
      accessToken: 'browser-access-token-0001',
      tokenType: 'Bearer',
      expiresIn: 600,
      expiresAt: new Date(clock.getTime() + 600_000).toISOString(),
      warnings: [],
    },
  };
}

const view = (id: string, target = service) => target.views().find((candidate) => candidate.id === id)!;
/** The simulator issues access-N and refresh-N together. */
const refreshTokenOf = (accessToken: string): string => accessToken.replace('access-', 'refresh-');
const tokenRequests = () => sim.requests.filter((request) => request.path === '/token');

async function rejection(action: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('recording tokens', () => {
  it('keeps a run’s token with its key, masked in views', async () => {
    const id = await grant();
    expect(view(id)).toMatchObject({
      profileId: 'oauth2',
      profileName: 'Generic OAuth 2.0',
      environment: sim.origin,
      clientId: 'plain',
      scope: 'api:read',
      tokenType: 'Bearer',
      accessTokenMasked: '••••',
      obtainedAt: T0.toISOString(),
      expiresAt: new Date(T0.getTime() + 600_000).toISOString(),
      status: 'valid',
      hasRefreshToken: false,
      canRenew: true,
      canRevoke: true,
    });
    expect(JSON.stringify(service.views())).not.toMatch(/access-\d/);
    expect(changes).toBe(1);
  });

  it('does not keep a failed run', async () => {
    const run = await runFlow({ ...deps(), profile: oauth2, values: values({ clientSecret: 'wrong-secret' }) });
    expect(run.error?.code).toBe('INVALID_CLIENT');
    expect(service.record(run)).toBeUndefined();
    expect(service.views()).toEqual([]);
    expect(changes).toBe(0);
  });

  it('keeps one token per profile + environment + client + scope: the newest replaces it, keeping its id', async () => {
    const first = await grant();
    const firstToken = service.accessToken(first);
    advance(10);
    const second = await grant();
    expect(second).toBe(first);
    expect(service.views()).toHaveLength(1);
    expect(service.accessToken(first)).not.toBe(firstToken);
    expect(view(first).obtainedAt).toBe(clock.toISOString());

    const otherScope = await grant({ scope: 'api:write' });
    const otherClient = await grant({ clientId: 'with-refresh' });
    const otherEnvironment = await grant({ tokenUrl: `http://localhost:${new URL(sim.origin).port}/token` });
    expect(new Set([first, otherScope, otherClient, otherEnvironment]).size).toBe(4);
    expect(service.views()).toHaveLength(4);
  });
});

describe('status, and an expired token is never used', () => {
  it('valid → expiring shortly before expiry → expired', async () => {
    const id = await grant();
    expect(view(id).status).toBe('valid');
    advance(539);
    expect(view(id).status).toBe('valid');
    advance(2);
    expect(view(id).status).toBe('expiring');
    expect(service.accessToken(id)).toMatch(/^access-\d+$/);
    advance(59);
    expect(view(id).status).toBe('expired');
  });

  it('accessToken() refuses an expired token with TOKEN_EXPIRED and never returns it', async () => {
    const id = await grant();
    const token = service.accessToken(id);
    advance(601);
    const error = await rejection(() => service.accessToken(id));
    expect(error.code).toBe('TOKEN_EXPIRED');
    expect(error.message).toBe(
      `The Generic OAuth 2.0 token expired at ${new Date(T0.getTime() + 600_000).toISOString()}.`,
    );
    expect(error.message).not.toContain(token);
    expect(view(id).status).toBe('expired');
  });

  it('a token without expiry is "no-expiry" and usable', async () => {
    behaviour.expiresIn = undefined;
    const id = await grant();
    advance(365 * 24 * 3600);
    expect(view(id).status).toBe('no-expiry');
    expect(view(id).expiresAt).toBeUndefined();
    expect(service.accessToken(id)).toMatch(/^access-\d+$/);
  });

  it('an unknown id → UNKNOWN_TOKEN', async () => {
    expect((await rejection(() => service.accessToken('nope'))).code).toBe('UNKNOWN_TOKEN');
    expect((await rejection(service.renew('nope'))).code).toBe('UNKNOWN_TOKEN');
  });
});

describe('renewal', () => {
  it('renewDue() leaves tokens that are not due alone', async () => {
    await grant();
    await grant({ clientId: 'with-refresh' });
    const before = tokenRequests().length;
    advance(500);
    await service.renewDue();
    expect(tokenRequests()).toHaveLength(before);
  });

  it('refreshes a due token that has a refresh token, keeping it when the server does not rotate', async () => {
    const id = await grant({ clientId: 'with-refresh' });
    expect(view(id)).toMatchObject({ hasRefreshToken: true, canRenew: true });
    const oldAccess = service.accessToken(id);
    const before = tokenRequests().length;
    changes = 0;
    advance(545);
    expect(view(id).status).toBe('expiring');
    await service.renewDue();

    const sent = tokenRequests().slice(before);
    expect(sent).toHaveLength(1);
    expect(bodyParams(sent[0]!)).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: refreshTokenOf(oldAccess),
    });
    expect(service.accessToken(id)).not.toBe(oldAccess);
    expect(view(id)).toMatchObject({
      status: 'valid',
      hasRefreshToken: true,
      obtainedAt: clock.toISOString(),
      expiresAt: new Date(clock.getTime() + 600_000).toISOString(),
    });
    expect(changes).toBe(1);

    // The kept refresh token still works for the next renewal.
    advance(545);
    await service.renewDue();
    const again = tokenRequests().at(-1)!;
    expect(bodyParams(again)).toMatchObject({ grant_type: 'refresh_token', refresh_token: refreshTokenOf(oldAccess) });
  });

  it('never renews a token got with a secret replaced since: not when due, not on request (SECRET_REPLACED)', async () => {
    const refreshing = await grant({ clientId: 'with-refresh' });
    const regranting = await grant();
    for (const id of [refreshing, regranting]) entries.update(id, { replacedSecret: true });
    expect(
      [view(refreshing), view(regranting)].map(({ canRenew, replacedSecret }) => [canRenew, replacedSecret]),
    ).toEqual([
      [false, true],
      [false, true],
    ]);
    const before = tokenRequests().length;
    advance(545);
    await service.renewDue();
    advance(120);
    expect(view(regranting).status).toBe('expired');
    await service.renewDue();
    for (const id of [refreshing, regranting])
      expect((await rejection(service.renew(id))).code).toBe('SECRET_REPLACED');
    expect(tokenRequests()).toHaveLength(before);
  });

  it('uses the new refresh token when the server rotates it', async () => {
    const id = await grant({ clientId: 'rotating' });
    const original = refreshTokenOf(service.accessToken(id));
    advance(545);
    await service.renewDue();
    expect(bodyParams(tokenRequests().at(-1)!)?.refresh_token).toBe(original);
    const rotated = refreshTokenOf(service.accessToken(id));
    expect(rotated).not.toBe(original);
    advance(545);
    await service.renewDue();
    expect(bodyParams(tokenRequests().at(-1)!)?.refresh_token).toBe(rotated);
  });

  it('renews an expired client-credentials token by running the grant again', async () => {
    const id = await grant();
    const oldAccess = service.accessToken(id);
    const before = tokenRequests().length;
    advance(700);
    expect(view(id).status).toBe('expired');
    await service.renewDue();
    const sent = tokenRequests().slice(before);
    expect(sent.map((request) => bodyParams(request)?.grant_type)).toEqual(['client_credentials']);
    expect(service.views()).toHaveLength(1);
    expect(view(id).status).toBe('valid');
    expect(service.accessToken(id)).not.toBe(oldAccess);
  });

  it('skips a browser-flow token without a refresh token; renew() → NOT_SUPPORTED', async () => {
    const id = service.record(browserRun())!;
    expect(view(id)).toMatchObject({ environment: 'local', clientId: 'spa', canRenew: false, hasRefreshToken: false });
    const before = sim.requests.length;
    advance(599);
    await service.renewDue();
    expect(sim.requests).toHaveLength(before);
    const error = await rejection(service.renew(id));
    expect(error.code).toBe('NOT_SUPPORTED');
    advance(2);
    expect(view(id).status).toBe('expired');
    expect((await rejection(() => service.accessToken(id))).code).toBe('TOKEN_EXPIRED');
  });

  it('a failed refresh keeps the old token, reports the error, and is not retried for a minute', async () => {
    const id = await grant({ clientId: 'with-refresh' });
    const oldAccess = service.accessToken(id);
    behaviour.failRefresh = true;
    advance(545);
    const run = await service.renew(id);
    expect(run.error?.code).toBe('HTTP_ERROR');
    expect(run.steps.map((step) => [step.id, step.response?.status])).toEqual([['refresh', 400]]);
    expect(service.accessToken(id)).toBe(oldAccess);

    const before = tokenRequests().length;
    advance(30);
    await service.renewDue();
    expect(tokenRequests()).toHaveLength(before);
    behaviour.failRefresh = false;
    advance(31);
    await service.renewDue();
    expect(tokenRequests()).toHaveLength(before + 1);
    expect(service.accessToken(id)).not.toBe(oldAccess);
  });

  it('renews on its own shortly before expiry when auto-renew is on', async () => {
    const auto = createService({ autoRenew: true, now: false });
    try {
      behaviour.expiresIn = 6;
      const run = await runFlow({ http, opener: deps().opener, profile: oauth2, values: values() });
      const id = auto.record(run)!;
      const first = auto.accessToken(id);
      behaviour.expiresIn = 3600;
      changes = 0;
      // 6 s tokens are renewed 5 s before they expire: about a second from now (the wait allows a
      // busy machine its delays; only a renewal that never comes lets it run out).
      await vi.waitFor(() => expect(auto.accessToken(id)).not.toBe(first), { timeout: 10_000, interval: 50 });
      expect(view(id, auto).status).toBe('valid');
      expect(changes).toBeGreaterThanOrEqual(1);
    } finally {
      auto.close();
    }
  });
});

describe('revocation (RFC 7009)', () => {
  it('revokes the refresh token, then the access token, and shows the entry as revoked', async () => {
    const id = await grant({ clientId: 'with-refresh' });
    const access = service.accessToken(id);
    const before = sim.requests.length;
    changes = 0;
    const run = await service.revoke(id);
    expect(run.error).toBeUndefined();
    const sent = sim.requests.slice(before);
    expect(sent.map((request) => [request.path, bodyParams(request)?.token_type_hint])).toEqual([
      ['/revoke', 'refresh_token'],
      ['/revoke', 'access_token'],
    ]);
    expect(bodyParams(sent[1]!)?.token).toBe(access);
    expect(view(id)).toMatchObject({ status: 'revoked', canRenew: false, canRevoke: false });
    expect((await rejection(() => service.accessToken(id))).code).toBe('TOKEN_REJECTED');
    expect(changes).toBe(1);

    advance(3600);
    const count = sim.requests.length;
    await service.renewDue();
    expect(sim.requests).toHaveLength(count);
  });

  it('NOT_SUPPORTED for a provider without revocation', async () => {
    const noRevoke: Profile = { ...oauth2, id: 'no-revoke', revoke: undefined };
    const local = createService({ profiles: [noRevoke] });
    const run = await runFlow({ ...deps(), profile: noRevoke, values: values() });
    const id = local.record(run)!;
    expect(view(id, local).canRevoke).toBe(false);
    expect((await rejection(local.revoke(id))).code).toBe('NOT_SUPPORTED');
    local.close();
  });

  it('delete() removes the entry and tells the renderer', async () => {
    const id = await grant();
    changes = 0;
    service.delete(id);
    expect(service.views()).toEqual([]);
    expect(changes).toBe(1);
    expect((await rejection(() => service.accessToken(id))).code).toBe('UNKNOWN_TOKEN');
  });
});
