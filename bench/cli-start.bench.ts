/**
 * Figure 10, the command line's start: whole `tokensmith` processes, as a script or a CI job starts
 * them (`node bin/tokensmith.js …`, which runs the build of scripts/build-cli.ts), from spawn to
 * exit, against `node -e 0` (Node's own start, the floor of any Node command) and one `curl`
 * process making one request to a local server (what a script would run instead). Measured:
 * `providers` (no files; also from the TypeScript sources, as without a build), `decode` of a JWT
 * (the token path's pure work), `vault export --without-secrets` on a data folder with a vault and
 * saved requests (opens the app's store and workspace, as every command that reads the app's data
 * does), `tokens --json` (the ledger, opened with the passphrase), and `token --saved` answered from
 * the ledger, with the vault opened by the keyring slot and by the passphrase slot. All take turns,
 * after warm-up runs (Node's compile cache is then filled, as it is for a user from the second run on).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildCli, bundleIsFresh } from '../scripts/build-cli.ts';
import { openStorage } from '../src/main/core/store/storage.ts';
import { kaisaProdRequest } from '../test/support/kaisa-folder.ts';
import { confFile } from '../test/support/conf-store.ts';
import { startCore } from '../test/support/core.ts';
import { startSecretService, type SecretService } from '../test/support/secret-service.ts';
import { startChild } from './support/child.ts';
import { emit, log, measure, scaled } from './support/result.ts';
import { interleave } from './support/stats.ts';

const started = performance.now();
const ROUNDS = scaled(40, 6);
const BIN = path.join(import.meta.dirname, '..', 'bin', 'tokensmith.js');
const SOURCES = path.join(import.meta.dirname, '..', 'src', 'cli', 'main.ts');
const COMPILE_CACHE = path.join(import.meta.dirname, '..', 'node_modules', '.cache', 'tokensmith-cli');
/** The target for a command answered without the network: at most 3× Node's own start. */
const TARGET_RATIO = 3;

if (!bundleIsFresh()) await buildCli();

const dir = mkdtempSync(path.join(tmpdir(), 'tokensmith-bench-cli-'));
const dataDir = path.join(dir, 'data');
const out = path.join(dir, 'export.json');
// Only what a test sets: the developer's own TOKENSMITH_ variables stay out.
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TOKENSMITH_'))),
  TOKENSMITH_DATA_DIR: dataDir,
  TOKENSMITH_VAULT_PASSPHRASE: 'correct horse battery staple',
};

/** Runs a process to its end; its wall time in ms, from spawn to exit. */
function timedRun(command: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - start;
      if (code === 0) resolve(ms);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr}`));
    });
  });
}

const tokensmith = (args: readonly string[]) => () => timedRun(process.execPath, [BIN, ...args]);

// A data folder as a user has it: a passphrase vault, a few saved requests with their secrets.
const commands = path.join(dir, 'requests.sh');
writeFileSync(
  commands,
  Array.from(
    { length: 5 },
    (_, index) =>
      `curl -X POST https://auth${index}.example.com/oauth2/token -d grant_type=client_credentials -d client_id=bench${index} -d client_secret=s3cret${index}`,
  ).join('\n\n'),
);
await timedRun(process.execPath, [BIN, 'import', commands]);

const server = await startChild(path.join(import.meta.dirname, 'support/token-server.ts'));
const { tokenUrl } = server.info as { tokenUrl: string };

// `tokensmith token` answered from the ledger: a saved request the app made (its secret in a vault
// with the app's own Argon2id cost), one token got for it, and the vault opened by each slot the
// command line has. The keyring slot is a real Secret Service (gnome-keyring on a private D-Bus),
// where the machine has one; the passphrase slot costs one Argon2id derivation by design.
const tokenDataDir = path.join(dir, 'token-data');
{
  const { stores, workspace } = openStorage({ dataDir: tokenDataDir, createFile: confFile, owner: 'bench' });
  const app = await startCore({ stores, workspace, autoRenew: false });
  await app.call('vault:use-passphrase', { passphrase: env.TOKENSMITH_VAULT_PASSPHRASE });
  await app.call('requests:save', kaisaProdRequest(tokenUrl));
  await app.close();
}
const TOKEN = ['token', '--saved', 'Kaisa prod'];
await timedRun(process.execPath, [BIN, ...TOKEN, '--data-dir', tokenDataDir]);
// The same folder, token and all, opened by its passphrase alone (as on a CI runner).
const passphraseDataDir = path.join(dir, 'token-data-passphrase');
cpSync(tokenDataDir, passphraseDataDir, { recursive: true });
let secretService: SecretService | undefined;
try {
  secretService = await startSecretService();
} catch (error) {
  log(`no Secret Service here (${(error as Error).message}): the keyring slot is not measured`);
}
const keyringEnv = secretService && { DBUS_SESSION_BUS_ADDRESS: secretService.address };
if (keyringEnv) await timedRun(process.execPath, [BIN, 'vault', 'allow-cli', '--data-dir', tokenDataDir], keyringEnv);

// A JWT as a provider issues it (header, claims, signature), decoded locally.
const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ sub: 'bench', iat: 1_700_000_000, exp: 1_700_000_300, scope: 'read write' })}.${'s'.repeat(43)}`;

const subjects: Record<string, () => Promise<number>> = {
  node: () => timedRun(process.execPath, ['-e', '0']),
  curl: () => timedRun('curl', ['-s', '-o', '/dev/null', tokenUrl]),
  providers: tokensmith(['providers']),
  // What runs without a build, or after a source was edited: Node strips the types of every module.
  // With the compile cache bin/tokensmith.js would give them.
  sources: () => timedRun(process.execPath, [SOURCES, 'providers'], { NODE_COMPILE_CACHE: COMPILE_CACHE }),
  decode: tokensmith(['decode', jwt]),
  store: tokensmith(['vault', 'export', '--without-secrets', '--out', out]),
  tokens: tokensmith(['tokens', '--json']),
  tokenPassphrase: tokensmith([...TOKEN, '--data-dir', passphraseDataDir]),
  ...(keyringEnv && {
    tokenKeyring: () =>
      timedRun(process.execPath, [BIN, ...TOKEN, '--data-dir', tokenDataDir], {
        ...keyringEnv,
        TOKENSMITH_VAULT_PASSPHRASE: undefined,
      }),
  }),
};
log(`${ROUNDS} rounds of node -e 0, curl, tokensmith ${Object.keys(subjects).slice(2).join(', ')}`);
const samples = await interleave({ rounds: ROUNDS, warmup: 3 }, subjects);
const of = (name: string): number[] => samples[name] ?? [];
await server.stop();
await secretService?.stop();
rmSync(dir, { recursive: true, force: true });

const node = { name: 'node -e 0', samples: of('node') };
const curl = { name: 'one curl process (a local request)', samples: of('curl') };
const started3x = { on: 'ratio', limit: TARGET_RATIO } as const;
emit(10, 'Command-line start', started, [
  measure({ name: 'tokensmith providers', unit: 'ms', subject: of('providers'), baseline: node, target: started3x }),
  measure({ name: 'tokensmith decode JWT', unit: 'ms', subject: of('decode'), baseline: node, target: started3x }),
  measure({
    name: 'tokensmith vault export --without-secrets (opens the store)',
    unit: 'ms',
    subject: of('store'),
    baseline: node,
  }),
  measure({ name: 'tokensmith tokens --json (the ledger)', unit: 'ms', subject: of('tokens'), baseline: node }),
  ...(keyringEnv
    ? [
        measure({
          name: 'tokensmith token from the ledger (keyring slot)',
          unit: 'ms',
          subject: of('tokenKeyring'),
          baseline: node,
          target: started3x,
        }),
      ]
    : []),
  measure({
    name: 'tokensmith token from the ledger (passphrase slot: one Argon2id)',
    unit: 'ms',
    subject: of('tokenPassphrase'),
    baseline: node,
  }),
  measure({
    name: 'tokensmith providers from the sources (no build)',
    unit: 'ms',
    subject: of('sources'),
    baseline: node,
  }),
  measure({ name: 'tokensmith providers vs curl', unit: 'ms', subject: of('providers'), baseline: curl }),
  measure({ name: 'a curl process vs node -e 0', unit: 'ms', subject: of('curl'), baseline: node }),
]);
