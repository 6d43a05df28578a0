import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrantJson } from '../../src/cli/token-output.ts';
import { maskSecret, secretForms, secretVariableName } from '../../src/shared/domain/secrets.ts';
import { PROFILES } from '../../src/shared/providers/index.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../fixtures/simulators/kaisa.ts';
import {
  KHOROS_API_TOKEN,
  KHOROS_CLIENT,
  startKhorosSimulator,
  type KhorosSimulator,
} from '../fixtures/simulators/khoros.ts';
import { KINETIC_CLIENT, startKineticSimulator, type KineticSimulator } from '../fixtures/simulators/kinetic.ts';
import { KPN_CLIENT, startKpnSimulator, type KpnSimulator } from '../fixtures/simulators/kpn.ts';
import {
  startSunshineSimulator,
  SUNSHINE_APP_KEY,
  SUNSHINE_CLIENT,
  type SunshineSimulator,
} from '../fixtures/simulators/sunshine.ts';
import { answerConsent } from '../support/consent.ts';
import { BIN, npxTokensmith, start, tokensmith, type CliResult } from '../support/cli.ts';
import { unsignedJwt } from '../support/jwt.ts';
import { comparable, runBash } from '../support/shell.ts';

/**
 * The `tokensmith` command end to end: every test spawns the real CLI (bin/tokensmith.js, once
 * through `npx tokensmith`) against the provider simulators on 127.0.0.1. A spawn costs about half
 * a second of CPU, so the suites run concurrently and each test that counts requests has its own
 * simulator.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const GRANT_KEYS = [
  'accessToken',
  'tokenType',
  'expiresIn',
  'expiresAt',
  'refreshToken',
  'scope',
  'jwt',
  'warnings',
  'response',
];
const PROFILE_IDS = ['kaisa', 'kpn', 'kinetic', 'sunshine', 'sunshine-jwt', 'khoros', 'khoros-token', 'oauth2'];
const USAGE_HINT = 'Run `tokensmith --help` for usage.';

/** Asymmetric matchers typed as the values they stand for, so expected objects stay free of `any`. */
const anyNumber = (): number => expect.any(Number) as number;
const matching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;
const isoDate = (): string => matching(ISO_DATE);
const containing = (value: Record<string, unknown>): Record<string, unknown> =>
  expect.objectContaining(value) as Record<string, unknown>;

const sets = (values: Record<string, string>): string[] =>
  Object.entries(values).flatMap(([name, value]) => ['--set', `${name}=${value}`]);

function expectNoSecret(text: string, secret: string): void {
  for (const form of secretForms(secret)) expect(text).not.toContain(form);
}

/**
 * stdout as `grant --json` must print it: exactly one JSON document, the normalized token object,
 * with the types and invariants every provider shares. Each test then pins the provider's values.
 */
function grantJson(result: CliResult): GrantJson {
  expect(result.code, result.stderr).toBe(0);
  const value: unknown = JSON.parse(result.stdout);
  expect(result.stdout).toBe(`${JSON.stringify(value, null, 2)}\n`);
  expect(value).toBeTypeOf('object');
  expect(value).not.toBeNull();
  const json = value as GrantJson;
  expect(GRANT_KEYS).toEqual(expect.arrayContaining(Object.keys(json)));
  expect(json.accessToken).toMatch(/^\S+$/);
  expect(json.tokenType).toBe('Bearer');
  expect(Array.isArray(json.warnings) && json.warnings.every((warning) => typeof warning === 'string')).toBe(true);
  if (json.expiresAt !== undefined) expect(json.expiresAt).toMatch(ISO_DATE);
  if (json.expiresIn !== undefined) {
    expect(Number.isInteger(json.expiresIn)).toBe(true);
    const drift = Date.parse(json.expiresAt ?? '') - (Date.now() + json.expiresIn * 1000);
    expect(Math.abs(drift)).toBeLessThan(60_000);
  }
  const parts = json.accessToken.split('.');
  if (parts.length === 3 && json.accessToken.startsWith('eyJ')) {
    expect(json.jwt).toEqual({
      header: decodeProtectedHeader(json.accessToken),
      payload: decodeJwt(json.accessToken),
    });
  } else {
    expect(json.jwt).toBeUndefined();
  }
  if (json.response !== null) {
    expect(Number.isInteger(json.response.status)).toBe(true);
    for (const [name, headerValue] of Object.entries(json.response.headers)) {
      expect(name).toBe(name.toLowerCase());
      expect(headerValue).toBeTypeOf('string');
    }
  }
  return json;
}

/** A failed run: nothing on stdout, and stderr ends with one `tokensmith: …` line, which is returned. */
function diagnosis(result: CliResult): string {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/\n$/);
  const line = result.stderr.trimEnd().split('\n').at(-1) ?? '';
  expect(line).toMatch(/^tokensmith: \S/);
  return line;
}

let kaisa: KaisaSimulator;
let kpn: KpnSimulator;
let kinetic: KineticSimulator;
let sunshine: SunshineSimulator;
let khoros: KhorosSimulator;

beforeAll(async () => {
  [kaisa, kpn, kinetic, sunshine, khoros] = await Promise.all([
    startKaisaSimulator(),
    startKpnSimulator(),
    startKineticSimulator(),
    startSunshineSimulator(),
    startKhorosSimulator(),
  ]);
});
afterAll(async () => {
  await Promise.all([kaisa, kpn, kinetic, sunshine, khoros].map((sim) => sim.close()));
});

const kaisaFields = (): Record<string, string> => ({ tokenUrl: kaisa.tokenUrl, clientId: KAISA_CLIENT.clientId });
const KAISA_ENV = { TOKENSMITH_KAISA_CLIENT_SECRET: KAISA_CLIENT.clientSecret };
const KPN_ENV = { TOKENSMITH_KPN_CLIENT_SECRET: KPN_CLIENT.clientSecret };
const KPN_WARNINGS = [
  '"token_type" is "BearerToken"; treated as Bearer.',
  '"expires_in" is the string "3599"; RFC 6749 §5.1 wants a number.',
];
const khorosFields = (sim: KhorosSimulator): Record<string, string> => ({
  authBaseUrl: sim.authBaseUrl,
  apiBaseUrl: sim.apiBaseUrl,
  clientId: KHOROS_CLIENT.clientId,
  loginEmail: KHOROS_CLIENT.loginEmail,
  redirectUri: KHOROS_CLIENT.redirectUri,
});
const KHOROS_ENV = {
  TOKENSMITH_KHOROS_CLIENT_SECRET: KHOROS_CLIENT.clientSecret,
  TOKENSMITH_KHOROS_LOGIN_PASSWORD: KHOROS_CLIENT.loginPassword,
};

describe.concurrent('tokensmith grant <profile> --json: a token from each provider', () => {
  it('kaisa: the secret from TOKENSMITH_KAISA_CLIENT_SECRET, the other fields with --set', async () => {
    const result = await tokensmith(['grant', 'kaisa', '--json', ...sets(kaisaFields())], { env: KAISA_ENV });
    const json = grantJson(result);
    expect(json).toEqual({
      accessToken: json.accessToken,
      tokenType: 'Bearer',
      expiresIn: 300,
      expiresAt: isoDate(),
      jwt: {
        header: { alg: 'HS256', typ: 'JWT' },
        payload: {
          scope: 'api',
          client_id: KAISA_CLIENT.clientId,
          iss: 'https://auth.freespee.com',
          sub: KAISA_CLIENT.clientId,
          iat: anyNumber(),
          exp: anyNumber(),
          jti: matching(/^[0-9a-f-]{36}$/),
        },
      },
      warnings: [],
      response: {
        status: 200,
        headers: containing({ 'content-type': 'application/json', 'cache-control': 'no-store' }),
        body: { access_token: json.accessToken, token_type: 'bearer', expires_in: 300 },
      },
    });
    expect(kaisa.issued).toContain(json.accessToken);
    expect(result.stderr).toBe('✓ Request a token\n');
    expectNoSecret(result.stdout + result.stderr, KAISA_CLIENT.clientSecret);
  });

  it('kpn through `npx tokensmith`, every field from its environment variable', async () => {
    const result = await npxTokensmith(['grant', 'kpn', '--json'], {
      env: { ...KPN_ENV, TOKENSMITH_KPN_TOKEN_URL: kpn.tokenUrl, TOKENSMITH_KPN_CLIENT_ID: KPN_CLIENT.clientId },
    });
    const json = grantJson(result);
    expect(json).toEqual({
      accessToken: matching(/^[A-Za-z0-9]{28}$/),
      tokenType: 'Bearer',
      expiresIn: 3599,
      expiresAt: isoDate(),
      warnings: KPN_WARNINGS,
      response: {
        status: 200,
        headers: containing({ 'content-type': 'application/json' }),
        body: containing({
          access_token: json.accessToken,
          token_type: 'BearerToken',
          expires_in: '3599',
          client_id: KPN_CLIENT.clientId,
        }),
      },
    });
    expect(kpn.issued).toContain(json.accessToken);
    // npm may add its own notices to stderr; the CLI's progress is there, and no secret.
    expect(result.stderr.split('\n')).toContain('✓ Request a token');
    expectNoSecret(result.stdout + result.stderr, KPN_CLIENT.clientSecret);
  });

  it('kinetic: HTTP Basic, a JWT, and the who-am-I check', async () => {
    const result = await tokensmith(
      ['grant', 'kinetic', '--json', ...sets({ server: kinetic.server, clientId: KINETIC_CLIENT.clientId })],
      { env: { TOKENSMITH_KINETIC_CLIENT_SECRET: KINETIC_CLIENT.clientSecret } },
    );
    const json = grantJson(result);
    expect(json).toEqual({
      accessToken: json.accessToken,
      tokenType: 'Bearer',
      expiresIn: 43199,
      expiresAt: isoDate(),
      scope: 'full_access',
      jwt: {
        header: { alg: 'HS256', typ: 'JWT' },
        payload: containing({ iss: 'kinetic-data', username: KINETIC_CLIENT.clientId, spaceSlug: 'acme' }),
      },
      warnings: [],
      response: {
        status: 200,
        headers: containing({ 'content-type': 'application/json' }),
        body: containing({
          access_token: json.accessToken,
          token_type: 'bearer',
          expires_in: 43199,
          scope: 'full_access',
        }),
      },
    });
    expect(kinetic.issued).toContain(json.accessToken);
    expect(result.stderr).toBe('✓ Request a token\n✓ Who am I\n');
    expectNoSecret(result.stdout + result.stderr, KINETIC_CLIENT.clientSecret);
  });

  it('khoros: /authorize, /grant and /token, the token from data.accessToken, with warnings', async ({
    onTestFinished,
  }) => {
    const sim = await startKhorosSimulator();
    onTestFinished(() => sim.close());
    const result = await tokensmith(['grant', 'khoros', '--json', ...sets(khorosFields(sim))], { env: KHOROS_ENV });
    const json = grantJson(result);
    expect(sim.requests.map((sent) => `${sent.method} ${sent.path}`)).toEqual([
      'GET /v1/oauth/authorize',
      'POST /v1/oauth/grant',
      'POST /v1/oauth/token',
      'GET /v2/me',
    ]);
    expect(sim.issued).toEqual([json.accessToken]);
    expect(sim.requests[3]?.headers.authorization).toBe(`Bearer ${json.accessToken}`);
    expect(json).toEqual({
      accessToken: json.accessToken,
      tokenType: 'Bearer',
      expiresIn: anyNumber(),
      expiresAt: isoDate(),
      jwt: {
        header: { alg: 'HS256', typ: 'JWT' },
        payload: {
          clientId: KHOROS_CLIENT.clientId,
          type: 'oauth_access_token',
          sub: KHOROS_CLIENT.loginEmail,
          iat: anyNumber(),
          exp: anyNumber(),
        },
      },
      warnings: [
        'The token is in "data.accessToken" rather than "access_token" (RFC 6749 §5.1).',
        'No "token_type"; assumed Bearer (RFC 6749 §5.1 requires it).',
        'No "expires_in"; the expiry comes from the JWT\'s "exp".',
      ],
      response: {
        status: 200,
        headers: containing({ 'content-type': 'application/json' }),
        body: { data: { accessToken: json.accessToken, sfEntityType: 'AccessToken' }, status: { succeeded: true } },
      },
    });
    expect(json.expiresIn).toBeGreaterThan(729 * 24 * 3600);
    expect(result.stderr).toBe(
      '✓ Open /authorize\n✓ Log in at /grant\n✓ Exchange the code at /token\n✓ Who am I (/v2/me)\n',
    );
    expectNoSecret(result.stdout + result.stderr, KHOROS_CLIENT.clientSecret);
    expectNoSecret(result.stdout + result.stderr, KHOROS_CLIENT.loginPassword);
  });

  it('khoros-token: the pasted token from TOKENSMITH_KHOROS_TOKEN_ACCESS_TOKEN, checked with /v2/me', async () => {
    const variable = secretVariableName('khoros-token', 'accessToken');
    expect(variable).toBe('TOKENSMITH_KHOROS_TOKEN_ACCESS_TOKEN');
    const result = await tokensmith(['grant', 'khoros-token', '--json', ...sets({ apiBaseUrl: khoros.apiBaseUrl })], {
      env: { [variable]: KHOROS_API_TOKEN },
    });
    const json = grantJson(result);
    expect(json).toEqual({
      accessToken: KHOROS_API_TOKEN,
      tokenType: 'Bearer',
      expiresIn: anyNumber(),
      expiresAt: isoDate(),
      jwt: {
        header: { alg: 'HS256', typ: 'JWT' },
        payload: {
          sub: KHOROS_CLIENT.loginEmail,
          type: 'api_access_token',
          iat: anyNumber(),
          exp: anyNumber(),
        },
      },
      warnings: [],
      // Nothing was exchanged: the token was pasted, and the check's answer is not a token response.
      response: null,
    });
    expect(result.stderr).toBe('✓ Use the pasted token\n✓ Who am I (/v2/me)\n');
  });

  it('sunshine-jwt: signs an app-scoped JWT without the network, and Sunshine accepts it', async () => {
    const result = await tokensmith(['grant', 'sunshine-jwt', '--json', ...sets({ keyId: SUNSHINE_APP_KEY.keyId })], {
      env: { TOKENSMITH_SUNSHINE_JWT_SECRET: SUNSHINE_APP_KEY.secret },
    });
    const json = grantJson(result);
    expect(json).toEqual({
      accessToken: json.accessToken,
      tokenType: 'Bearer',
      jwt: { header: { typ: 'JWT', kid: SUNSHINE_APP_KEY.keyId, alg: 'HS256' }, payload: { scope: 'app' } },
      warnings: [],
      response: null,
    });
    expect(decodeProtectedHeader(json.accessToken)).toEqual({ typ: 'JWT', kid: SUNSHINE_APP_KEY.keyId, alg: 'HS256' });
    expect(decodeJwt(json.accessToken)).toEqual({ scope: 'app' });
    const verified = await jwtVerify(json.accessToken, new TextEncoder().encode(SUNSHINE_APP_KEY.secret), {
      algorithms: ['HS256'],
    });
    expect(verified.payload).toEqual({ scope: 'app' });
    expect(result.stderr).toBe('✓ Sign the JWT\n');
    expectNoSecret(result.stdout + result.stderr, SUNSHINE_APP_KEY.secret);

    const apps = await request(`${sunshine.baseUrl}/v2/apps`, {
      headers: { authorization: `Bearer ${json.accessToken}` },
    });
    expect(apps.statusCode).toBe(200);
    expect(await apps.body.json()).toEqual({ apps: [{ id: '5e4af71a81966cfff3ef6550', displayName: 'Acme Support' }] });
  });

  it('sunshine: prints the authorization URL, waits for the loopback callback, then exchanges the code', async () => {
    const cli = start(
      process.execPath,
      [
        BIN,
        'grant',
        'sunshine',
        '--json',
        '--no-browser',
        ...sets({ baseUrl: sunshine.baseUrl, clientId: SUNSHINE_CLIENT.clientId }),
      ],
      { env: { TOKENSMITH_SUNSHINE_CLIENT_SECRET: SUNSHINE_CLIENT.clientSecret } },
    );
    const url = await cli.stderrMatch(/^Open this URL in your browser: (\S+)$/m);
    expect(cli.running()).toBe(true);
    const authorize = new URL(url);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${sunshine.baseUrl}/oauth/authorize`);
    expect(authorize.searchParams.get('client_id')).toBe(SUNSHINE_CLIENT.clientId);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{32}$/);

    await answerConsent(url, 'allow');
    const result = await cli.done;
    const json = grantJson(result);
    expect(json).toEqual({
      accessToken: matching(/^[A-Za-z0-9]{40}$/),
      tokenType: 'Bearer',
      warnings: ['No "expires_in": the expiry is unknown.'],
      response: {
        status: 200,
        headers: containing({ 'content-type': 'application/json' }),
        body: { access_token: json.accessToken, token_type: 'Bearer' },
      },
    });
    expect(sunshine.issued).toContain(json.accessToken);
    expect(result.stderr).toBe(
      `Open this URL in your browser: ${url}\n✓ Authorize in the browser\n✓ Exchange the code\n✓ List apps\n`,
    );
    expectNoSecret(result.stdout + result.stderr, SUNSHINE_CLIENT.clientSecret);
  });
});

describe.concurrent('--set and the environment variables', () => {
  it('--set wins over the environment: a wrong secret in the environment, the right one with --set', async () => {
    const result = await tokensmith(
      ['grant', 'kaisa', ...sets({ ...kaisaFields(), clientSecret: KAISA_CLIENT.clientSecret })],
      { env: { TOKENSMITH_KAISA_CLIENT_SECRET: 'wrong-env-secret-0001' } },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(kaisa.issued).toContain(result.stdout.slice(0, -1));
  });

  it('and the reverse: the right secret in the environment, a wrong one with --set, fails', async () => {
    const result = await tokensmith(['grant', 'kaisa', ...sets({ ...kaisaFields(), clientSecret: 'wrong-set-0002' })], {
      env: KAISA_ENV,
    });
    expect(diagnosis(result)).toBe(
      'tokensmith: Kaisa rejected the client credentials (invalid_client). — Check Client ID and Client secret; Kaisa Support issues both.',
    );
    expect(result.stderr).not.toContain('wrong-set-0002');
    expectNoSecret(result.stderr, KAISA_CLIENT.clientSecret);
  });
});

describe.concurrent('tokensmith grant without --json', () => {
  it('prints only the access token and a newline on stdout; progress and warnings go to stderr', async () => {
    const result = await tokensmith(
      ['grant', 'kpn', ...sets({ tokenUrl: kpn.tokenUrl, clientId: KPN_CLIENT.clientId })],
      {
        env: KPN_ENV,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^[A-Za-z0-9]{28}\n$/);
    expect(kpn.issued).toContain(result.stdout.slice(0, -1));
    expect(result.stderr).toBe(
      ['✓ Request a token', ...KPN_WARNINGS.map((warning) => `warning: ${warning}`), ''].join('\n'),
    );
  });

  it('is pipe-friendly: $(tokensmith grant …) is a Bearer token the API accepts', async () => {
    const grant = `'${process.execPath}' '${BIN}' grant kpn --set 'tokenUrl=${kpn.tokenUrl}' --set 'clientId=${KPN_CLIENT.clientId}'`;
    const shell = await runBash(
      `token="$(${grant} 2>/dev/null)" && curl --silent --show-error -H "Authorization: Bearer $token" '${kpn.origin}/messenger/v1/health'`,
      KPN_ENV,
    );
    expect(shell).toEqual({ code: 0, stdout: '{"status":"ok"}', stderr: '' });
  });
});

describe.concurrent('tokensmith grant failures: a non-zero exit and one line that says what to check', () => {
  it('a wrong secret → exit 1, naming the client secret, without any secret', async () => {
    const result = await tokensmith(['grant', 'kaisa', '--json', ...sets(kaisaFields())], {
      env: { TOKENSMITH_KAISA_CLIENT_SECRET: 'wrong-secret-value-0003' },
    });
    const line = diagnosis(result);
    expect(result.stderr).toBe(`✗ Request a token\n${line}\n`);
    expect(line).toBe(
      'tokensmith: Kaisa rejected the client credentials (invalid_client). — Check Client ID and Client secret; Kaisa Support issues both.',
    );
    expect(result.stderr).not.toContain('wrong-secret-value-0003');
  });

  it('a missing field → exit 1 before anything is sent, saying how to set it', async () => {
    const [noSecret, noClientId] = await Promise.all([
      tokensmith(['grant', 'kaisa', ...sets(kaisaFields())]),
      tokensmith(['grant', 'kaisa', ...sets({ tokenUrl: kaisa.tokenUrl })], { env: KAISA_ENV }),
    ]);
    expect(diagnosis(noSecret)).toBe(
      'tokensmith: Client secret is required. — Set it: export TOKENSMITH_KAISA_CLIENT_SECRET=… (or --set clientSecret=…)',
    );
    expect(diagnosis(noClientId)).toBe(
      'tokensmith: Client ID is required. — Set it: --set clientId=… (or export TOKENSMITH_KAISA_CLIENT_ID=…)',
    );
    // No step ran: the diagnosis is all there is on stderr.
    expect(noSecret.stderr.split('\n')).toHaveLength(2);
    expect(noClientId.stderr.split('\n')).toHaveLength(2);
  });

  it('a server that never answers → exit 1 after --timeout, with a timeout message', async () => {
    const result = await tokensmith(
      [
        'grant',
        'kaisa',
        '--timeout',
        '500',
        ...sets({ ...kaisaFields(), tokenUrl: `${kaisa.origin}/stall/oauth2/token` }),
      ],
      { env: KAISA_ENV },
    );
    expect(diagnosis(result)).toMatch(
      /^tokensmith: 127\.0\.0\.1:\d+ took longer than 0\.5 s to answer\. — Check Token URL, your network or VPN, or raise the timeout\.$/,
    );
  });

  it.each([
    [
      'an unknown profile',
      ['grant', 'nope'],
      'There is no profile "nope"; choose one of kaisa, kpn, kinetic, sunshine, sunshine-jwt, khoros, khoros-token, oauth2.',
    ],
    [
      'an unknown field in --set',
      ['grant', 'kpn', '--set', 'bogus=1'],
      'kpn has no field "bogus"; its fields are tokenUrl, clientId, clientSecret.',
    ],
    ['--set without a value', ['grant', 'kpn', '--set', 'clientId'], '--set takes field=value, not "clientId".'],
    ['no profile', ['grant'], 'Name a profile; `tokensmith providers` lists them.'],
    [
      'a --timeout that is not a number',
      ['grant', 'kpn', '--timeout', 'soon'],
      '--timeout takes a number of milliseconds.',
    ],
    [
      'an unknown command',
      ['frob'],
      'Unknown command "frob"; the commands are providers, grant, curl, snippet, import, introspect, revoke, dpop-proof, decode, vault, token, exec, tokens.',
    ],
  ])('%s → exit 2 (usage)', async (_name, args, message) => {
    const result = await tokensmith(args);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `tokensmith: ${message}\n${USAGE_HINT}\n` });
  });

  it('an unknown option → exit 2 (usage)', async () => {
    const result = await tokensmith(['grant', 'kpn', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^tokensmith: Unknown option '--bogus'\..*\nRun `tokensmith --help` for usage\.\n$/);
  });

  it('a Node.js older than 24 → exit 1 and one line saying which Node to install, not a stack trace', async () => {
    // Node 20 stands in by its version: it cannot strip the types of the sources the bin imports.
    const node20 = 'data:text/javascript,Object.defineProperty(process.versions, "node", { value: "20.11.1" })';
    const result = await start(process.execPath, ['--import', node20, BIN, 'providers']).done;
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'tokensmith: this needs Node.js 24 or later, and this is Node.js 20.11.1. — Install Node.js 24 LTS (see .nvmrc) and run it again.\n',
    });
  });
});

describe.concurrent('tokensmith curl <profile>', () => {
  it('kpn: the secret as "$TOKENSMITH_KPN_CLIENT_SECRET"; bash sends what the engine sent', async ({
    onTestFinished,
  }) => {
    const sim = await startKpnSimulator();
    onTestFinished(() => sim.close());
    const fields = sets({ tokenUrl: sim.tokenUrl, clientId: KPN_CLIENT.clientId });
    const [granted, printed] = await Promise.all([
      tokensmith(['grant', 'kpn', ...fields], { env: KPN_ENV }),
      tokensmith(['curl', 'kpn', ...fields], { env: KPN_ENV }),
    ]);
    expect(granted.code, granted.stderr).toBe(0);
    // Printing the commands sends nothing: the one request is the engine's.
    expect(sim.requests).toHaveLength(1);
    const engine = comparable(sim.requests[0]!);

    expect(printed).toMatchObject({ code: 0, stderr: '' });
    const script = printed.stdout;
    expect(script.split('\n').slice(0, 4)).toEqual([
      '# export TOKENSMITH_KPN_CLIENT_SECRET=…   (field Client secret)',
      '',
      '# 1. Request a token',
      'curl --silent --show-error \\',
    ]);
    expect(script).toContain('--data-urlencode client_secret="$TOKENSMITH_KPN_CLIENT_SECRET"');
    expectNoSecret(script, KPN_CLIENT.clientSecret);

    const shell = await runBash(script, KPN_ENV);
    expect(shell.stderr).toBe('');
    expect(shell.code).toBe(0);
    const answer = JSON.parse(shell.stdout) as { access_token: string };
    expect(sim.issued).toEqual([granted.stdout.slice(0, -1), answer.access_token]);
    expect(sim.requests).toHaveLength(2);
    expect(comparable(sim.requests[1]!)).toEqual(engine);
  });

  it('--mask hides the secret, --reveal writes it out (and bash can run that), both → exit 2', async () => {
    const fields = sets({ tokenUrl: kpn.tokenUrl, clientId: KPN_CLIENT.clientId });
    const [masked, revealed, both] = await Promise.all([
      tokensmith(['curl', 'kpn', '--mask', ...fields], { env: KPN_ENV }),
      tokensmith(['curl', 'kpn', '--reveal', ...fields], { env: KPN_ENV }),
      tokensmith(['curl', 'kpn', '--mask', '--reveal', ...fields], { env: KPN_ENV }),
    ]);
    expect(masked.code, masked.stderr).toBe(0);
    expect(masked.stdout).toMatch(/^# 1\. Request a token\ncurl /);
    expect(masked.stdout).toContain(`client_secret=${maskSecret(KPN_CLIENT.clientSecret)}`);
    expect(masked.stdout).not.toContain('TOKENSMITH_KPN_CLIENT_SECRET');
    expectNoSecret(masked.stdout, KPN_CLIENT.clientSecret);

    expect(revealed.code, revealed.stderr).toBe(0);
    expect(revealed.stdout).toMatch(/^# 1\. Request a token\ncurl /);
    expect(revealed.stdout).not.toContain('TOKENSMITH_KPN_CLIENT_SECRET');
    expect(revealed.stdout).toContain(`'client_secret=${KPN_CLIENT.clientSecret.replaceAll("'", "'\\''")}'`);
    const shell = await runBash(revealed.stdout);
    expect(shell).toMatchObject({ code: 0, stderr: '' });
    expect(kpn.issued).toContain((JSON.parse(shell.stdout) as { access_token: string }).access_token);

    expect(both).toEqual({
      code: 2,
      stdout: '',
      stderr: `tokensmith: Choose --mask or --reveal, not both.\n${USAGE_HINT}\n`,
    });
  });

  it('khoros: three requests in order, then the check; the /token code comes from the /grant redirect', async () => {
    const printed = await tokensmith(['curl', 'khoros', ...sets(khorosFields(khoros))], { env: KHOROS_ENV });
    expect(printed).toMatchObject({ code: 0, stderr: '' });
    expectNoSecret(printed.stdout, KHOROS_CLIENT.clientSecret);
    expectNoSecret(printed.stdout, KHOROS_CLIENT.loginPassword);

    const [preamble, ...steps] = printed.stdout.trimEnd().split('\n\n');
    expect(preamble).toBe(
      [
        '# export TOKENSMITH_KHOROS_LOGIN_PASSWORD=…   (field Login password)',
        '# export TOKENSMITH_KHOROS_CLIENT_SECRET=…   (field Client secret)',
      ].join('\n'),
    );
    expect(steps.map((step) => step.split('\n')[0])).toEqual([
      '# 1. Open /authorize',
      '# 2. Log in at /grant',
      '# 3. Exchange the code at /token',
      '# 4. Who am I (/v2/me)',
    ]);
    expect(steps.map((step) => /(http:\/\/127\.0\.0\.1:\d+\/[^\s'?]*)/.exec(step)?.[1])).toEqual([
      `${khoros.authBaseUrl}/authorize`,
      `${khoros.authBaseUrl}/grant`,
      `${khoros.authBaseUrl}/token`,
      `${khoros.apiBaseUrl}/v2/me`,
    ]);
    expect(steps.map((step) => step.includes('-X POST'))).toEqual([false, true, true, false]);
    expect(steps[1]).toContain('--data-urlencode password="$TOKENSMITH_KHOROS_LOGIN_PASSWORD"');
    expect(steps[2]?.split('\n').slice(0, 2)).toEqual([
      '# 3. Exchange the code at /token',
      '# TOKENSMITH_KHOROS_CODE: the code in the redirect of step "Log in at /grant"',
    ]);
    expect(steps[2]).toContain('--data-urlencode code="$TOKENSMITH_KHOROS_CODE"');
    expect(steps[2]).toContain('--data-urlencode client_secret="$TOKENSMITH_KHOROS_CLIENT_SECRET"');
    expect(steps[3]).toContain(`-H 'Authorization: Bearer '"$TOKENSMITH_KHOROS_ACCESS_TOKEN"`);
  });
});

interface ProviderListing {
  id: string;
  name: string;
  summary: string;
  fields: { name: string; label: string; type: string; required: boolean; default?: string; options?: string[] }[];
}

describe.concurrent('tokensmith providers and tokensmith decode', () => {
  it('providers --json lists the eight profiles with their fields', async () => {
    const result = await tokensmith(['providers', '--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const listing = JSON.parse(result.stdout) as ProviderListing[];
    expect(listing.map((provider) => provider.id)).toEqual(PROFILE_IDS);
    expect(listing.map((provider) => [provider.id, provider.fields.map((field) => field.name)])).toEqual(
      PROFILES.map((profile) => [profile.id, profile.fields.map((field) => field.name)]),
    );
    expect(listing.find((provider) => provider.id === 'kpn')).toEqual({
      id: 'kpn',
      name: 'KPN API Store',
      summary: 'Client credentials for KPN APIs (Apigee): the Consumer Key and Secret of your app.',
      fields: [
        {
          name: 'tokenUrl',
          label: 'Token URL',
          type: 'url',
          required: true,
          default: 'https://api-prd.kpn.com/oauth/client_credential/accesstoken',
        },
        { name: 'clientId', label: 'Client ID', type: 'text', required: true },
        { name: 'clientSecret', label: 'Client secret', type: 'secret', required: true },
      ],
    });
    expect(listing.find((provider) => provider.id === 'kaisa')?.fields.at(-1)).toEqual({
      name: 'bodyFormat',
      label: 'Body format',
      type: 'select',
      required: false,
      default: 'form',
      options: ['form', 'json'],
    });
  });

  it('providers without --json is a readable list with the secret and required fields marked', async () => {
    const result = await tokensmith(['providers']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.split('\n');
    for (const profile of PROFILES) expect(lines).toContain(`${profile.id} — ${profile.name}`);
    expect(lines).toContain('    clientSecret [secret, required]');
    expect(lines).toContain('    bodyFormat (form | json; default form)');
  });

  it('decode prints header, payload and iat/nbf/exp as ISO dates, from an argument or from stdin (-)', async () => {
    const header = { alg: 'HS256', typ: 'JWT', kid: 'key-1' };
    const payload = { sub: 'user-1', iat: 1_700_000_000, nbf: 1_700_000_000, exp: 4_102_444_800 };
    const token = unsignedJwt(header, payload);
    const [fromArgument, fromStdin] = await Promise.all([
      tokensmith(['decode', token]),
      tokensmith(['decode', '-'], { stdin: `${token}\n` }),
    ]);
    for (const result of [fromArgument, fromStdin]) {
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(result.stdout)).toEqual({
        header,
        payload,
        times: { iat: '2023-11-14T22:13:20.000Z', nbf: '2023-11-14T22:13:20.000Z', exp: '2100-01-01T00:00:00.000Z' },
        warnings: [],
      });
    }
    expect(fromStdin.stdout).toBe(fromArgument.stdout);
  });

  it('decode of what is not a JWT → exit 1 and one clear line', async () => {
    const [notJwt, notJson] = await Promise.all([
      tokensmith(['decode', 'not-a-jwt']),
      tokensmith(['decode', 'abc.def.ghi']),
    ]);
    expect(notJwt).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'tokensmith: A JWT has 3 parts separated by dots; this has 1. — A JWT is three base64url parts separated by dots: header.payload.signature.\n',
    });
    expect(notJson.code).toBe(1);
    expect(notJson.stdout).toBe('');
    expect(notJson.stderr).toMatch(/^tokensmith: The JWT header is [^\n]+\n$/);
  });
});
