import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStoreNotices, openLocalStores } from '../../src/main/core/store/local-stores.ts';
import { memoryStores } from '../../src/main/core/store/memory-store.ts';
import { Vault } from '../../src/main/core/vault/vault.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../fixtures/simulators/kaisa.ts';
import { launchChromium, openApp, rendererHolds, screenshot, startRequest } from '../support/browser.ts';
import { CHEAP_KDF, confFile } from '../support/conf-store.ts';
import { FakeKeychain } from '../support/fake-keychain.ts';
import { MemoryKeyring } from '../support/memory-keyring.ts';
import { startTestTransport, type TestTransport } from '../support/test-transport.ts';

const PASSPHRASE = 'correct horse battery staple';

let browser: Browser;
let sim: KaisaSimulator;
let dir: string;
const transports: TestTransport[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  sim = await startKaisaSimulator();
  dir = await mkdtemp(path.join(tmpdir(), 'tokensmith-e2e-vault-'));
});
afterAll(async () => {
  await browser.close();
  for (const transport of transports) await transport.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function transport(options: Parameters<typeof startTestTransport>[0] = {}): Promise<TestTransport> {
  const started = await startTestTransport({ autoRenew: false, kdf: CHEAP_KDF, ...options });
  transports.push(started);
  return started;
}

describe('the vault in the app', () => {
  it('a passphrase vault opens on the unlock screen, refuses a wrong passphrase, and locks again on request', async () => {
    const stores = memoryStores();
    const vault = await Vault.open({ data: stores.vault.data, save: () => undefined, kdf: CHEAP_KDF });
    await vault.usePassphrase(PASSPHRASE);
    const app = await transport({ stores });
    const { page, problems } = await openApp(browser, app);
    await page.getByRole('heading', { name: 'Unlock your vault' }).waitFor();
    await screenshot(page, 'vault-unlock');
    await page.getByLabel('Passphrase', { exact: true }).fill('not my passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('That passphrase does not unlock the vault. — Type it again; the case matters.');
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Get your first token' }).waitFor();
    expect(await page.getByTestId('vault-status').textContent()).toContain('Vault: passphrase');
    await page.getByRole('button', { name: 'Lock now' }).click();
    await page.getByRole('heading', { name: 'Unlock your vault' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Get your first token' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('changing the passphrase asks for the current one: a wrong one changes nothing, the right one does', async () => {
    const stores = memoryStores();
    const vault = await Vault.open({ data: stores.vault.data, save: () => undefined, kdf: CHEAP_KDF });
    await vault.usePassphrase(PASSPHRASE);
    const app = await transport({ stores });
    const { page, problems } = await openApp(browser, app);
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    const salt = stores.vault.data.passphrase?.salt;
    // The vault's settings live in the Vault view; the header keeps only the lock status.
    await page.getByRole('button', { name: 'Vault: passphrase' }).click();
    await page.getByLabel('Auto-lock').selectOption({ label: 'After 5 idle minutes' });
    await expect.poll(() => stores.settings.data.autoLockMinutes).toBe(5);
    await page.getByRole('button', { name: 'Change passphrase…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change the vault passphrase' });
    const next = 'a completely new passphrase';
    await dialog.getByLabel('Current passphrase').fill('not my passphrase');
    await dialog.getByLabel('New passphrase (at least 12 characters)').fill(next);
    await dialog.getByLabel('Type it again').fill(next);
    await dialog.getByRole('button', { name: 'Change passphrase' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toContain('That passphrase does not unlock the vault.');
    expect(stores.vault.data.passphrase?.salt).toBe(salt);
    await dialog.getByLabel('Current passphrase').fill(PASSPHRASE);
    await dialog.getByRole('button', { name: 'Change passphrase' }).click();
    await expect.poll(() => page.getByRole('dialog', { name: 'Change the vault passphrase' }).count()).toBe(0);
    expect(stores.vault.data.passphrase?.salt).not.toBe(salt);
    await page.getByRole('button', { name: 'Lock now' }).click();
    await page.getByLabel('Passphrase', { exact: true }).fill(next);
    await page.getByRole('button', { name: 'Unlock' }).click();
    // Unlocking goes back to the view that was open: the Vault view.
    await page.getByRole('heading', { name: 'Vault', level: 1 }).waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('without a keyring, says so and offers a passphrase; the secrets are then kept', async () => {
    const app = await transport({ keychain: new FakeKeychain({ backend: 'basic_text' }) });
    const { page } = await openApp(browser, app);
    const banner = page.getByTestId('vault-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain(
      'basic_text (no keyring: a key hard-coded in Chromium), which does not protect secrets',
    );
    await screenshot(page, 'vault-no-keyring');
    await banner.getByRole('button', { name: 'Choose a passphrase…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Protect your secrets with a passphrase' });
    await dialog.getByLabel('New passphrase (at least 12 characters)').fill('short');
    await dialog.getByLabel('Type it again').fill('short');
    await dialog.getByRole('button', { name: 'Use this passphrase' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toContain('A passphrase needs at least 12 characters.');
    await dialog.getByLabel('New passphrase (at least 12 characters)').fill(PASSPHRASE);
    await dialog.getByLabel('Type it again').fill(PASSPHRASE);
    await dialog.getByRole('button', { name: 'Use this passphrase' }).click();
    await expect.poll(() => page.getByTestId('vault-banner').count()).toBe(0);
    expect(await page.getByTestId('vault-status').textContent()).toContain('Vault: passphrase');
    await page.context().close();
  });

  it('a typed secret goes to the vault: the form forgets it, shows a mask, and runs again without it', async () => {
    const app = await transport();
    const { page } = await openApp(browser, app);
    await startRequest(page, 'Kaisa (Freespee)');
    await page.getByLabel('Token URL').fill(sim.tokenUrl);
    await page.getByLabel('Client ID').fill(KAISA_CLIENT.clientId);
    const secret = page.getByLabel('Client secret', { exact: true });
    await secret.fill(KAISA_CLIENT.clientSecret);
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    expect(await secret.inputValue()).toBe('');
    expect(await secret.getAttribute('placeholder')).toBe('Stored •••• — type to replace');
    const token = sim.issued.at(-1)!;
    expect(await rendererHolds(page, KAISA_CLIENT.clientSecret)).toEqual([]);
    expect(await rendererHolds(page, token)).toEqual([]);

    const before = sim.requests.length;
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect.poll(() => sim.requests.length).toBe(before + 1);
    expect(new URLSearchParams(sim.requests.at(-1)!.body.toString()).get('client_secret')).toBe(
      KAISA_CLIENT.clientSecret,
    );
    await page.context().close();
  });

  it('exports the vault through the dialog and imports it again', async () => {
    const exportPath = path.join(dir, 'from-the-app.tsvault');
    const app = await transport({
      dialogs: {
        chooseSavePath: () => Promise.resolve(exportPath),
        chooseOpenPath: () => Promise.resolve(exportPath),
        chooseFolder: () => Promise.resolve(undefined),
      },
    });
    const { page } = await openApp(browser, app);
    await page.getByRole('button', { name: /^Vault \d/ }).click();
    await page.getByRole('button', { name: 'Export vault…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export the vault' });
    await dialog.getByLabel('Passphrase for the file').fill('export passphrase 42');
    await dialog.getByLabel('Type it again').fill('export passphrase 42');
    await screenshot(page, 'vault-export');
    await dialog.getByRole('button', { name: 'Export…' }).click();
    await expect.poll(() => page.locator('.toast').textContent()).toBe(`Exported to ${exportPath}.`);
    expect((await readFile(exportPath)).subarray(0, 8).toString()).toBe('TOKNSMTH');

    await page.getByRole('button', { name: 'Import vault…' }).click();
    const importing = page.getByRole('dialog', { name: 'Import a vault' });
    await importing.getByLabel('Passphrase of the file').fill('wrong passphrase 42');
    await importing.getByRole('button', { name: 'Choose the file…' }).click();
    await expect
      .poll(() => importing.getByRole('alert').textContent())
      .toContain('The passphrase does not open this export file.');
    await importing.getByLabel('Passphrase of the file').fill('export passphrase 42');
    await importing.getByRole('button', { name: 'Choose the file…' }).click();
    await expect
      .poll(() => page.locator('.toast').textContent())
      .toMatch(/^Imported 0 saved request\(s\), \d+ secret\(s\) and \d+ token\(s\)\.$/);
    await page.context().close();
  });

  it('a store file it cannot read is moved aside, and the app says where', async () => {
    const corruptDir = path.join(dir, 'corrupt');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(corruptDir, { recursive: true });
    await writeFile(path.join(corruptDir, 'vault.json'), '{"schemaVersion": 1, "protec');
    const stores = openLocalStores({ dir: corruptDir, createFile: confFile });
    const store = stores.vault;
    const app = await transport({ stores, notices: localStoreNotices(stores) });
    const { page } = await openApp(browser, app);
    const notice = page.getByTestId('store-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('the file is not valid JSON (it may have been cut short)');
    expect(store.notice?.kind).toBe('moved-aside');
    expect(await notice.textContent()).toContain(store.notice?.kind === 'moved-aside' ? store.notice.movedTo : '—');
    await screenshot(page, 'store-notice');
    await page.context().close();
  });

  it('"Command line access…" in the Vault view lets the command line open the vault, says what that means, and turns it off again', async () => {
    const keyring = new MemoryKeyring();
    const app = await transport({ keyring });
    const { page, problems } = await openApp(browser, app);
    await page.getByRole('heading', { name: 'Get your first token' }).waitFor();
    await page.getByRole('button', { name: /^Vault \d/ }).click();
    await page.getByRole('heading', { name: 'Vault', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Command line access…' }).click();
    const toggle = page.getByRole('checkbox', { name: 'Let the command line open the vault' });
    expect(await toggle.isChecked()).toBe(false);
    expect(await page.getByRole('dialog').textContent()).toContain('Any program you run can read it there.');

    // A keyring that cannot be reached says so in the dialog, and the toggle stays off.
    keyring.unreachable = true;
    await toggle.click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The OS keyring cannot be reached');
    expect(await toggle.isChecked()).toBe(false);

    keyring.unreachable = false;
    await toggle.click();
    await expect.poll(() => toggle.isChecked()).toBe(true);
    expect(keyring.entries.size).toBe(1);
    await toggle.click();
    await expect.poll(() => toggle.isChecked()).toBe(false);
    expect(keyring.entries.size).toBe(0);
    expect(problems).toEqual([]);
  });
});
