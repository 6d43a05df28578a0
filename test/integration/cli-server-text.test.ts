import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_FAILED } from '../../src/cli/cli-error.ts';
import type { GrantJson } from '../../src/cli/token-output.ts';
import { formEncode } from '../../src/shared/domain/http.ts';
import { secretForms } from '../../src/shared/domain/secrets.ts';
import { openStorage } from '../../src/main/core/store/storage.ts';
import { ECHO_ACCESS_TOKEN, encodings, startEchoServer } from '../fixtures/simulators/echo.ts';
import type { SimServer } from '../fixtures/simulators/sim-server.ts';
import { BIN, start, tokensmith } from '../support/cli.ts';
import { CHEAP_KDF, confFile } from '../support/conf-store.ts';
import { startCore } from '../support/core.ts';

/**
 * What the `tokensmith` command prints of a hostile server's answers: the real CLI, spawned,
 * against a token endpoint on 127.0.0.1 that echoes the client secret and writes terminal escapes.
 */

const CLIENT_ID = 'client';
const SECRET = 'zx>?~sec~ret-42!';
const SECRET_VARIABLE = 'TOKENSMITH_OAUTH2_CLIENT_SECRET';
/** C0 and C1 control characters (ESC, BEL, 8-bit CSI…): none may reach a terminal from a server. */
// eslint-disable-next-line no-control-regex -- the control characters are what the test looks for
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

let server: SimServer;
let root: string;
beforeAll(async () => {
  server = await startEchoServer();
  root = await mkdtemp(path.join(tmpdir(), 'tokensmith-cli-server-text-'));
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const grantArgs = (route: string): string[] => [
  'grant',
  'oauth2',
  '--set',
  `tokenUrl=${server.origin}${route}`,
  '--set',
  `clientId=${CLIENT_ID}`,
];

function expectNoSecret(text: string): void {
  const basic = Buffer.from(`${CLIENT_ID}:${formEncode(SECRET)}`).toString('base64');
  for (const leak of [...secretForms(SECRET), ...Object.values(encodings(SECRET)), basic]) {
    expect(text, `leaks ${leak}`).not.toContain(leak);
  }
}

describe('what a server sends, on the terminal', () => {
  it('an error description is printed without the secret in any encoding and without escape sequences', async () => {
    const result = await tokensmith(grantArgs('/reject'), { env: { [SECRET_VARIABLE]: SECRET } });
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.stderr).toContain('tokensmith: The token endpoint rejected the client credentials (invalid_client:');
    // The text of the escapes stays readable; the sequences themselves are gone.
    expect(result.stderr).toContain('Click here');
    expect(result.stderr).toContain('red');
    expect(result.stderr).toContain('you sent Basic ••••');
    expect(result.stderr).not.toMatch(CONTROL);
    expectNoSecret(result.stderr + result.stdout);
  });

  it('an HTML title is printed without escape sequences', async () => {
    const result = await tokensmith(grantArgs('/html'), { env: { [SECRET_VARIABLE]: SECRET } });
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.stderr).toContain('Gateway down');
    expect(result.stderr).not.toMatch(CONTROL);
  });

  it('a token with an escape sequence in it is printed without the sequence', async () => {
    const plain = await tokensmith(grantArgs('/escaped-token'), { env: { [SECRET_VARIABLE]: SECRET } });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe('token-1234\n');
    expect(plain.stderr).toContain('warning: the token had control characters');
    expect(plain.stderr).not.toMatch(CONTROL);

    const json = await tokensmith([...grantArgs('/escaped-token'), '--json'], { env: { [SECRET_VARIABLE]: SECRET } });
    expect(json.code).toBe(0);
    // The response is kept as data, JSON-escaped; the token is what `jq -r .accessToken` prints raw.
    expect(json.stdout).not.toMatch(CONTROL);
    expect((JSON.parse(json.stdout) as GrantJson).accessToken).toBe('token-1234');
  });
});

describe('a secret that is not UTF-8', () => {
  it('is refused with the field named, before anything is sent', async () => {
    const before = server.requests.length;
    // Node cannot put bytes that are not UTF-8 into a child's environment; the shell can.
    const result = await start('sh', [
      '-c',
      `${SECRET_VARIABLE}="$(printf 'caf\\351-secret')" exec "$0" "$@"`,
      process.execPath,
      BIN,
      ...grantArgs('/token'),
    ]).done;
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.stderr).toMatch(/^tokensmith: Client secret .*UTF-8/);
    expect(result.stdout).toBe('');
    expect(server.requests.length).toBe(before);
  });
});

describe('an empty TOKENSMITH_<PROFILE>_<FIELD> variable', () => {
  it('counts as unset: the secret the saved request holds is used', async () => {
    const appDir = path.join(root, 'app');
    const env = { TOKENSMITH_VAULT_PASSPHRASE: 'vault passphrase 1', TOKENSMITH_PASSPHRASE: 'export passphrase 2' };
    const { stores, workspace } = openStorage({
      dataDir: appDir,
      createFile: confFile,
      owner: 'Tokensmith (test app)',
    });
    const app = await startCore({ stores, workspace, kdf: CHEAP_KDF });
    await app.call('vault:use-passphrase', { passphrase: env.TOKENSMITH_VAULT_PASSPHRASE });
    await app.call('requests:save', {
      name: 'Echo',
      profileId: 'oauth2',
      values: { tokenUrl: `${server.origin}/token`, clientId: CLIENT_ID, clientSecret: SECRET },
    });
    await app.close();
    const file = path.join(root, 'vault.tsvault');
    expect(await tokensmith(['vault', 'export', '--out', file, '--data-dir', appDir], { env })).toMatchObject({
      code: 0,
    });

    // GitHub Actions passes a secret that is not set as an empty string.
    const result = await tokensmith(['grant', '--from', file, '--saved', 'Echo'], {
      env: { ...env, [SECRET_VARIABLE]: '' },
    });
    expect(result).toMatchObject({ code: 0, stdout: `${ECHO_ACCESS_TOKEN}\n` });
    const sent = server.requests.at(-1)!.headers.authorization;
    expect(sent).toBe(`Basic ${Buffer.from(`${CLIENT_ID}:${formEncode(SECRET)}`).toString('base64')}`);
  });
});
