import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../fixtures/simulators/kaisa.ts';
import { tokensmith } from '../support/cli.ts';
import { kaisaDataFolder } from '../support/kaisa-folder.ts';

const VAULT_PASSPHRASE = 'correct horse battery staple';
const env = { TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE };
const NAME = 'Kaisa prod';

let sim: KaisaSimulator;
let root: string;

beforeAll(async () => {
  [root, sim] = await Promise.all([mkdtemp(path.join(tmpdir(), 'tokensmith-cli-replaced-')), startKaisaSimulator()]);
});
afterAll(async () => {
  await Promise.all([sim.close(), rm(root, { recursive: true, force: true })]);
});

const sentSecrets = (from: number) =>
  sim.requests
    .slice(from)
    .map((request) => (JSON.parse(request.body.toString()) as { client_secret?: string }).client_secret);

describe('tokensmith token and a token got with a replaced secret', { timeout: 60_000 }, () => {
  it('does not try to renew it (the ledger refuses that): it gets a new token with the request’s secret', async () => {
    const dataDir = path.join(root, 'app');
    await kaisaDataFolder({ dataDir, tokenUrl: sim.tokenUrl, passphrase: VAULT_PASSPHRASE });
    const token = (...args: string[]) =>
      tokensmith(['token', '--saved', NAME, '--json', '--data-dir', dataDir, ...args], { env });
    const first = await token();
    expect(first.code, first.stderr).toBe(0);

    // Replaced, then put back: the token got with that value is marked, and matches the request again.
    for (const value of ['a value tried for a while', KAISA_CLIENT.clientSecret]) {
      const set = await tokensmith(['vault', 'set', NAME, 'clientSecret', '--data-dir', dataDir], {
        env,
        stdin: value,
      });
      expect(set.code, set.stderr).toBe(0);
    }

    const before = sim.requests.length;
    const again = await token('--min-ttl', '3600');
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { source: string }).source).toBe('granted');
    expect(sentSecrets(before)).toEqual([KAISA_CLIENT.clientSecret]);
  });
});
