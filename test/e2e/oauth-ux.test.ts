import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcServer, type OidcServer } from '../fixtures/oidc/oidc-server.ts';
import { launchChromium, openApp, screenshot, startRequest } from '../support/browser.ts';
import { startTestTransport, type TestTransport } from '../support/test-transport.ts';

/**
 * The OAuth leftovers of issues 15 and 18 as a person meets them: the client authentication the
 * server accepts, chosen before the first run.
 */

/** Accepts credentials in the body only (and public clients), and says so in its discovery document. */
let bodyOnly: OidcServer;
const transports: TestTransport[] = [];
let browser: Browser;

beforeAll(async () => {
  bodyOnly = await startOidcServer({ clientAuthMethods: ['client_secret_post', 'none'] });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await Promise.all(transports.map((transport) => transport.close()));
  await bodyOnly.close();
});

async function open(
  options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<{ page: Page; problems: string[]; server: TestTransport }> {
  const server = await startTestTransport({ autoRenew: false });
  transports.push(server);
  const opened = await openApp(browser, server, options.colorScheme ? { colorScheme: options.colorScheme } : {});
  await opened.page.setViewportSize({ width: options.width ?? 1280, height: options.height ?? 800 });
  return { ...opened, server };
}

describe('the client authentication the server accepts, before the first run', () => {
  it.each([
    { width: 900, height: 600, colorScheme: 'light' as const },
    { width: 1280, height: 800, colorScheme: 'dark' as const },
  ])(
    'preselects credentials in the body for a server that does not accept the header ($width×$height, $colorScheme)',
    async ({ width, height, colorScheme }) => {
      const { page, problems } = await open({ width, height, colorScheme });
      await startRequest(page, 'Generic OAuth 2.0');
      const clientAuth = page.getByLabel('Client authentication', { exact: true });
      expect(await clientAuth.inputValue()).toBe('basic');
      await page.getByLabel('Issuer').fill(bodyOnly.issuer);
      await expect.poll(() => clientAuth.inputValue()).toBe('form');
      const note = page.getByTestId('note-clientAuth');
      expect(await note.textContent()).toBe(
        'Chosen from the server’s discovery document, which accepts: credentials in the body, no client authentication (a public client).',
      );
      await note.scrollIntoViewIfNeeded();
      await screenshot(page, `client-auth-from-discovery-${width}-${colorScheme}`);

      // The client registered for client_secret_post gets its token at the first try.
      await page.getByLabel('Client ID').fill(bodyOnly.clients.post.clientId);
      await page.getByLabel('Client secret', { exact: true }).fill(bodyOnly.clients.post.clientSecret);
      await page.getByRole('button', { name: 'Get token' }).click();
      await expect.poll(() => page.getByTestId('status').textContent()).toBe('200 OK');

      // A method the user picks is theirs: the note goes, and discovery does not move it back.
      await clientAuth.selectOption('private_key_jwt');
      expect(await note.count()).toBe(0);
      expect(problems).toEqual([]);
      await page.context().close();
    },
  );
});
