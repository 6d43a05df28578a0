import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/main/core/store/storage.ts';
import type { StoreFile, StoreFileOptions } from '../../src/main/core/store/open-store.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../fixtures/simulators/kaisa.ts';
import { launchChromium, openApp, screenshot } from '../support/browser.ts';
import { tokensmith } from '../support/cli.ts';
import { startCore } from '../support/core.ts';
import { startTestTransport, type TestTransport } from '../support/test-transport.ts';

/** A terminal and the window on one data folder: `tokensmith token` writes, the open ledger view shows it. */

const CHEAP_KDF = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 };
const VAULT_PASSPHRASE = 'correct horse battery staple';

const createFile = (options: StoreFileOptions): StoreFile<unknown> => new Conf<Record<string, unknown>>(options);

let kaisa: KaisaSimulator;
let dataDir: string;
let transport: TestTransport;
let browser: Browser;

beforeAll(async () => {
  kaisa = await startKaisaSimulator();
  dataDir = await mkdtemp(path.join(tmpdir(), 'tokensmith-e2e-cli-ledger-'));
  // A passphrase vault (the command line's way in) with a saved Kaisa request and its secret.
  const setup = openStorage({ dataDir, createFile, owner: 'Tokensmith (test setup)' });
  const app = await startCore({ ...setup, kdf: CHEAP_KDF, autoRenew: false });
  await app.call('vault:use-passphrase', { passphrase: VAULT_PASSPHRASE });
  await app.call('requests:save', {
    name: 'Kaisa prod',
    profileId: 'kaisa',
    values: { tokenUrl: kaisa.tokenUrl, clientId: KAISA_CLIENT.clientId, clientSecret: KAISA_CLIENT.clientSecret },
  });
  await app.close();
  // The window, as the app starts on that folder.
  const { stores, workspace } = openStorage({ dataDir, createFile, owner: 'Tokensmith (app)' });
  transport = await startTestTransport({ stores, workspace, keychain: undefined, autoRenew: false, watchLedger: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await transport.close();
  await kaisa.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a token from the command line in the open window', () => {
  it('shows in the ledger view without a restart or a reload', async () => {
    const { page, problems } = await openApp(browser, transport);
    await page.getByRole('heading', { name: 'Unlock your vault' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(VAULT_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('button', { name: /^Tokens/ }).click();
    const ledger = page.getByRole('region', { name: 'Token ledger' });
    await ledger.getByText('No tokens yet. Get one from any request.').waitFor();
    // Still this document at the end: the view updated in place.
    await page.evaluate('window.__sameDocument = true');

    const got = await tokensmith(['token', '--saved', 'Kaisa prod', '--data-dir', dataDir], {
      env: { TOKENSMITH_VAULT_PASSPHRASE: VAULT_PASSPHRASE },
    });
    expect(got.code).toBe(0);
    const token = got.stdout.trim();
    expect(kaisa.issued).toEqual([token]);

    const line = page.getByTestId('ledger-row').filter({ hasText: KAISA_CLIENT.clientId });
    await line.waitFor({ timeout: 10_000 });
    const texts = (await line.locator('td').allTextContents()).map((text) => text.trim());
    expect(texts.slice(0, 6)).toEqual([
      'Kaisa prod',
      'Kaisa (Freespee)',
      kaisa.origin,
      KAISA_CLIENT.clientId,
      '—',
      `••••${token.slice(-4)}`,
    ]);
    expect(await line.getAttribute('data-status')).toBe('valid');
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    await screenshot(page, 'ledger-token-from-cli');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
