import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../../src/main/core/store/storage.ts';
import type { StoreFile, StoreFileOptions } from '../../../src/main/core/store/open-store.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../../fixtures/simulators/kaisa.ts';
import { kaisaProdRequest } from '../../support/kaisa-folder.ts';
import { defaultValues } from '../../../src/shared/domain/profile.ts';
import { findProfile } from '../../../src/shared/providers/index.ts';
import { tokensmith } from '../../support/cli.ts';
import { startCore } from '../../support/core.ts';

const CHEAP_KDF = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 };
const VAULT_PASSPHRASE = 'correct horse battery staple';
const env = { TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE };

const createFile = (options: StoreFileOptions): StoreFile<unknown> => new Conf<Record<string, unknown>>(options);

let sim: KaisaSimulator;
let root: string;
let app: Awaited<ReturnType<typeof startCore>>;
let prodId: string;

/** The app runs on its data folder, unlocked, while the command line writes tokens into it. */
beforeAll(async () => {
  sim = await startKaisaSimulator();
  root = await mkdtemp(path.join(tmpdir(), 'tokensmith-ledger-cli-'));
  const { stores, workspace } = openStorage({ dataDir: root, createFile, owner: 'Tokensmith (test app)' });
  app = await startCore({ stores, workspace, kdf: CHEAP_KDF, autoRenew: false, watchLedger: true });
  await app.call('vault:use-passphrase', { passphrase: VAULT_PASSPHRASE });
  ({ id: prodId } = await app.call('requests:save', kaisaProdRequest(sim.tokenUrl)));
});
afterAll(async () => {
  await app.close();
  await sim.close();
  await rm(root, { recursive: true, force: true });
});

const ledgerChanges = (): number => app.events.filter((event) => event.event === 'ledger:changed').length;
/** The app's tokens in clear, as main holds them, without asking for the list (which reads the file). */
const held = (): string[] => app.core.tokens.list().map((entry) => entry.token.accessToken);

describe('the command line takes the token the app got', { timeout: 60_000 }, () => {
  it('the app runs a saved request as its form does (defaults filled in); token then answers from the ledger', async () => {
    const saved = await app.call('requests:save', {
      name: 'Kaisa form',
      profileId: 'kaisa',
      values: { tokenUrl: sim.tokenUrl, clientId: KAISA_CLIENT.clientId, clientSecret: KAISA_CLIENT.clientSecret },
    });
    // What the renderer sends: every field's default, then the saved values (the secret stays in the vault).
    const typed = { ...defaultValues(findProfile('kaisa')!), tokenUrl: sim.tokenUrl, clientId: KAISA_CLIENT.clientId };
    const report = await app.call('grant:run', { profileId: 'kaisa', savedRequestId: saved.id, values: typed });
    expect(report.error).toBeUndefined();
    await app.core.tokens.flushed();
    const issued = sim.issued.length;
    const appToken = sim.issued.at(-1)!;
    const got = await tokensmith(['token', '--saved', 'Kaisa form', '--data-dir', root], { env });
    expect(got).toMatchObject({ code: 0, stdout: `${appToken}\n` });
    expect(sim.issued.length).toBe(issued);
    await app.call('ledger:delete', { id: report.ledgerId! });
    await app.core.tokens.flushed();
  });
});

describe('the app takes in what the command line writes into its ledger', { timeout: 60_000 }, () => {
  it('a token the CLI got appears in the running app, which tells the window', async () => {
    expect(held()).toEqual([]);
    const before = ledgerChanges();
    const got = await tokensmith(['token', '--saved', 'Kaisa prod', '--data-dir', root], { env });
    expect(got.code).toBe(0);
    await expect.poll(held, { timeout: 5000 }).toEqual([got.stdout.trim()]);
    expect(ledgerChanges()).toBeGreaterThan(before);
    const [view] = await app.call('ledger:list', {});
    expect(view).toMatchObject({ clientId: KAISA_CLIENT.clientId, status: 'valid' });
    expect(view?.requestIds).toContain(prodId);
  });

  it('a token the CLI renewed replaces the one the app holds, and the app keeps it when it writes', async () => {
    const [id] = app.core.tokens.list().map((entry) => entry.id);
    const renewed = await tokensmith(['token', '--saved', 'Kaisa prod', '--min-ttl', '400', '--data-dir', root], {
      env,
    });
    expect(renewed.code).toBe(0);
    await expect.poll(held, { timeout: 5000 }).toEqual([renewed.stdout.trim()]);
    expect(app.core.tokens.list().map((entry) => entry.id)).toEqual([id]);
    // The app writes its whole ledger when it keeps a token of its own (another server, so another
    // entry): the CLI's renewed token must survive that write.
    const other = await startKaisaSimulator();
    try {
      const report = await app.call('grant:run', {
        profileId: 'kaisa',
        values: { tokenUrl: other.tokenUrl, clientId: KAISA_CLIENT.clientId, clientSecret: KAISA_CLIENT.clientSecret },
      });
      expect(report.error).toBeUndefined();
    } finally {
      await other.close();
    }
    await app.core.tokens.flushed();
    expect(app.core.tokens.list()).toHaveLength(2);
    const again = await tokensmith(['token', '--saved', 'Kaisa prod', '--data-dir', root], { env });
    expect(again.stdout).toBe(renewed.stdout);
  });
});
