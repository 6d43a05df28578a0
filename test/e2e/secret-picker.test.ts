import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/main/core/http/http-client.ts';
import type { FileDialogs } from '../../src/main/core/services.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../fixtures/simulators/kaisa.ts';
import { launchChromium, openApp, rendererHolds, screenshot, startRequest } from '../support/browser.ts';
import { FakeKeychain } from '../support/fake-keychain.ts';
import { makeKdbxwebDatabase, makePassStore } from '../support/password-stores.ts';
import { startTestTransport, type TestTransport } from '../support/test-transport.ts';

/**
 * "From a password manager…" in Chromium: the pass tree and a KeePass database browsed by name,
 * the reference tested in main, a token got with it, and the value never in the renderer.
 */

const DB_PASSWORD = 'picker db password';
let root: string;
let sim: KaisaSimulator;
let transport: TestTransport;
let browser: Browser;
let kdbx: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tokensmith-picker-'));
  const store = await makePassStore(root);
  await store.insert('kaisa/client-secret', KAISA_CLIENT.clientSecret);
  await store.insert('kaisa/staging', 'another');
  // The core runs in this process and reads pass with its environment.
  Object.assign(process.env, store.env);
  kdbx = path.join(root, 'team.kdbx');
  await makeKdbxwebDatabase({
    file: kdbx,
    password: DB_PASSWORD,
    group: 'Kaisa',
    title: 'Prod',
    entryPassword: KAISA_CLIENT.clientSecret,
  });
  const dialogs: FileDialogs = {
    chooseSavePath: () => Promise.resolve(undefined),
    chooseOpenPath: () => Promise.resolve(kdbx),
    chooseFolder: () => Promise.resolve(undefined),
  };
  sim = await startKaisaSimulator();
  transport = await startTestTransport({
    http: createHttpClient({ timeoutMs: 2_000 }),
    keychain: new FakeKeychain(),
    dialogs,
  });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser.close();
  await transport.close();
  await sim.close();
  await rm(root, { recursive: true, force: true });
});

describe('the secret picker', () => {
  it('picks a pass entry and a KeePass entry by name, tests them in main, and gets a token', async () => {
    const { page, problems } = await openApp(browser, transport);
    await startRequest(page, 'Kaisa (Freespee)');
    await page.getByLabel('Token URL').fill(sim.tokenUrl);
    await page.getByLabel('Client ID').fill(KAISA_CLIENT.clientId);

    await page.getByRole('button', { name: 'Client secret from a password manager…' }).click();
    const picker = page.getByRole('dialog', { name: 'Client secret from a password manager' });
    const entries = picker.getByRole('list', { name: 'pass entries' });
    await expect
      .poll(() => entries.getByRole('button').allTextContents())
      .toEqual(['kaisa/client-secret', 'kaisa/staging']);
    const shot = await screenshot(page, 'secret-picker');
    await copyFile(shot, path.resolve(import.meta.dirname, '../../docs/screenshots/secret-picker.png'));
    // Keyboard: filter, then Enter picks the first match.
    await picker.getByLabel('Filter pass entries').fill('client');
    await picker.getByLabel('Filter pass entries').press('Enter');
    const secret = page.getByLabel('Client secret', { exact: true });
    expect(await secret.inputValue()).toBe('ref+pass://kaisa/client-secret');
    expect(await secret.getAttribute('type')).toBe('text');

    await page.getByRole('button', { name: "Test Client secret's reference" }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Found' }).textContent())
      .toBe('Found: ref+pass://kaisa/client-secret gives a value.');
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    expect(sim.issued).toHaveLength(1);

    // KeePass: open the database through main's dialog, unlock it, pick the entry by title.
    await page.getByRole('button', { name: 'Client secret from a password manager…' }).click();
    await picker.getByRole('radio', { name: 'KeePass' }).click();
    await picker.getByRole('button', { name: 'Open a .kdbx…' }).click();
    // No password kept for it yet: asked for, not reported as a wrong one.
    await picker.getByText('Type the database password and press Unlock.').waitFor();
    await picker.getByLabel('Database password').fill('wrong password');
    await picker.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => picker.locator('.field-error').textContent()).toContain('does not open');
    await picker.getByLabel('Database password').fill(DB_PASSWORD);
    await picker.getByRole('button', { name: 'Unlock' }).click();
    await picker
      .getByRole('list', { name: 'KeePass entries' })
      .getByRole('button', { name: 'Kaisa/Prod', exact: true })
      .click();
    expect(await secret.inputValue()).toBe(`ref+kdbx://${kdbx}#Kaisa/Prod`);
    await page.getByRole('button', { name: "Test Client secret's reference" }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Found' }).textContent())
      .toBe(`Found: ref+kdbx://${kdbx}#Kaisa/Prod gives a value.`);
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect.poll(() => sim.issued.length).toBe(2);

    // Move to KeePassXC: a value kept in the vault goes into the database, the field reads it there.
    await secret.fill(KAISA_CLIENT.clientSecret);
    await page.getByRole('button', { name: 'Save request' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Saved' }).count()).toBe(1);
    await secret.fill('');
    await expect.poll(() => secret.getAttribute('placeholder')).toMatch(/^Stored ••••/);
    await page.getByRole('button', { name: 'Client secret from a password manager…' }).click();
    await picker.getByRole('radio', { name: 'KeePass' }).click();
    await picker.getByRole('button', { name: 'Open a .kdbx…' }).click();
    // The database password was kept sealed in the vault: the entries show without asking.
    await picker
      .getByRole('list', { name: 'KeePass entries' })
      .getByRole('button', { name: 'Kaisa/Prod', exact: true })
      .waitFor();
    await picker.getByLabel('Entry for the stored value').fill('Kaisa/Moved');
    await picker.getByRole('button', { name: 'Move to KeePassXC' }).click();
    await expect
      .poll(() => secret.getAttribute('placeholder'))
      .toBe(`Reads ref+kdbx://${kdbx}#Kaisa/Moved — type to replace`);
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect.poll(() => sim.issued.length).toBe(3);
    // And back: Keep a copy in the vault.
    await page.getByRole('button', { name: 'Keep a copy of Client secret in the vault' }).click();
    await expect.poll(() => secret.getAttribute('placeholder')).toMatch(/^Stored ••••/);

    await secret.fill('');
    expect(await rendererHolds(page, KAISA_CLIENT.clientSecret, DB_PASSWORD)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
