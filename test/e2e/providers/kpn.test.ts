import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPN_CLIENT, startKpnSimulator, type KpnSimulator } from '../../fixtures/simulators/kpn.ts';
import { screenshot } from '../../support/browser.ts';
import { e2eAppPerFile, maskedToken, openProvider } from '../../support/e2e-app.ts';

let kpn: KpnSimulator;
beforeAll(async () => {
  kpn = await startKpnSimulator();
});
afterAll(async () => {
  await kpn.close();
});
const app = e2eAppPerFile({ autoRenew: false });

describe('KPN API Store in the app, end to end', () => {
  it('client credentials: the generated form gets a token and shows the Apigee quirks', async () => {
    const { page, problems } = await openProvider(app, 'KPN API Store');
    await page.getByLabel('Token URL').fill(kpn.tokenUrl);
    await page.getByLabel('Client ID').fill(KPN_CLIENT.clientId);
    await page.getByLabel('Client secret', { exact: true }).fill(KPN_CLIENT.clientSecret);
    await page.getByRole('button', { name: 'Get token' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    // The quirks are notes, folded: open them.
    await page
      .getByLabel('Token')
      .getByText(/^Notes \(\d+\)$/)
      .click();
    const warnings = await page.getByLabel('Token').getByRole('list', { name: 'Notes' }).textContent();
    expect(warnings).toContain('"token_type" is "BearerToken"; treated as Bearer.');
    expect(await maskedToken(page)).toBe(`••••${kpn.issued.at(-1)!.slice(-4)}`);
    await screenshot(page, 'kpn-token');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
