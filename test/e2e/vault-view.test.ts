import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/main/core/store/storage.ts';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../fixtures/simulators/kaisa.ts';
import { launchChromium, openApp, rendererHolds, screenshot } from '../support/browser.ts';
import { confFile } from '../support/conf-store.ts';
import { startCore } from '../support/core.ts';
import { FakeKeychain } from '../support/fake-keychain.ts';
import { startTestTransport, type TestTransport } from '../support/test-transport.ts';

/** What Kaisa prod was saved with: a secret the server no longer takes, until it is replaced. */
const OLD_PROD_SECRET = 'kaisa prod secret before the rotation';
const STAGING_SECRET = 'kaisa staging client secret 7f3a';
const PARTNER_SECRET = 'partner app client secret 91c2';
const PARTNER_PASSWORD = 'partner user password 5d0e';
const REFERENCE = 'ref+awssecrets://partner/staging#client_secret';

let browser: Browser;
let sim: KaisaSimulator;
let dir: string;
let transport: TestTransport;
/** The vault's file, where the sealed secrets are. */
let storeFile: string;

/** A user-data folder on disk with three saved requests (four secrets) and an environment with a reference. */
beforeAll(async () => {
  [browser, sim, dir] = await Promise.all([
    launchChromium(),
    startKaisaSimulator(),
    mkdtemp(path.join(tmpdir(), 'tokensmith-e2e-vault-view-')),
  ]);
  const keychain = new FakeKeychain();
  const first = openStorage({ dataDir: dir, createFile: confFile, owner: 'Tokensmith (e2e setup)' });
  const setup = await startCore({ stores: first.stores, workspace: first.workspace, keychain, autoRenew: false });
  const kaisa = { tokenUrl: sim.tokenUrl, clientId: KAISA_CLIENT.clientId, bodyFormat: 'form' };
  await setup.call('requests:save', {
    name: 'Kaisa prod',
    profileId: 'kaisa',
    values: { ...kaisa, clientSecret: OLD_PROD_SECRET },
  });
  await setup.call('requests:save', {
    name: 'Kaisa staging',
    profileId: 'kaisa',
    values: { ...kaisa, clientSecret: STAGING_SECRET },
  });
  await setup.call('requests:save', {
    name: 'Partner API',
    folder: 'Partners',
    profileId: 'oauth2',
    values: {
      grantType: 'password',
      tokenUrl: 'https://auth.partner.example/oauth2/token',
      clientId: 'partner-app',
      clientSecret: PARTNER_SECRET,
      username: 'support@example.com',
      password: PARTNER_PASSWORD,
    },
  });
  await setup.call('environments:save', {
    id: 'partner-staging',
    profileId: 'oauth2',
    name: 'Partner staging',
    values: { clientSecret: REFERENCE },
    variables: {},
  });
  await setup.close();
  const { stores, workspace } = openStorage({ dataDir: dir, createFile: confFile, owner: 'Tokensmith (e2e)' });
  storeFile = stores.vault.path;
  transport = await startTestTransport({ stores, workspace, keychain, autoRenew: false });
});
afterAll(async () => {
  await browser.close();
  await transport.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

const rows = (page: Page, table: string) => page.getByRole('table', { name: table }).getByTestId('vault-row');

async function openVaultView(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Vault \d/ }).click();
  await page.getByRole('heading', { name: 'Vault', level: 1 }).waitFor();
}

async function scan(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

describe('the Vault view', () => {
  it('lists the secrets of the saved requests, never a value; holds at 1280×800 and 900×600, light and dark', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const { page, problems } = await openApp(browser, transport, { colorScheme: theme });
      await page.setViewportSize({ width: 1280, height: 800 });
      await openVaultView(page);
      await expect.poll(() => rows(page, 'Secrets in use').count()).toBe(5);
      const texts = await rows(page, 'Secrets in use').allTextContents();
      expect(texts.filter((text) => text.startsWith('Kaisa prod'))).toHaveLength(1);
      expect(texts.filter((text) => text.startsWith('Kaisa staging'))).toHaveLength(1);
      expect(texts.filter((text) => text.includes('Partners / Partner API'))).toHaveLength(2);
      expect(texts.find((text) => text.startsWith('Partner staging'))).toContain(REFERENCE);
      expect(texts.find((text) => text.includes('Password'))).toContain('Partners / Partner API');
      await page.getByLabel('Search secrets').fill('password');
      await expect.poll(() => rows(page, 'Secrets in use').count()).toBe(1);
      await page.getByLabel('Search secrets').fill('');
      await page.getByRole('radio', { name: 'Kind' }).click();
      await expect
        .poll(async () =>
          (await rows(page, 'Secrets in use').allTextContents()).map(
            (text) => /Client secret|Password/.exec(text)?.[0],
          ),
        )
        .toEqual(['Client secret', 'Client secret', 'Client secret', 'Client secret', 'Password']);
      await page.getByRole('radio', { name: 'Request' }).click();
      await screenshot(page, `vault-${theme}-1280`);
      expect(await scan(page)).toEqual([]);
      await page.setViewportSize({ width: 900, height: 600 });
      await page.waitForTimeout(200);
      await screenshot(page, `vault-${theme}-900`);
      expect(await scan(page)).toEqual([]);
      if (theme === 'light') {
        expect(await rendererHolds(page, OLD_PROD_SECRET, STAGING_SECRET, PARTNER_SECRET, PARTNER_PASSWORD)).toEqual(
          [],
        );
      }
      expect(problems).toEqual([]);
      await page.context().close();
    }
  });

  it('replacing a secret makes the next grant send the new value; Copy asks first, then main writes the clipboard', async () => {
    const { page, problems } = await openApp(browser, transport);
    await openVaultView(page);
    await page.getByRole('button', { name: 'Replace the Client secret of Kaisa prod' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replace the Client secret of Kaisa prod' });
    await dialog.getByLabel('New value').fill(KAISA_CLIENT.clientSecret);
    await screenshot(page, 'vault-replace');
    await dialog.getByRole('button', { name: 'Replace' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await readFile(storeFile, 'utf8')).not.toContain(KAISA_CLIENT.clientSecret);

    await page.getByRole('button', { name: 'Copy the Client secret of Kaisa prod' }).click();
    await page.getByRole('alert').filter({ hasText: 'in clear text' }).waitFor();
    expect(transport.clipboard).toEqual([]);
    await page.getByRole('button', { name: 'Copy the Client secret of Kaisa prod in clear text' }).click();
    await expect.poll(() => transport.clipboard.at(-1)).toBe(KAISA_CLIENT.clientSecret);

    await page.getByRole('button', { name: /^Kaisa prod/ }).click();
    await page.getByRole('form', { name: 'Kaisa (Freespee) token request' }).waitFor();
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    expect(new URLSearchParams(sim.requests.at(-1)!.body.toString()).get('client_secret')).toBe(
      KAISA_CLIENT.clientSecret,
    );
    await openVaultView(page);
    const prod = rows(page, 'Secrets in use').filter({ hasText: 'Kaisa prod' });
    await expect.poll(() => prod.textContent()).toContain(sim.origin);
    expect(await prod.textContent()).not.toContain('Never');
    // The token got with the value before is marked once the secret is replaced again.
    await page.getByRole('button', { name: 'Replace the Client secret of Kaisa prod' }).click();
    await dialog.getByLabel('New value').fill('a value the server does not know yet');
    await dialog.getByRole('button', { name: 'Replace' }).click();
    await page.getByText(/1 token\(s\) got with the old value stay until they expire/).waitFor();
    await page.getByRole('button', { name: /^Tokens/ }).click();
    await expect
      .poll(() => page.getByTestId('ledger-replaced-secret').allTextContents())
      .toEqual(['Obtained with a replaced secret']);
    // It is not renewed with the old secret, and Renew says why.
    const renew = page.getByRole('button', { name: 'Renew the Kaisa (Freespee) token' });
    expect(await renew.isDisabled()).toBe(true);
    expect(await renew.getAttribute('title')).toContain('replaced since');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('deleting a request makes its secrets leftovers; "Delete all leftovers" takes them out of the store file', async () => {
    const { page, problems } = await openApp(browser, transport);
    await page.getByRole('button', { name: 'Delete Kaisa staging' }).click();
    await expect.poll(() => page.locator('.request-name').allTextContents()).not.toContain('Kaisa staging');
    await openVaultView(page);
    await expect.poll(() => rows(page, 'Leftover secrets').count()).toBe(1);
    const leftover = await rows(page, 'Leftover secrets').first().getAttribute('data-ref');
    const sealed = (JSON.parse(await readFile(storeFile, 'utf8')) as { secrets: Record<string, string> }).secrets[
      leftover!
    ]!;
    expect((await readFile(storeFile)).includes(Buffer.from(sealed))).toBe(true);
    expect(await rows(page, 'Secrets in use').count()).toBe(4);
    await screenshot(page, 'vault-leftovers');

    await page.getByRole('button', { name: 'Delete all leftovers' }).click();
    await page.getByText('Deleted 1 leftover secret(s) from the vault.').waitFor();
    await expect.poll(() => rows(page, 'Leftover secrets').count()).toBe(0);
    await expect.poll(async () => (await readFile(storeFile)).includes(Buffer.from(sealed))).toBe(false);
    expect(await rows(page, 'Secrets in use').count()).toBe(4);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('is reached from the palette, and the vault settings live there', async () => {
    const { page, problems } = await openApp(browser, transport);
    await page.getByRole('button', { name: /^Vault \d/ }).waitFor();
    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Search commands, requests and providers' }).fill('vault every');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Vault', level: 1 }).waitFor();
    expect(await page.getByTestId('vault-protection').textContent()).toMatch(/^Keychain: /);
    await page.getByRole('button', { name: 'Export vault…' }).click();
    await page.getByRole('dialog', { name: 'Export the vault' }).waitFor();
    await page.keyboard.press('Escape');
    // The header keeps only the lock status.
    expect(await page.getByTestId('vault-status').getByRole('button').allTextContents()).toEqual([' Vault: keychain']);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
