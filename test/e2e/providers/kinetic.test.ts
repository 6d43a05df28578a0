import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINETIC_CLIENT, startKineticSimulator, type KineticSimulator } from '../../fixtures/simulators/kinetic.ts';
import { rendererHolds, screenshot } from '../../support/browser.ts';
import { e2eAppPerFile, getToken, maskedToken, openProvider, openStep } from '../../support/e2e-app.ts';

let kinetic: KineticSimulator;
beforeAll(async () => {
  kinetic = await startKineticSimulator();
});
afterAll(async () => {
  await kinetic.close();
});
const app = e2eAppPerFile({ autoRenew: false });

describe('Kinetic Platform in the app, end to end', () => {
  it('client credentials with HTTP Basic, a JWT, and the who-am-I check', async () => {
    const { page, problems } = await openProvider(app, 'Kinetic Platform');
    await page.getByLabel('Server').fill(kinetic.server);
    await page.getByLabel('Client ID').fill(KINETIC_CLIENT.clientId);
    await page.getByLabel('Client secret', { exact: true }).fill(KINETIC_CLIENT.clientSecret);
    await getToken(page);
    const issued = kinetic.issued.at(-1)!;
    expect(await maskedToken(page)).toBe(`••••${issued.slice(-4)}`);
    expect(await page.getByLabel('Token', { exact: true }).textContent()).toContain('JWT (HS256)');
    await openStep(page, /Who am I/);
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');
    expect(await page.getByRole('tabpanel').textContent()).toContain(KINETIC_CLIENT.displayName);
    await screenshot(page, 'kinetic-token');
    // A client credentials grant needs no system browser.
    expect(app.transport.opened).toEqual([]);
    expect(await rendererHolds(page, KINETIC_CLIENT.clientSecret, issued)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
