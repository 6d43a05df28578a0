import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VaultEntry } from '../../src/shared/domain/vault-inventory.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../fixtures/simulators/kaisa.ts';
import { tokensmith } from '../support/cli.ts';
import { kaisaDataFolder } from '../support/kaisa-folder.ts';

const VAULT_PASSPHRASE = 'cli last used passphrase 0123';
const ENV = { TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE };
const NAME = 'Kaisa prod';

let root: string;
let sim: KaisaSimulator;
let folders = 0;

beforeAll(async () => {
  [root, sim] = await Promise.all([mkdtemp(path.join(tmpdir(), 'tokensmith-cli-last-used-')), startKaisaSimulator()]);
});
afterAll(async () => {
  await Promise.all([sim.close(), rm(root, { recursive: true, force: true })]);
});

/** A fresh app folder with "Kaisa prod" and its client secret in the vault, never sent yet. */
async function freshFolder(): Promise<string> {
  const dataDir = path.join(root, `app-${++folders}`);
  await kaisaDataFolder({ dataDir, tokenUrl: sim.tokenUrl, passphrase: VAULT_PASSPHRASE });
  return dataDir;
}

/** When `vault list --json` says the request's client secret was last used. */
async function lastUsed(dataDir: string): Promise<string | undefined> {
  const listed = await tokensmith(['vault', 'list', '--json', '--data-dir', dataDir]);
  expect(listed.code, listed.stderr).toBe(0);
  const entries = JSON.parse(listed.stdout) as VaultEntry[];
  expect(entries.map((entry) => [entry.owner.name, entry.field])).toEqual([[NAME, 'clientSecret']]);
  return entries[0]!.usedAt;
}

/** Runs a command on the folder, and answers the secrets it sent and the times around it. */
async function sending(args: string[], dataDir: string) {
  const before = sim.requests.length;
  const start = Date.now();
  // Before any `--`: what follows it is the child's command line.
  const result = await tokensmith(['--data-dir', dataDir, ...args], { env: ENV });
  const end = Date.now();
  const sent = sim.requests.slice(before).map((request) => {
    const body = JSON.parse(request.body.toString()) as { client_secret?: string };
    return body.client_secret;
  });
  return { ...result, start, end, sent };
}

const within = (at: string | undefined, { start, end }: { start: number; end: number }): void => {
  // The store keeps milliseconds; the clock of the child and of the test are the same machine's.
  expect(Date.parse(at ?? '')).toBeGreaterThanOrEqual(start);
  expect(Date.parse(at ?? '')).toBeLessThanOrEqual(end);
};

describe('the command line records when it sent a saved secret', () => {
  it('grant --saved sets "last used", at most once a minute; a secret given with --set is not the vault’s', async () => {
    const dataDir = await freshFolder();
    expect(await lastUsed(dataDir)).toBeUndefined();

    const other = await sending(
      ['grant', '--saved', NAME, '--set', 'clientSecret=a secret typed for this run only'],
      dataDir,
    );
    // The simulator refuses it; it was sent all the same, and it is not the vault's.
    expect(other.code).toBe(1);
    expect(other.sent).toEqual(['a secret typed for this run only']);
    expect(await lastUsed(dataDir)).toBeUndefined();

    const first = await sending(['grant', '--saved', NAME], dataDir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.sent).toEqual([KAISA_CLIENT.clientSecret]);
    const usedAt = await lastUsed(dataDir);
    within(usedAt, first);

    const second = await sending(['grant', '--saved', NAME, '--json'], dataDir);
    expect(second.code, second.stderr).toBe(0);
    expect(second.sent).toEqual([KAISA_CLIENT.clientSecret]);
    expect(await lastUsed(dataDir)).toBe(usedAt);
  }, 60_000);

  it.each([
    { command: 'token', args: ['token', '--saved', NAME] },
    { command: 'exec', args: ['exec', '--saved', NAME, '--', process.execPath, '-e', ''] },
  ])(
    '$command --saved sets "last used" when it gets a new token, not when the ledger has one',
    async ({ args }) => {
      const dataDir = await freshFolder();
      const granted = await sending(args, dataDir);
      expect(granted.code, granted.stderr).toBe(0);
      expect(granted.sent).toEqual([KAISA_CLIENT.clientSecret]);
      const usedAt = await lastUsed(dataDir);
      within(usedAt, granted);

      const fromLedger = await sending(args, dataDir);
      expect(fromLedger.code, fromLedger.stderr).toBe(0);
      expect(fromLedger.sent).toEqual([]);
      expect(await lastUsed(dataDir)).toBe(usedAt);
    },
    60_000,
  );
});
