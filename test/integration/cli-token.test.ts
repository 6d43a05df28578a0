import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../fixtures/simulators/kaisa.ts';
import type { CapturedRequest } from '../fixtures/simulators/sim-server.ts';
import { start, tokensmith } from '../support/cli.ts';
import { kaisaDataFolder } from '../support/kaisa-folder.ts';

const VAULT_PASSPHRASE = 'correct horse battery staple';
const env = { TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE };

let sim: KaisaSimulator;
let root: string;
let appDir: string;

/** Token requests that reached the simulator: what "one grant" counts. */
const tokenRequests = (): CapturedRequest[] =>
  sim.requests.filter((request) => request.method === 'POST' && request.path === '/oauth2/token');

/** The app's data folder: a passphrase vault with a saved Kaisa request and its secret. */
beforeAll(async () => {
  sim = await startKaisaSimulator();
  root = await mkdtemp(path.join(tmpdir(), 'tokensmith-cli-token-'));
  appDir = path.join(root, 'app');
  await kaisaDataFolder({ dataDir: appDir, tokenUrl: sim.tokenUrl, passphrase: VAULT_PASSPHRASE });
});
afterAll(async () => {
  await sim.close();
  await rm(root, { recursive: true, force: true });
});

const token = (...args: string[]) =>
  tokensmith(['token', '--saved', 'Kaisa prod', '--data-dir', appDir, ...args], { env });

// Several CLI processes a test: give them room on a machine that runs many tests at once.
describe('tokensmith token', { timeout: 60_000 }, () => {
  it('gets a token once, then answers from the ledger: two calls, one token request', async () => {
    const before = tokenRequests().length;
    const first = await token();
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(sim.issued).toContain(first.stdout.trim());
    const second = await token();
    expect(second).toMatchObject({ code: 0, stdout: first.stdout });
    expect(tokenRequests().length).toBe(before + 1);

    const json = await token('--json');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      source: 'ledger',
      accessToken: first.stdout.trim(),
      tokenType: 'Bearer',
      response: null,
    });
    // What is left of the token, not the 300 s it was issued with.
    expect(parsed.expiresIn).toBeGreaterThan(250);
    expect(parsed.expiresIn).toBeLessThanOrEqual(300);
    expect(tokenRequests().length).toBe(before + 1);
  });

  it('renews a token that has less than --min-ttl left (client credentials: the flow again)', async () => {
    const held = (await token()).stdout.trim();
    const before = tokenRequests().length;
    const renewed = await token('--min-ttl', '400', '--json');
    expect(renewed.code).toBe(0);
    const parsed = JSON.parse(renewed.stdout) as Record<string, unknown>;
    expect(parsed).toMatchObject({ source: 'refreshed', tokenType: 'Bearer', expiresIn: 300 });
    expect(parsed.accessToken).not.toBe(held);
    expect(tokenRequests().length).toBe(before + 1);
    // The renewed token is the ledger's now.
    expect((await token()).stdout.trim()).toBe(parsed.accessToken);
    expect(tokenRequests().length).toBe(before + 1);
  });

  it('--json of a new grant has the shape of grant --json and source "granted"', async () => {
    const dir = path.join(root, 'fresh');
    const before = tokenRequests().length;
    const result = await tokensmith(
      [
        'token',
        'kaisa',
        '--set',
        `tokenUrl=${sim.tokenUrl}`,
        '--set',
        `clientId=${KAISA_CLIENT.clientId}`,
        '--json',
        '--data-dir',
        dir,
      ],
      { env: { ...env, TOKENSMITH_KAISA_CLIENT_SECRET: KAISA_CLIENT.clientSecret } },
    );
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(parsed).toMatchObject({ source: 'granted', tokenType: 'Bearer', expiresIn: 300, response: { status: 200 } });
    expect(Object.keys(parsed).sort()).toEqual(
      ['accessToken', 'tokenType', 'expiresIn', 'expiresAt', 'jwt', 'warnings', 'response', 'source'].sort(),
    );
    expect(tokenRequests().length).toBe(before + 1);
    // The ledger on disk holds the token sealed, never in clear; the vault the secret.
    const stored = (
      await Promise.all(['ledger.json', 'vault.json'].map((name) => readFile(path.join(dir, name), 'utf8')))
    ).join('\n');
    expect(stored).not.toContain(String(parsed.accessToken));
    expect(stored).not.toContain(KAISA_CLIENT.clientSecret);
  });

  it('needs the vault passphrase, and says so in one line', async () => {
    const result = await tokensmith(['token', '--saved', 'Kaisa prod', '--data-dir', appDir]);
    // Neither the keyring slot (not allowed) nor a passphrase: one line saying what to turn on.
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(
      'tokensmith: The command line cannot open the vault: it has no passphrase. — Run `tokensmith vault allow-cli` once in your session, or set TOKENSMITH_VAULT_PASSPHRASE.\n',
    );
  });

  it('takes --saved NAME or a profile, not both', async () => {
    const result = await tokensmith(['token', 'kaisa', '--saved', 'Kaisa prod', '--data-dir', appDir], { env });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('token takes --saved NAME or a profile, not both.');
  });
});

/** A child that reports what it was given on stderr, then waits for a signal. */
const CHILD = `
// The handlers first: the test signals as soon as it reads the line below.
process.on('SIGTERM', () => { process.stderr.write('got SIGTERM\\n'); process.exit(7); });
process.on('SIGINT', () => { process.stderr.write('got SIGINT\\n'); process.exit(8); });
process.stderr.write('child ' + JSON.stringify({
  pid: process.pid,
  ppid: process.ppid,
  token: process.env.TOKENSMITH_TOKEN ?? null,
  named: process.env.MY_TOKEN ?? null,
  secret: process.env.TOKENSMITH_KAISA_CLIENT_SECRET ?? null,
}) + '\\n');
setInterval(() => {}, 1000);
`;

/** `tokensmith exec --saved "Kaisa prod" -- node child.cjs`, running: the child reports what it got. */
async function execChild(): Promise<ReturnType<typeof start>> {
  const script = path.join(root, 'child.cjs');
  await writeFile(script, CHILD);
  const bin = path.join(import.meta.dirname, '../../bin/tokensmith.js');
  const args = ['exec', '--saved', 'Kaisa prod', '--data-dir', appDir, '--', process.execPath, script];
  return start(process.execPath, [bin, ...args], { env });
}

describe('tokensmith exec', { timeout: 60_000 }, () => {
  it('hands the child the token and the secrets in its environment, never on a command line, and forwards SIGTERM', async () => {
    const held = (await token()).stdout.trim();
    const cli = await execChild();
    const seen = JSON.parse(await cli.stderrMatch(/child (\{.*\})\n/)) as Record<string, string | number | null>;
    expect(seen).toMatchObject({ token: held, named: null, secret: KAISA_CLIENT.clientSecret });
    for (const pid of [seen.pid, seen.ppid]) {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      expect(cmdline).not.toContain(held);
      expect(cmdline).not.toContain(KAISA_CLIENT.clientSecret);
    }
    // The child's parent is tokensmith itself: no shell between them.
    expect(await readFile(`/proc/${seen.ppid}/cmdline`, 'utf8')).toContain('tokensmith.js\0exec');
    cli.signal('SIGTERM');
    const done = await cli.done;
    expect(done.stderr).toContain('got SIGTERM');
    expect(done.code).toBe(7);
    expect(done.stdout).toBe('');
  });

  it('forwards SIGINT to the child, which decides when to end', async () => {
    const cli = await execChild();
    await cli.stderrMatch(/child (\{.*\})\n/);
    cli.signal('SIGINT');
    const done = await cli.done;
    expect(done.stderr).toContain('got SIGINT');
    expect(done.code).toBe(8);
  });

  it('puts the token in the variable --token-env names, and passes the exit code back', async () => {
    const held = (await token()).stdout.trim();
    const result = await tokensmith(
      [
        'exec',
        '--saved',
        'Kaisa prod',
        '--token-env',
        'MY_TOKEN',
        '--data-dir',
        appDir,
        '--',
        'bash',
        '-c',
        'test "$MY_TOKEN" = "$1" && test -z "$TOKENSMITH_TOKEN" && exit 42',
        'bash',
        held,
      ],
      { env },
    );
    expect(result.code).toBe(42);
    const failing = await tokensmith(['exec', '--saved', 'Kaisa prod', '--data-dir', appDir, '--', 'false'], { env });
    expect(failing.code).toBe(1);
    const missing = await tokensmith(
      ['exec', '--saved', 'Kaisa prod', '--data-dir', appDir, '--', 'no-such-program-x'],
      {
        env,
      },
    );
    expect(missing.code).toBe(127);
    expect(missing.stderr).toBe('tokensmith: cannot run no-such-program-x: ENOENT\n');
    const before = tokenRequests().length;
    const nothing = await tokensmith(['exec', '--saved', 'Kaisa prod', '--data-dir', appDir], { env });
    expect(nothing).toMatchObject({ code: 2, stdout: '' });
    expect(nothing.stderr).toContain('exec needs the command to run after --');
    expect(tokenRequests().length).toBe(before);
  });

  it("runs the app's cURL export unchanged: the simulator gets the request the engine sends", async () => {
    // The engine's request: a token got for the saved request, in the ledger from now on.
    const before = tokenRequests().length;
    await token('--min-ttl', '400');
    const engine = tokenRequests().at(-1)!;
    expect(tokenRequests().length).toBe(before + 1);

    const exported = await tokensmith(['curl', '--saved', 'Kaisa prod', '--data-dir', appDir], { env });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('"$TOKENSMITH_KAISA_CLIENT_SECRET"');
    expect(exported.stdout).not.toContain(KAISA_CLIENT.clientSecret);
    const script = path.join(root, 'kaisa.sh');
    await writeFile(script, exported.stdout);

    const run = await tokensmith(['exec', '--saved', 'Kaisa prod', '--data-dir', appDir, '--', 'bash', script], {
      env,
    });
    expect(run.code).toBe(0);
    // Only the script's request: exec itself took the ledger's token.
    expect(tokenRequests().length).toBe(before + 2);
    const fromScript = tokenRequests().at(-1)!;
    expect(JSON.parse(run.stdout)).toMatchObject({ token_type: 'bearer', expires_in: 300 });
    expect(fromScript.method).toBe(engine.method);
    expect(fromScript.path).toBe(engine.path);
    expect(fromScript.query).toBe(engine.query);
    for (const header of ['content-type', 'accept', 'user-agent', 'authorization'])
      expect([header, fromScript.headers[header]]).toEqual([header, engine.headers[header]]);
    expect(fromScript.body.toString('utf8')).toBe(engine.body.toString('utf8'));
    expect(JSON.parse(fromScript.body.toString('utf8'))).toMatchObject({ client_secret: KAISA_CLIENT.clientSecret });
  });

  it('snippet --saved exports the saved request in another language', async () => {
    const result = await tokensmith(['snippet', '--saved', 'Kaisa prod', '--lang', 'python', '--data-dir', appDir], {
      env,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(sim.tokenUrl);
    expect(result.stdout).toContain('os.environ["TOKENSMITH_KAISA_CLIENT_SECRET"]');
    expect(result.stdout).not.toContain(KAISA_CLIENT.clientSecret);
  });
});
