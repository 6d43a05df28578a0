import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GrantJson } from '../../src/cli/token-output.ts';
import { KINETIC_CLIENT, startKineticSimulator, type KineticSimulator } from '../fixtures/simulators/kinetic.ts';
import { startSunshineSimulator, SUNSHINE_CLIENT, type SunshineSimulator } from '../fixtures/simulators/sunshine.ts';
import { BIN, start, tokensmith } from '../support/cli.ts';
import { answerConsent } from '../support/consent.ts';
import { startCore } from '../support/core.ts';

/**
 * The who-am-I call after a grant is Tokensmith's own idea: a provider that answers it 404 or 403
 * (an app-scoped Sunshine token may not list apps) has still issued a token, and that token must
 * reach the user and the ledger, with a warning. Only an answer that proves the token bad fails.
 */

let kinetic: KineticSimulator;
let sunshine: SunshineSimulator;
let app: Awaited<ReturnType<typeof startCore>>;

beforeAll(async () => {
  [kinetic, sunshine] = await Promise.all([startKineticSimulator(), startSunshineSimulator()]);
  app = await startCore({ autoRenew: false, opener: (url) => answerConsent(url, 'allow') });
});
afterEach(() => {
  kinetic.faults.checkStatus = undefined;
  sunshine.faults.checkStatus = undefined;
});
afterAll(async () => {
  await app.close();
  await Promise.all([kinetic.close(), sunshine.close()]);
});

const kineticValues = () => ({
  server: kinetic.server,
  clientId: KINETIC_CLIENT.clientId,
  clientSecret: KINETIC_CLIENT.clientSecret,
});
const sunshineValues = () => ({
  baseUrl: sunshine.baseUrl,
  clientId: SUNSHINE_CLIENT.clientId,
  clientSecret: SUNSHINE_CLIENT.clientSecret,
  redirectUri: 'http://127.0.0.1/callback',
});

const CASES = [
  { profileId: 'kinetic', path: '/app/api/v1/me', status: 404 },
  { profileId: 'kinetic', path: '/app/api/v1/me', status: 403 },
  { profileId: 'sunshine', path: '/v2/apps', status: 404 },
  { profileId: 'sunshine', path: '/v2/apps', status: 403 },
] as const;

function simulatorOf(profileId: 'kinetic' | 'sunshine') {
  return profileId === 'kinetic'
    ? { sim: kinetic, values: kineticValues(), issued: kinetic.issued }
    : { sim: sunshine, values: sunshineValues(), issued: sunshine.issued };
}

describe('the core: a check call that fails does not withhold the token', () => {
  it.each(CASES)('$profileId, check answering $status → token delivered and kept, with a warning', async (c) => {
    const { sim, values, issued } = simulatorOf(c.profileId);
    sim.faults.checkStatus = c.status;
    const report = await app.call('grant:run', { profileId: c.profileId, values });
    expect(report.error).toBeUndefined();
    expect(report.token).toBeDefined();
    expect(report.steps.at(-1)).toMatchObject({ id: 'check', response: { status: c.status } });
    expect(report.warnings).toContain(`could not confirm the token: ${c.path} answered ${c.status}.`);
    // Kept in the ledger, and the token is the one the provider issued.
    expect(report.ledgerId).toBeDefined();
    const kept = app.core.ledger.views().find((view) => view.id === report.ledgerId);
    expect(kept?.profileId).toBe(c.profileId);
    expect(app.core.runs.get(report.runId).token?.accessToken).toBe(issued.at(-1));
  });

  it.each(['kinetic', 'sunshine'] as const)('%s, check answering 401 → the grant fails: TOKEN_REJECTED', async (id) => {
    const { sim, values } = simulatorOf(id);
    sim.faults.checkStatus = 401;
    const report = await app.call('grant:run', { profileId: id, values });
    expect(report.error?.code).toBe('TOKEN_REJECTED');
    expect(report.ledgerId).toBeUndefined();
  });
});

const sets = (values: Record<string, string>): string[] =>
  Object.entries(values).flatMap(([name, value]) => ['--set', `${name}=${value}`]);

describe('the CLI: a check call that fails does not withhold the token', () => {
  it.each([404, 403])('kinetic, /app/api/v1/me answering %i → exit 0, the token, a warning', async (status) => {
    kinetic.faults.checkStatus = status;
    const result = await tokensmith(
      ['grant', 'kinetic', '--json', ...sets({ server: kinetic.server, clientId: KINETIC_CLIENT.clientId })],
      { env: { TOKENSMITH_KINETIC_CLIENT_SECRET: KINETIC_CLIENT.clientSecret } },
    );
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as GrantJson;
    expect(json.accessToken).toBe(kinetic.issued.at(-1));
    expect(json.warnings).toContain(`could not confirm the token: /app/api/v1/me answered ${status}.`);
    expect(result.stderr).toBe('✓ Request a token\n✗ Who am I\n');
  });

  it('sunshine, /v2/apps answering 404 → exit 0, the token on stdout, the warning on stderr', async () => {
    sunshine.faults.checkStatus = 404;
    const cli = start(
      process.execPath,
      [
        BIN,
        'grant',
        'sunshine',
        '--no-browser',
        ...sets({ baseUrl: sunshine.baseUrl, clientId: SUNSHINE_CLIENT.clientId }),
      ],
      { env: { TOKENSMITH_SUNSHINE_CLIENT_SECRET: SUNSHINE_CLIENT.clientSecret } },
    );
    await answerConsent(await cli.stderrMatch(/^Open this URL in your browser: (\S+)$/m), 'allow');
    const result = await cli.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${sunshine.issued.at(-1)!}\n`);
    expect(result.stderr).toContain('✗ List apps\n');
    expect(result.stderr).toContain('warning: could not confirm the token: /v2/apps answered 404.\n');
  });

  it('kinetic, /app/api/v1/me answering 401 → exit 1 and no token', async () => {
    kinetic.faults.checkStatus = 401;
    const result = await tokensmith(
      ['grant', 'kinetic', ...sets({ server: kinetic.server, clientId: KINETIC_CLIENT.clientId })],
      { env: { TOKENSMITH_KINETIC_CLIENT_SECRET: KINETIC_CLIENT.clientSecret } },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^tokensmith: .*401.*token/);
  });
});
