import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKaisaSimulator, type KaisaSimulator } from '../fixtures/simulators/kaisa.ts';
import { launchChromium, openApp, rendererHolds, screenshot, workspaceListed } from '../support/browser.ts';
import { ROOT } from '../support/cli.ts';
import { PROVIDER_CURL_EXAMPLES } from '../fixtures/interop/provider-examples.ts';
import { runBash } from '../support/shell.ts';
import { startTestTransport, type TestTransport } from '../support/test-transport.ts';

/** The client of the Kaisa page's own examples, so its form-body example runs as written. */
const PAGE_CLIENT = { clientId: '123abc456def789ghi', clientSecret: '1234567890' };
const OPENAPI_FIXTURE = path.join(ROOT, 'test/fixtures/interop/orders.openapi.yaml');

let sim: KaisaSimulator;
let transport: TestTransport;
let browser: Browser;
let dir: string;
/** What the file dialogs answer next. */
const dialogs = { open: OPENAPI_FIXTURE as string | undefined, save: '', asked: [] as (string | undefined)[] };

/** The url-encoded example of the Kaisa page ("Or as follows for url-encoded requests"). */
function kaisaFormExample(): string {
  const example = PROVIDER_CURL_EXAMPLES['kaisa-freespee-oauth2'].find((command) =>
    command.includes('-d "grant_type=client_credentials"'),
  );
  if (!example) throw new Error('The Kaisa page has no url-encoded token example any more.');
  return example;
}

function runPython(code: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('python3', ['-c', code], { timeout: 20_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function axeFindings(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** The focused element's tag and text, e.g. `BUTTON Done`. */
function focused(page: Page): Promise<string> {
  // A string, not a function: the page runs it, and this project's Node types have no DOM.
  return page.evaluate<string>(
    `(() => { const e = document.activeElement; return e ? (e.tagName + ' ' + (e.textContent ?? '')).trim() : ''; })()`,
  );
}

beforeAll(async () => {
  sim = await startKaisaSimulator(PAGE_CLIENT);
  dir = await mkdtemp(path.join(tmpdir(), 'tokensmith-interop-e2e-'));
  dialogs.save = path.join(dir, 'tokensmith.postman_collection.json');
  transport = await startTestTransport({
    autoRenew: false,
    dialogs: {
      chooseOpenPath: (kind) => {
        dialogs.asked.push(kind);
        return Promise.resolve(dialogs.open);
      },
      chooseSavePath: () => Promise.resolve(dialogs.save),
      chooseFolder: () => Promise.resolve(undefined),
    },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await transport.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('import and snippets', () => {
  it('pastes the Kaisa page’s cURL example, runs the request it makes, and exports it in other languages', async () => {
    const { page, problems } = await openApp(browser, transport);
    const example = kaisaFormExample();
    await page.getByRole('button', { name: 'Import them…' }).waitFor();
    await screenshot(page, 'import-first-run-light');

    await page.getByRole('button', { name: /^Import…/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Import requests' });
    const box = dialog.getByLabel('Paste what to import');
    await expect.poll(() => focused(page)).toBe('TEXTAREA');
    expect(await dialog.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await box.fill(example);
    await screenshot(page, 'import-paste-light');
    expect(await axeFindings(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();

    // The summary says what was created, and the first request is open behind it.
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Imported from cURL.');
    expect(await dialog.getByTestId('import-count').allTextContents()).toEqual([
      '1 saved request',
      '0 environments',
      '1 secret moved to the vault',
    ]);
    expect(await focused(page)).toBe('BUTTON Done');
    await screenshot(page, 'import-summary-light');
    expect(await axeFindings(page)).toEqual([]);
    const created = await page.locator('.request-name').allTextContents();
    expect(created).toHaveLength(1);
    expect(await dialog.locator('.import-created').textContent()).toContain(created[0]);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    // Closing gives focus back to where the dialog was opened from.
    expect(await focused(page)).toMatch(/^BUTTON Import…/);

    const form = page.getByRole('form', { name: 'Kaisa (Freespee) token request' });
    expect(await form.getByLabel('Token URL').inputValue()).toBe('https://auth.freespee.com/oauth2/token');
    expect(await form.getByLabel('Client ID').inputValue()).toBe(PAGE_CLIENT.clientId);
    const secret = form.getByLabel('Client secret', { exact: true });
    expect(await secret.inputValue()).toBe('');
    await expect.poll(() => secret.getAttribute('placeholder')).toMatch(/^Stored ••••/);
    // The pasted secret went to the vault; nothing in the renderer kept it.
    expect(await rendererHolds(page, PAGE_CLIENT.clientSecret)).toEqual([]);

    // Point it at the simulator, save, and run it with the secret from the vault.
    await form.getByLabel('Token URL').fill(sim.tokenUrl);
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.locator('.toast').textContent()).toContain('Saved');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    expect(sim.issued).toHaveLength(1);
    expect(new URLSearchParams(sim.requests.at(-1)!.body.toString()).get('client_secret')).toBe(
      PAGE_CLIENT.clientSecret,
    );

    // The same exchange as code: cURL first, then Python and HTTPie.
    await page.getByRole('tab', { name: 'Code' }).click();
    const code = page.getByTestId('curl-command');
    const variables = page.getByLabel('Variables to set first');
    await expect.poll(() => code.textContent()).toContain('"$TOKENSMITH_KAISA_CLIENT_SECRET"');
    expect(await page.getByRole('radio', { name: 'cURL' }).getAttribute('aria-checked')).toBe('true');

    await page.getByRole('radio', { name: 'Python' }).click();
    await expect.poll(() => code.textContent()).toContain('import requests');
    const python = (await code.textContent())!;
    expect(python).toContain('os.environ["TOKENSMITH_KAISA_CLIENT_SECRET"]');
    expect(python).toContain(`${JSON.stringify(sim.tokenUrl)},`);
    expect(python).not.toContain(PAGE_CLIENT.clientSecret);
    expect(await variables.textContent()).toBe("export TOKENSMITH_KAISA_CLIENT_SECRET='…'   # field Client secret");
    expect(await page.getByRole('button', { name: 'Copy as Python' }).isEnabled()).toBe(true);
    await screenshot(page, 'snippet-python-light');

    // The language switch is a radio group: the arrow keys move through it.
    await page.getByRole('radio', { name: 'Python' }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByRole('radio', { name: 'fetch' }).getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => code.textContent()).toContain('process.env.TOKENSMITH_KAISA_CLIENT_SECRET');

    await page.getByRole('radio', { name: 'HTTPie' }).click();
    await expect.poll(() => code.textContent()).toMatch(/^http --ignore-stdin \\\n {2}--form \\\n {2}POST \\\n/);
    const httpie = (await code.textContent())!;
    expect(httpie).toContain('client_secret="$TOKENSMITH_KAISA_CLIENT_SECRET"');
    expect(httpie).not.toContain(PAGE_CLIENT.clientSecret);
    // What is shown is what is copied, and it runs with the variable set.
    await page.getByRole('button', { name: 'Copy as HTTPie' }).click();
    await expect.poll(() => transport.clipboard.at(-1)).toBe(httpie);
    const before = sim.issued.length;
    const ran = await runBash(httpie, { TOKENSMITH_KAISA_CLIENT_SECRET: PAGE_CLIENT.clientSecret });
    expect(ran.stderr).toBe('');
    expect(JSON.parse(ran.stdout)).toMatchObject({ token_type: 'bearer', expires_in: 300 });
    expect(sim.issued).toHaveLength(before + 1);

    await page.getByRole('radio', { name: 'PowerShell' }).click();
    await expect.poll(() => code.textContent()).toContain('Invoke-RestMethod');
    expect(await variables.textContent()).toBe("$env:TOKENSMITH_KAISA_CLIENT_SECRET = '…'   # field Client secret");

    // Revealed Python: shown masked, copied in clear only after a confirmation, and it gets a token.
    await page.getByRole('radio', { name: 'Python' }).click();
    await page.getByRole('radio', { name: 'Revealed' }).click();
    await expect.poll(() => code.textContent()).toContain('••••');
    expect(await code.textContent()).not.toContain(PAGE_CLIENT.clientSecret);
    const copies = transport.clipboard.length;
    await page.getByRole('button', { name: 'Copy as Python' }).click();
    await page.getByText('The copied code will contain your secrets in clear text.').waitFor();
    expect(transport.clipboard.length).toBe(copies);
    await screenshot(page, 'snippet-reveal-confirm-light');
    await page.getByRole('button', { name: 'Copy with secrets in clear text' }).click();
    await expect.poll(() => transport.clipboard.length).toBe(copies + 1);
    const revealed = transport.clipboard.at(-1)!;
    expect(revealed).toContain(PAGE_CLIENT.clientSecret);
    const result = await runPython(revealed);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^200\n\{"access_token":/);
    expect(sim.issued).toHaveLength(before + 2);
    expect(await rendererHolds(page, PAGE_CLIENT.clientSecret)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('says in one line what is wrong with a paste it cannot read, and keeps the text to fix', async () => {
    const { page } = await openApp(browser, transport);
    await workspaceListed(page);
    // A request ready to run is open behind the dialog: Ctrl+Enter there would run it.
    await page
      .getByRole('main')
      .getByRole('button', { name: /^Kaisa \(Freespee\)/ })
      .click();
    await page.getByLabel('Token URL').fill(sim.tokenUrl);
    await page.getByLabel('Client ID').fill(PAGE_CLIENT.clientId);
    await page.getByLabel('Client secret', { exact: true }).fill(PAGE_CLIENT.clientSecret);
    const saved = await page.locator('.request-name').count();
    const sent = sim.requests.length;
    await page.keyboard.press('Control+o');
    const dialog = page.getByRole('dialog', { name: 'Import requests' });
    const box = dialog.getByLabel('Paste what to import');
    await box.fill('Authorization: Bearer abc');
    // Ctrl+Enter imports here; it does not run the request behind the dialog.
    await page.keyboard.press('Control+Enter');
    const alert = dialog.getByRole('alert');
    const hint = 'Paste a cURL command, a Postman Collection v2.1 or an OpenAPI 3 document.';
    await expect.poll(() => alert.textContent()).toBe(`Tokensmith cannot tell what this is. — ${hint}`);
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    expect(await box.inputValue()).toBe('Authorization: Bearer abc');

    // Typing clears the error; a parser's message gets the same hint.
    await box.fill('GET https://api.example.com/v1/me\nAuthorization: Bearer abc');
    await expect.poll(() => alert.count()).toBe(0);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => alert.textContent()).toMatch(/^This is neither JSON nor YAML: /);
    expect(await alert.textContent()).toContain(` — ${hint}`);
    await screenshot(page, 'import-error-light');

    await box.fill('{"swagger": "2.0", "info": {"title": "Old", "version": "1"}, "paths": {}}');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect
      .poll(() => alert.textContent())
      .toMatch(/^This is a Swagger 2.0 document; Tokensmith reads OpenAPI 3\./);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.locator('.request-name').count()).toBe(saved);
    expect(sim.requests.length).toBe(sent);
    await page.context().close();
  });

  it('imports a file, exports the workspace to Postman without a secret, in the dark theme', async () => {
    const { page, problems } = await openApp(browser, transport, { colorScheme: 'dark' });
    await workspaceListed(page);
    const before = await page.locator('.request-name').count();

    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Search commands, requests and providers' }).fill('import curl');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Import requests' });
    // A file dropped on the box fills it.
    const example = kaisaFormExample();
    const dropped = await page.evaluateHandle(
      `(() => { const data = new DataTransfer(); data.items.add(new File([${JSON.stringify(example)}], 'kaisa.sh', { type: 'text/plain' })); return data; })()`,
    );
    await dialog.getByLabel('Paste what to import').dispatchEvent('drop', { dataTransfer: dropped });
    await expect.poll(() => dialog.getByLabel('Paste what to import').inputValue()).toBe(example);
    expect(await dialog.getByRole('button', { name: 'Import', exact: true }).isEnabled()).toBe(true);
    await screenshot(page, 'import-paste-dark');
    expect(await axeFindings(page)).toEqual([]);
    await dialog.getByLabel('Paste what to import').fill('');

    dialogs.open = OPENAPI_FIXTURE;
    await dialog.getByRole('button', { name: 'Choose file…' }).click();
    await expect
      .poll(() => dialog.getByRole('status').textContent())
      .toBe('Imported from an OpenAPI document orders.openapi.yaml.');
    // The open dialog offers what an import reads, not vault exports.
    expect(dialogs.asked).toEqual(['import']);
    const counts = await dialog.getByTestId('import-count').allTextContents();
    const requests = Number(counts[0]!.split(' ')[0]);
    expect(requests).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.request-name').count()).toBe(before + requests);
    await screenshot(page, 'import-summary-dark');
    expect(await axeFindings(page)).toEqual([]);
    // The first request it created is open.
    const first = (await dialog.locator('.import-created li').first().textContent())!;
    expect(first).toMatch(/open now$/);
    await dialog.getByRole('button', { name: 'Import more…' }).click();

    // A Postman environment: its variables come in, a credential among them does not, and it says so.
    const box = dialog.getByLabel('Paste what to import');
    await expect.poll(() => focused(page)).toBe('TEXTAREA');
    await box.fill(
      JSON.stringify({
        name: 'Staging',
        values: [
          { key: 'baseUrl', value: 'https://staging.example.com' },
          { key: 'client_secret', value: 'staging-s3cret', type: 'secret' },
        ],
      }),
    );
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Imported from a Postman environment.');
    expect(await dialog.getByTestId('import-count').allTextContents()).toEqual([
      '0 saved requests',
      '1 environment',
      '0 secrets moved to the vault',
    ]);
    expect(await dialog.getByRole('region', { name: '1 warning' }).getByRole('listitem').allTextContents()).toEqual([
      'The variable "client_secret" is a credential and was not imported.',
    ]);
    await screenshot(page, 'import-warnings-dark');
    expect(await axeFindings(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Done' }).click();
    expect(await rendererHolds(page, 'staging-s3cret')).toEqual([]);

    // A cancelled file dialog changes nothing.
    await page.keyboard.press('Control+o');
    dialogs.open = undefined;
    await dialog.getByRole('button', { name: 'Choose file…' }).click();
    await page.waitForTimeout(200);
    expect(await dialog.getByLabel('Paste what to import').isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Export to Postman…' }).click();
    await expect
      .poll(async () => (await page.locator('.toast, dialog[open]').allTextContents()).join(' '))
      .toContain(dialogs.save.split('/').at(-1)!);
    const exported = await readFile(dialogs.save, 'utf8');
    expect(JSON.parse(exported)).toHaveProperty('info');
    expect(exported).not.toContain(PAGE_CLIENT.clientSecret);
    expect(exported).toContain('{{');
    await screenshot(page, 'export-postman-dark');
    expect(await axeFindings(page)).toEqual([]);
    await page.getByRole('button', { name: 'Done' }).click();

    // A Kaisa exchange as PowerShell, in the dark.
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page
      .getByRole('main')
      .getByRole('button', { name: /^Kaisa \(Freespee\)/ })
      .click();
    await page.getByLabel('Token URL').fill(sim.tokenUrl);
    await page.getByLabel('Client ID').fill(PAGE_CLIENT.clientId);
    await page.getByLabel('Client secret', { exact: true }).fill(PAGE_CLIENT.clientSecret);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    await page.getByRole('tab', { name: 'Code' }).click();
    await page.getByRole('radio', { name: 'PowerShell' }).click();
    await expect.poll(() => page.getByTestId('curl-command').textContent()).toContain('Invoke-RestMethod');
    await screenshot(page, 'snippet-powershell-dark');
    expect(await axeFindings(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
