import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAISA_CLIENT, startKaisaSimulator, type KaisaSimulator } from '../fixtures/simulators/kaisa.ts';
import { launchChromium, openApp, screenshot } from '../support/browser.ts';
import { comparable, runBash } from '../support/shell.ts';
import { getKaisaToken } from '../support/kaisa-ui.ts';
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

describe('cURL export', () => {
  it('in all three modes: variables, masked, and revealed only after a confirmation', async () => {
    const { page } = await openApp(browser, transport);
    await getKaisaToken(page, sim.tokenUrl, KAISA_CLIENT);
    const engine = comparable(sim.requests.at(-1)!);
    await page.getByRole('tab', { name: 'Code' }).click();
    const command = page.getByTestId('curl-command');

    await expect.poll(() => command.textContent()).toContain('"$TOKENSMITH_KAISA_CLIENT_SECRET"');
    expect(await page.getByLabel('Variables to set first').textContent()).toBe(
      "export TOKENSMITH_KAISA_CLIENT_SECRET='…'   # field Client secret",
    );

    await page.getByRole('radio', { name: 'Masked' }).click();
    await expect.poll(() => command.textContent()).toContain("--data-urlencode 'client_secret=••••");
    await page.getByRole('button', { name: 'Copy as cURL' }).click();
    await expect.poll(() => transport.clipboard.at(-1)).toContain('client_secret=••••');

    await page.getByRole('radio', { name: 'Revealed' }).click();
    await expect.poll(() => command.textContent()).not.toContain('$TOKENSMITH');
    expect(await command.textContent()).not.toContain(KAISA_CLIENT.clientSecret);
    const copies = transport.clipboard.length;
    await page.getByRole('button', { name: 'Copy as cURL' }).click();
    // The first press only asks: nothing reaches the clipboard yet.
    await page.getByText('The copied code will contain your secrets in clear text.').waitFor();
    expect(transport.clipboard.length).toBe(copies);
    await screenshot(page, 'curl-reveal-confirm');
    await page.getByRole('button', { name: 'Copy with secrets in clear text' }).click();
    await expect.poll(() => transport.clipboard.length).toBe(copies + 1);
    const revealed = transport.clipboard.at(-1)!;
    expect(revealed).toContain('client_secret=kaisa s3cr3t $HOME');
    expect((await runBash(revealed)).code).toBe(0);
    expect(comparable(sim.requests.at(-1)!)).toEqual(engine);
    await page.context().close();
  });

  it('exports a follow-up API request that uses the token, with the token as a variable', async () => {
    const { page } = await openApp(browser, transport);
    await getKaisaToken(page, sim.tokenUrl, KAISA_CLIENT);

    await page.getByRole('button', { name: 'Add request' }).click();
    await page.getByLabel('URL', { exact: true }).fill(`${sim.origin}/v3/customers`);
    await page.getByRole('button', { name: 'Send' }).click();
    const followUp = page.getByRole('group', { name: 'API request' });
    await expect.poll(() => followUp.getByTestId('status').textContent()).toBe('200 OK');
    expect(sim.requests.at(-1)?.headers.authorization).toBe(`Bearer ${sim.issued.at(-1)!}`);
    await followUp.getByRole('tab', { name: 'Code' }).click();
    await expect
      .poll(() => followUp.getByTestId('curl-command').textContent())
      .toContain('-H \'Authorization: Bearer \'"$TOKENSMITH_KAISA_ACCESS_TOKEN"');
    await screenshot(page, 'followup-request');
    await page.context().close();
  });
});
