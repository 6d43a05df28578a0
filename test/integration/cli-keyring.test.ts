import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalStores } from '../../src/main/core/store/local-stores.ts';
import { createOsKeyring } from '../../src/main/core/vault/os-keyring.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../fixtures/simulators/kaisa.ts';
import { confFile } from '../support/conf-store.ts';
import { tokensmith } from '../support/cli.ts';
import { kaisaDataFolder, kaisaProdRequest } from '../support/kaisa-folder.ts';
import { FakeKeychain } from '../support/fake-keychain.ts';
import { startSecretService, type SecretService } from '../support/secret-service.ts';
import { newUserDataDir, removeTempDirs, startApp, type App } from './vault/profile.ts';

const VAULT_PASSPHRASE = 'correct horse battery staple';

const createFile = confFile;

let sim: KaisaSimulator;
let secretService: SecretService;
let root: string;
let appDir: string;

/** The app's data folder: a passphrase vault with a saved Kaisa request whose secret is in the vault. */
beforeAll(async () => {
  [sim, secretService] = await Promise.all([startKaisaSimulator(), startSecretService()]);
  root = await mkdtemp(path.join(tmpdir(), 'tokensmith-cli-keyring-'));
  appDir = path.join(root, 'app');
  await kaisaDataFolder({ dataDir: appDir, tokenUrl: sim.tokenUrl, passphrase: VAULT_PASSPHRASE });
});
afterAll(async () => {
  await Promise.all([sim.close(), secretService.stop()]);
  await rm(root, { recursive: true, force: true });
});

/** The user's session: the Secret Service's bus, and no passphrase anywhere. */
const session = () => ({ DBUS_SESSION_BUS_ADDRESS: secretService.address, TOKENSMITH_VAULT_PASSPHRASE: undefined });
/** A session without a keyring (no D-Bus), as over SSH or in a container. */
const noKeyring = { DBUS_SESSION_BUS_ADDRESS: undefined, TOKENSMITH_VAULT_PASSPHRASE: undefined };

/** A command that needs the vault's secret: a grant of the saved request, which the simulator checks. */
function grantSaved(env: Record<string, string | undefined>) {
  return tokensmith(['grant', '--saved', 'Kaisa prod', '--data-dir', appDir], { env });
}

function sealedSecrets(): Record<string, string> {
  return openLocalStores({ dir: appDir, createFile }).vault.data.secrets;
}

function slotKinds(): string[] {
  return Object.keys(openLocalStores({ dir: appDir, createFile }).vault.data.dataKey?.slots ?? {});
}

/** One line on stderr, nothing on stdout, exit code 1. */
function expectOneLineFailure(result: { code: number | null; stdout: string; stderr: string }): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
}

describe('the command line opens the vault with its slot in the OS keyring (a real Secret Service)', () => {
  it('not allowed, no passphrase: one line saying what to turn on, exit 1', async () => {
    const before = sim.requests.length;
    const result = await grantSaved(session());
    expectOneLineFailure(result);
    expect(result.stderr).toBe(
      'tokensmith: The command line cannot open the vault: it has no passphrase. — Run `tokensmith vault allow-cli` once in your session, or set TOKENSMITH_VAULT_PASSPHRASE.\n',
    );
    expect(sim.requests.length).toBe(before);
  });

  let sealedBefore: Record<string, string>;
  it('allow-cli (with the passphrase, once) adds the slot and seals nothing again', async () => {
    sealedBefore = sealedSecrets();
    const allowed = await tokensmith(['vault', 'allow-cli', '--data-dir', appDir], {
      env: { ...session(), TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE },
    });
    expect(allowed).toMatchObject({ code: 0, stdout: '' });
    expect(allowed.stderr).toMatch(/^The command line now opens the vault .* Any program you run can read that key/);
    expect(slotKinds()).toEqual(['passphrase', 'keyring']);
    expect(sealedSecrets()).toEqual(sealedBefore);

    const slots = await tokensmith(['vault', 'slots', '--json', '--data-dir', appDir], { env: noKeyring });
    expect(slots.code).toBe(0);
    const listed = JSON.parse(slots.stdout) as { kind: string; addedAt: string; detail: string }[];
    expect(listed.map((slot) => slot.kind)).toEqual(['passphrase', 'keyring']);
    expect(Object.keys(listed[1]!).toSorted()).toEqual(['addedAt', 'detail', 'kind']);
  });

  it('then a command opens the vault with no passphrase, through the keyring', async () => {
    const before = sim.requests.length;
    const result = await grantSaved(session());
    expect(result.stderr).toBe('✓ Request a token\n');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^[A-Za-z0-9._~+/=-]{16,}$/);
    // The simulator gave the token only for the right client secret, which came from the vault.
    expect(sim.requests.length).toBe(before + 1);
    const body = JSON.parse(Buffer.from(sim.requests.at(-1)!.body).toString('utf8')) as Record<string, string>;
    expect(body.client_secret).toBe(KAISA_CLIENT.clientSecret);
  });

  it('with no keyring (no D-Bus session): one line naming it, exit 1, never a crash; the passphrase still opens it', async () => {
    const result = await grantSaved(noKeyring);
    expectOneLineFailure(result);
    expect(result.stderr).toMatch(
      /^tokensmith: The OS keyring cannot be reached \(.*D-?Bus.*\)\. — On Linux it needs a D-Bus session/i,
    );

    const withPassphrase = await grantSaved({ ...noKeyring, TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE });
    expect(withPassphrase.code).toBe(0);
  });

  it('deny-cli takes the key out: the next command fails with the one-line hint; the secrets are as they were', async () => {
    const denied = await tokensmith(['vault', 'deny-cli', '--data-dir', appDir], { env: session() });
    expect(denied).toMatchObject({ code: 0, stdout: '' });
    expect(denied.stderr).toMatch(/out of the OS keyring/);
    expect(slotKinds()).toEqual(['passphrase']);
    expect(sealedSecrets()).toEqual(sealedBefore);

    const result = await grantSaved(session());
    expectOneLineFailure(result);
    expect(result.stderr).toMatch(/tokensmith vault allow-cli.*TOKENSMITH_VAULT_PASSPHRASE/);
  });
});

describe('"Let the command line open the vault" in the app (vault:allow-cli), for a keychain vault', () => {
  let app: App;
  let dir: string;
  const busBefore = process.env.DBUS_SESSION_BUS_ADDRESS;
  beforeAll(async () => {
    // The app's own keyring (@napi-rs/keyring, in this process) talks to the test's Secret Service.
    process.env.DBUS_SESSION_BUS_ADDRESS = secretService.address;
    dir = newUserDataDir();
    app = await startApp(dir, {
      keychain: new FakeKeychain({ backend: 'gnome_libsecret' }),
      keyring: createOsKeyring(),
    });
    await app.call('requests:save', kaisaProdRequest(sim.tokenUrl));
  });
  afterAll(async () => {
    await app.close();
    removeTempDirs();
    if (busBefore === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = busBefore;
  });
  const grantFromApp = () => tokensmith(['grant', '--saved', 'Kaisa prod', '--data-dir', dir], { env: session() });

  it('off: the command line cannot open a keychain vault, and says where to turn it on', async () => {
    expect((await app.call('vault:state', {})).vault).toMatchObject({ protection: 'keychain', cliAllowed: false });
    const result = await grantFromApp();
    expectOneLineFailure(result);
    expect(result.stderr).toContain('Turn on "Let the command line open the vault" in the app\'s vault settings');
  });

  it('on: the command line opens it through the keyring; off again: it cannot; no secret is sealed again', async () => {
    const before = app.onDisk().vault.secrets;
    const state = await app.call('vault:allow-cli', { allowed: true });
    expect(state.cliAllowed).toBe(true);
    expect(Object.keys(app.onDisk().vault.dataKey?.slots ?? {})).toEqual(['app', 'keyring']);
    const requests = sim.requests.length;
    const result = await grantFromApp();
    expect(result.code).toBe(0);
    expect(sim.requests.length).toBe(requests + 1);

    expect((await app.call('vault:allow-cli', { allowed: false })).cliAllowed).toBe(false);
    expect(app.onDisk().vault.secrets).toEqual(before);
    expectOneLineFailure(await grantFromApp());
  });
});
