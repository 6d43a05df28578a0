import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStores } from '../../src/main/core/store/memory-store.ts';
import { Vault } from '../../src/main/core/vault/vault.ts';
import {
  KAISA_CLIENT,
  KAISA_SIGNING_SECRET,
  startKaisaSimulator,
  type KaisaSimulator,
} from '../fixtures/simulators/kaisa.ts';
import { launchChromium, openApp, screenshot, startRequest } from '../support/browser.ts';
import { CHEAP_KDF } from '../support/conf-store.ts';
import { startTestTransport, type TestTransport } from '../support/test-transport.ts';

/**
 * The main screens in light and dark (the OS setting, which the app follows by default): an axe-core
 * scan of each, and a screenshot of each for review (test-results/screenshots/screen-<name>-<theme>.png).
 */

type Theme = 'light' | 'dark';

interface Finding {
  screen: string;
  theme: Theme;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
  /** What axe says about the first element, e.g. the contrast ratio and the two colours. */
  detail: string;
}

let kaisa: KaisaSimulator;
let transport: TestTransport;
/** An app whose vault has a passphrase, so it opens on the unlock screen. */
let locked: TestTransport;
let browser: Browser;
const findings: Finding[] = [];

beforeAll(async () => {
  kaisa = await startKaisaSimulator();
  transport = await startTestTransport({ autoRenew: false });
  const stores = memoryStores();
  const vault = await Vault.open({ data: stores.vault.data, save: () => undefined, kdf: CHEAP_KDF });
  await vault.usePassphrase('correct horse battery staple');
  locked = await startTestTransport({ autoRenew: false, stores, kdf: CHEAP_KDF });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await transport.close();
  await locked.close();
  await kaisa.close();
});

/** Screenshots the screen and scans it with axe-core (every rule, WCAG 2.x A/AA and best practices). */
async function capture(page: Page, screen: string, theme: Theme): Promise<void> {
  // Let transitions and the toast settle, so the picture and the scan see the resting screen.
  await page.waitForTimeout(250);
  await screenshot(page, `screen-${screen}-${theme}`);
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  for (const violation of results.violations) {
    findings.push({
      screen,
      theme,
      rule: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.slice(0, 4).map((node) => node.target.join(' ')),
      detail: violation.nodes[0]?.any[0]?.message ?? violation.nodes[0]?.failureSummary ?? '',
    });
  }
}

function report(theme: Theme): Finding[] {
  const mine = findings.filter((finding) => finding.theme === theme);
  if (mine.length > 0) {
    console.log(
      `axe-core, ${theme}:\n${mine
        .map(
          (f) =>
            `  [${f.impact}] ${f.screen}: ${f.rule} — ${f.help}\n      ${[...f.targets, f.detail].join('\n      ')}`,
        )
        .join('\n')}`,
    );
  }
  return mine.filter((finding) => finding.impact === 'serious' || finding.impact === 'critical');
}

async function fillKaisa(page: Page, clientSecret: string): Promise<void> {
  await page.getByLabel('Token URL').fill(kaisa.tokenUrl);
  await page.getByLabel('Client ID').fill(KAISA_CLIENT.clientId);
  await page.getByLabel('Client secret', { exact: true }).fill(clientSecret);
}

describe.each<Theme>(['light', 'dark'])('the main screens, %s', (theme) => {
  it('have no serious or critical accessibility violations', async () => {
    const { page, problems } = await openApp(browser, transport, { colorScheme: theme });
    await page.getByRole('heading', { name: /Get your first token|New request/ }).waitFor();
    expect(await page.evaluate<boolean>(`matchMedia('(prefers-color-scheme: ${theme})').matches`)).toBe(true);
    await capture(page, 'first-run', theme);

    await startRequest(page, 'Kaisa (Freespee)');
    await fillKaisa(page, 'not the secret');
    await page.getByRole('button', { name: 'Get token' }).click();
    await page.getByTestId('error-banner').waitFor();
    await capture(page, 'error-response', theme);

    await fillKaisa(page, KAISA_CLIENT.clientSecret);
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    await capture(page, 'response', theme);

    await page.getByRole('button', { name: 'Inspect JWT' }).click();
    const inspector = page.getByRole('dialog', { name: 'JWT inspector — Access token' });
    await inspector.getByLabel('Shared secret', { exact: true }).fill(KAISA_SIGNING_SECRET);
    await inspector.getByRole('button', { name: 'Verify' }).click();
    await inspector.getByTestId('jwt-verdict').waitFor();
    await capture(page, 'jwt-inspector', theme);
    await page.keyboard.press('Escape');
    await expect.poll(() => inspector.isVisible()).toBe(false);

    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Search commands, requests and providers' }).fill('new');
    await capture(page, 'command-palette', theme);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog', { name: 'Commands' }).isVisible()).toBe(false);

    await page.keyboard.press('Control+/');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await capture(page, 'shortcuts', theme);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(false);

    await page.getByRole('button', { name: /^Tokens/ }).click();
    await page.getByTestId('ledger-row').first().waitFor();
    await capture(page, 'token-ledger', theme);
    expect(problems).toEqual([]);
    await page.context().close();

    const gate = await openApp(browser, locked, { colorScheme: theme });
    await gate.page.getByRole('heading', { name: 'Unlock your vault' }).waitFor();
    await capture(gate.page, 'vault-unlock', theme);
    expect(gate.problems).toEqual([]);
    await gate.page.context().close();

    expect(report(theme)).toEqual([]);
  });
});
