import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../fixtures/simulators/kaisa.ts';
import { launchChromium, openApp, screenshot, startRequest } from '../support/browser.ts';
import { startTestTransport, type TestTransport } from '../support/test-transport.ts';

let sim: KaisaSimulator;
let transport: TestTransport;
let browser: Browser;

beforeAll(async () => {
  sim = await startKaisaSimulator();
  transport = await startTestTransport({ autoRenew: false });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await transport.close();
  await sim.close();
});

function sidebarNames(page: Page): Promise<string[]> {
  return page.locator('.request-name').allTextContents();
}

describe('saved requests', () => {
  it('saves, duplicates, renames, searches, reorders, reopens, runs, and deletes with undo', async () => {
    const { page, problems } = await openApp(browser, transport);
    await startRequest(page, 'Kaisa (Freespee)');
    await page.getByLabel('Request name').fill('Kaisa prod');
    await page.getByLabel('Token URL').fill(sim.tokenUrl);
    await page.getByLabel('Client ID').fill(KAISA_CLIENT.clientId);
    await page.getByLabel('Client secret', { exact: true }).fill(KAISA_CLIENT.clientSecret);
    await page.keyboard.press('Control+s');
    await expect.poll(() => sidebarNames(page)).toEqual(['Kaisa prod']);
    // Saving moved the secret to the vault: the form shows its mask, not its value.
    const secret = page.getByLabel('Client secret', { exact: true });
    expect(await secret.inputValue()).toBe('');
    await expect.poll(() => secret.getAttribute('placeholder')).toMatch(/^Stored ••••/);

    await page.getByRole('button', { name: 'Duplicate Kaisa prod' }).click();
    await expect.poll(() => sidebarNames(page)).toEqual(['Kaisa prod', 'Kaisa prod copy']);
    await page.getByRole('button', { name: 'Rename Kaisa prod copy' }).click();
    await page.getByLabel('New name for Kaisa prod copy').fill('Kaisa staging');
    await page.keyboard.press('Enter');
    await expect.poll(() => sidebarNames(page)).toEqual(['Kaisa prod', 'Kaisa staging']);

    await page.getByLabel('Search saved requests').fill('stag');
    await expect.poll(() => sidebarNames(page)).toEqual(['Kaisa staging']);
    await page.getByLabel('Search saved requests').fill('nothing like it');
    await expect.poll(() => page.getByText('No request matches.').isVisible()).toBe(true);
    await page.getByLabel('Search saved requests').fill('');

    // Drag "Kaisa staging" above "Kaisa prod".
    const items = page.getByTestId('request-item');
    await items.nth(1).dragTo(items.nth(0));
    await expect.poll(() => sidebarNames(page)).toEqual(['Kaisa staging', 'Kaisa prod']);
    await screenshot(page, 'workspace-sidebar');

    // After a reload everything comes back from main, and the copy runs with the copied secret.
    await page.reload();
    await expect.poll(() => sidebarNames(page)).toEqual(['Kaisa staging', 'Kaisa prod']);
    await page.getByRole('button', { name: /^Kaisa staging/ }).click();
    expect(await page.getByLabel('Token URL').inputValue()).toBe(sim.tokenUrl);
    expect(await page.getByLabel('Client ID').inputValue()).toBe(KAISA_CLIENT.clientId);
    const before = sim.requests.length;
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    expect(sim.requests.length).toBe(before + 1);
    expect(new URLSearchParams(sim.requests.at(-1)!.body.toString()).get('client_secret')).toBe(
      KAISA_CLIENT.clientSecret,
    );

    await page.getByRole('button', { name: 'Delete Kaisa staging' }).click();
    await expect.poll(() => sidebarNames(page)).toEqual(['Kaisa prod']);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => sidebarNames(page)).toContain('Kaisa staging');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('environments: add one, switch to it, and its values are what the grant uses', async () => {
    const { page } = await openApp(browser, transport);
    await startRequest(page, 'Kaisa (Freespee)');
    await page.getByLabel('Client ID').fill(KAISA_CLIENT.clientId);
    await page.getByLabel('Client secret', { exact: true }).fill(KAISA_CLIENT.clientSecret);
    await page.getByRole('button', { name: 'Environments…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Kaisa (Freespee) environments' });
    await dialog.getByRole('button', { name: 'Add an environment' }).click();
    await dialog.getByLabel('Name', { exact: true }).fill('Simulator');
    await dialog.getByLabel('Token URL').fill(sim.tokenUrl);
    await dialog.getByLabel(/^Variables for API requests/).fill(`apiBase=${sim.origin}`);
    // The editor's shortcuts do not reach through an open dialog: nothing runs or is saved behind it.
    const untouched = sim.requests.length;
    const saved = await sidebarNames(page);
    await page.keyboard.press('Control+Enter');
    await page.keyboard.press('Control+s');
    await dialog.getByRole('button', { name: 'Save environment' }).click();
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(sim.requests.length).toBe(untouched);
    expect(await page.getByTestId('status').count()).toBe(0);
    expect(await sidebarNames(page)).toEqual(saved);
    await page.getByLabel('Environment', { exact: true }).selectOption({ label: 'Simulator' });
    expect(await page.getByLabel('Token URL').inputValue()).toBe(sim.tokenUrl);
    const before = sim.requests.length;
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    expect(sim.requests.length).toBe(before + 1);
    expect(await page.getByRole('contentinfo', { name: 'Status' }).textContent()).toContain('Environment: Simulator');

    // The splitter between the form and the response moves with the keyboard.
    const splitter = page.getByRole('separator', { name: 'Resize the request and response panes' });
    const width = Number(await splitter.getAttribute('aria-valuenow'));
    await splitter.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => Number(await splitter.getAttribute('aria-valuenow'))).toBe(width + 10);
    await page.context().close();
  });

  it('opens providers, requests and actions from the command palette, and lists the shortcuts', async () => {
    const { page } = await openApp(browser, transport);
    await page.getByRole('navigation', { name: 'Saved requests' }).waitFor();
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('combobox', { name: 'Search commands, requests and providers' });
    await palette.fill('new kpn');
    await page.keyboard.press('Enter');
    await page.getByRole('form', { name: 'KPN API Store token request' }).waitFor();
    await page.keyboard.press('Control+k');
    await palette.fill('kaisa prod');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel('Request name').inputValue()).toBe('Kaisa prod');
    await page.keyboard.press('Control+/');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toContain('Command palette');
    await page.keyboard.press('Escape');
    await page.context().close();
  });

  it('opens the dialogs the application menu asks for (the menu:command event main sends)', async () => {
    const { page, problems } = await openApp(browser, transport);
    await page.getByRole('navigation', { name: 'Saved requests' }).waitFor();
    for (const [command, dialog] of [
      ['import', 'Import requests'],
      ['export-vault', 'Export the vault'],
      ['import-vault', 'Import a vault'],
      ['shortcuts', 'Keyboard shortcuts'],
      ['palette', 'Commands'],
    ] as const) {
      transport.emit('menu:command', { command });
      const opened = page.getByRole('dialog', { name: dialog });
      await opened.waitFor();
      await page.keyboard.press('Escape');
      await opened.waitFor({ state: 'hidden' });
    }
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
