import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceFolder } from '../../src/main/core/workspace/workspace-folder.ts';
import { launchChromium, openApp, screenshot, startRequest } from '../support/browser.ts';
import { startTestTransport, type TestTransport } from '../support/test-transport.ts';

/** A workspace folder a team keeps in git, as a person uses it in the window. */

let root: string;
let transport: TestTransport;
let browser: Browser;
/** What the folder dialog answers next. */
const folderDialog = { answer: undefined as string | undefined };

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'tokensmith-workspace-e2e-'));
  transport = await startTestTransport({
    autoRenew: false,
    workspace: WorkspaceFolder.open(path.join(root, 'default'), {
      create: true,
      owner: 'the e2e app',
      name: 'My workspace',
    }),
    dialogs: {
      chooseSavePath: () => Promise.resolve(undefined),
      chooseOpenPath: () => Promise.resolve(undefined),
      chooseFolder: () => Promise.resolve(folderDialog.answer),
    },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await transport.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the workspace folder in the window', () => {
  it('makes a new workspace, saves into it, and shows a teammate’s file and a broken one without a restart', async () => {
    const { page, problems } = await openApp(browser, transport);
    const status = page.getByRole('button', { name: /^Workspace: / });
    await expect.poll(() => status.textContent()).toBe('Workspace: My workspace');

    // Keyboard only: the palette opens the workspace dialog.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('workspace');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Workspace' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await screenshot(page, 'workspace-dialog');

    const team = path.join(root, 'team-api');
    folderDialog.answer = team;
    await dialog.getByRole('button', { name: 'New Workspace…' }).click();
    await expect.poll(() => status.textContent()).toBe('Workspace: team-api');

    await startRequest(page, 'Kaisa (Freespee)');
    await page.getByLabel('Request name').fill('Kaisa prod');
    await page.getByLabel('Token URL').fill('https://auth.example/oauth2/token');
    await page.getByLabel('Client ID').fill('team-client');
    await page.keyboard.press('Control+s');
    await expect
      .poll(() => readdirSync(path.join(team, 'requests')).sort())
      .toEqual(['_order.yaml', 'kaisa-prod.yaml']);

    // A git pull brings a teammate's request, and a file with a merge conflict.
    writeFileSync(
      path.join(team, 'requests', 'kpn-staging.yaml'),
      'id: 7e1f0c44-teammate\nname: KPN staging\nprofile: kpn\nvalues:\n  clientId: their-client\n',
    );
    writeFileSync(path.join(team, 'requests', 'broken.yaml'), 'id: x\n<<<<<<< HEAD\nname: ours\n');
    await expect
      .poll(() => page.locator('.request-name').allTextContents(), { timeout: 15_000 })
      .toEqual(['Kaisa prod', 'KPN staging']);
    await expect.poll(() => status.textContent()).toBe('Workspace: team-api (1 file unreadable)');
    await status.click();
    await expect
      .poll(() => dialog.getByTestId('workspace-problems').textContent())
      .toMatch(/^requests\/broken\.yaml: not YAML/);
    await screenshot(page, 'workspace-dialog-problems');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('a request changed on disk while it has unsaved edits: the window asks which to keep, and drops neither silently', async () => {
    const { page, problems } = await openApp(browser, transport);
    const file = path.join(root, 'team-api', 'requests', 'kaisa-prod.yaml');
    const clientId = page.getByLabel('Client ID');
    /** What a teammate's commit, pulled with git, does to the file. */
    const pull = (value: string) =>
      writeFileSync(file, readFileSync(file, 'utf8').replace(/clientId: .*/, `clientId: ${value}`));
    const conflict = page.getByTestId('disk-conflict');

    await page.getByRole('button', { name: /^Kaisa prod/ }).click();
    await clientId.fill('my-edit');
    pull('their-edit');
    await conflict.waitFor({ timeout: 15_000 });
    // Nothing was dropped before the choice: the form still holds the edit.
    expect(await clientId.inputValue()).toBe('my-edit');
    await screenshot(page, 'workspace-disk-conflict');
    await conflict.getByRole('button', { name: 'Use the version on disk' }).click();
    await expect.poll(() => clientId.inputValue()).toBe('their-edit');
    expect(await conflict.count()).toBe(0);

    await clientId.fill('mine-again');
    pull('their-second');
    await conflict.waitFor({ timeout: 15_000 });
    await conflict.getByRole('button', { name: 'Keep my edits' }).click();
    expect(await clientId.inputValue()).toBe('mine-again');
    await page.keyboard.press('Control+s');
    await expect.poll(() => readFileSync(file, 'utf8')).toContain('clientId: mine-again');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
