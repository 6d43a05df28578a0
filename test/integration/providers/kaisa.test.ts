import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/main/core/http/http-client.ts';
import { formatErrorLine } from '../../../src/shared/domain/errors.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../../fixtures/simulators/kaisa.ts';
import { startCore } from '../../support/core.ts';
import { comparable, runBash } from '../../support/shell.ts';

let sim: KaisaSimulator;
let app: Awaited<ReturnType<typeof startCore>>;

beforeAll(async () => {
  sim = await startKaisaSimulator();
  app = await startCore({ http: createHttpClient({ timeoutMs: 1_000 }) });
});
afterAll(async () => {
  await app.close();
  await sim.close();
});

const values = (overrides: Record<string, string> = {}) => ({
  tokenUrl: sim.tokenUrl,
  clientId: KAISA_CLIENT.clientId,
  clientSecret: KAISA_CLIENT.clientSecret,
  bodyFormat: 'form',
  ...overrides,
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

describe('Kaisa client credentials through the core', () => {
  it.each(['form', 'json'])('gets a 300 s JWT with a %s body, and the renderer never sees it', async (bodyFormat) => {
    const report = await app.call('grant:run', { profileId: 'kaisa', values: values({ bodyFormat }) });
    expect(report.error).toBeUndefined();
    const issued = sim.issued.at(-1)!;
    expect(report.token).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 300,
      accessTokenMasked: `••••${issued.slice(-4)}`,
    });
    expect(Date.parse(report.token!.expiresAt!) - Date.now()).toBeGreaterThan(295_000);
    expect(report.token?.jwt?.payload).toMatchObject({ sub: KAISA_CLIENT.clientId, iss: 'https://auth.freespee.com' });
    expect(report.steps[0]?.response?.status).toBe(200);
    const serialized = JSON.stringify(report);
    expect(serialized).not.toContain(issued);
    expect(serialized).not.toContain(KAISA_CLIENT.clientSecret);
    expect(serialized).not.toContain(encodeURIComponent(KAISA_CLIENT.clientSecret));

    const received = sim.requests.at(-1)!;
    expect(received.headers['content-type']).toBe(
      bodyFormat === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
    );
  });

  it('reports progress for each step', async () => {
    const before = app.events.length;
    const report = await app.call('grant:run', { profileId: 'kaisa', values: values() });
    expect(app.events.slice(before).filter((event) => event.event === 'grant:progress')).toEqual([
      { event: 'grant:progress', payload: { runId: report.runId, stepId: 'token', state: 'sending' } },
      { event: 'grant:progress', payload: { runId: report.runId, stepId: 'token', state: 'done' } },
    ]);
  });

  it('copies the token only on request, in clear', async () => {
    const report = await app.call('grant:run', { profileId: 'kaisa', values: values() });
    await app.call('token:copy', { runId: report.runId });
    expect(app.clipboard.at(-1)).toBe(sim.issued.at(-1));
  });
});

describe('Kaisa failures give one line that says what to check', () => {
  async function failure(overrides: Record<string, string>) {
    const report = await app.call('grant:run', { profileId: 'kaisa', values: values(overrides) });
    expect(report.token).toBeUndefined();
    const error = report.error!;
    const line = formatErrorLine(error);
    expect(line).not.toContain('\n');
    expect(line).not.toContain(KAISA_CLIENT.clientSecret);
    expect(JSON.stringify(report)).not.toContain('wrong-secret-value');
    return { error, line, report };
  }

  it('a wrong secret → INVALID_CLIENT, pointing at the client secret', async () => {
    const { error, line, report } = await failure({ clientSecret: 'wrong-secret-value' });
    expect(error.code).toBe('INVALID_CLIENT');
    expect(error.field).toBe('clientSecret');
    expect(line).toBe(
      'Kaisa rejected the client credentials (invalid_client). — Check Client ID and Client secret; Kaisa Support issues both.',
    );
    expect(report.steps[0]?.response?.status).toBe(401);
  });

  it('a 503 maintenance page → the server is unavailable, quoting the page title; the token URL is not to blame', async () => {
    const { error, line } = await failure({ tokenUrl: `${sim.origin}/maintenance/oauth2/token` });
    expect(error.code).toBe('HTTP_ERROR');
    expect(error.field).toBeUndefined();
    expect(line).toBe(
      'The token endpoint answered 503: the server is unavailable ("Kaisa is under maintenance"). — It may be down for maintenance or overloaded; try again later.',
    );
  });

  it('a server that never answers → TIMEOUT', async () => {
    const { error, line, report } = await failure({ tokenUrl: `${sim.origin}/stall/oauth2/token` });
    expect(error.code).toBe('TIMEOUT');
    expect(error.field).toBe('tokenUrl');
    expect(line).toMatch(
      /^127\.0\.0\.1:\d+ took longer than 1 s to answer\. — Check Token URL, your network or VPN, or raise the timeout\.$/,
    );
    expect(report.steps[0]?.response).toBeUndefined();
  });

  it('nothing listening → CONNECTION_REFUSED', async () => {
    const port = await freePort();
    const { error } = await failure({ tokenUrl: `http://127.0.0.1:${port}/oauth2/token` });
    expect(error.code).toBe('CONNECTION_REFUSED');
    expect(error.field).toBe('tokenUrl');
  });

  it('a missing field → MISSING_FIELD before anything is sent', async () => {
    const before = sim.requests.length;
    const { error } = await failure({ clientId: '' });
    expect(error).toMatchObject({ code: 'MISSING_FIELD', field: 'clientId' });
    expect(sim.requests.length).toBe(before);
  });
});

describe('the exported cURL reproduces the request at the simulator', () => {
  it.each(['form', 'json'])('%s body, secret from its environment variable', async (bodyFormat) => {
    const report = await app.call('grant:run', { profileId: 'kaisa', values: values({ bodyFormat }) });
    const engineRequest = comparable(sim.requests.at(-1)!);

    const shown = await app.call('snippet:export', { runId: report.runId, stepId: 'token', lang: 'curl', mode: 'env' });
    expect(shown.variables).toEqual([{ variable: 'TOKENSMITH_KAISA_CLIENT_SECRET', origin: 'field Client secret' }]);
    await app.call('snippet:copy', { runId: report.runId, stepId: 'token', lang: 'curl', mode: 'env' });
    const command = app.clipboard.at(-1)!;
    expect(command).toBe(shown.code);
    expect(command).toContain('"$TOKENSMITH_KAISA_CLIENT_SECRET"');
    expect(command).not.toContain(KAISA_CLIENT.clientSecret);

    const result = await runBash(command, { TOKENSMITH_KAISA_CLIENT_SECRET: KAISA_CLIENT.clientSecret });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ token_type: 'bearer', expires_in: 300 });
    expect(comparable(sim.requests.at(-1)!)).toEqual(engineRequest);
  });

  it('revealed mode runs without variables; masked mode hides the secret', async () => {
    const report = await app.call('grant:run', { profileId: 'kaisa', values: values() });
    const engineRequest = comparable(sim.requests.at(-1)!);
    await app.call('snippet:copy', { runId: report.runId, stepId: 'token', lang: 'curl', mode: 'reveal' });
    const result = await runBash(app.clipboard.at(-1)!);
    expect(result.code).toBe(0);
    expect(comparable(sim.requests.at(-1)!)).toEqual(engineRequest);

    const masked = await app.call('snippet:export', {
      runId: report.runId,
      stepId: 'token',
      lang: 'curl',
      mode: 'mask',
    });
    expect(masked.code).toContain("--data-urlencode 'client_secret=••••");
    expect(masked.code).not.toContain(KAISA_CLIENT.clientSecret);
  });
});
