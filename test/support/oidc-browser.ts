import { setTimeout as delay } from 'node:timers/promises';
import type { Page, Request } from 'playwright-core';

/**
 * Playwright drivers for the pages of the oidc-provider fixture (test/fixtures/oidc/oidc-server.ts):
 * its dev login/consent interactions and its device verification pages. Each driver looks at what the
 * page shows and acts on it, so a login that an existing session skips, or a consent the grant already
 * holds, does not break it.
 */

export interface OidcLoginOptions {
  /** Any value logs in; it becomes the token's `sub`. Default 'alice'. */
  login?: string;
  /** Any value is accepted. Default 'password'. */
  password?: string;
  /** For the whole drive. Default 30 000. */
  timeoutMs?: number;
}

export interface OidcAuthorizeOptions extends OidcLoginOptions {
  /** Where the server redirects to; read from the URL's `redirect_uri` when not given. */
  redirectUri?: string;
}

type Screen = 'login' | 'consent' | 'device-input' | 'device-confirm' | 'device-success' | 'error';

interface PageState {
  /** Stays the same for one document, so a page is acted on once however often it is looked at. */
  document: string;
  screen: Screen | null;
  message: string;
}

/** A string, not a function: the page runs it, and this project's Node types have no DOM. */
const INSPECT_PAGE = `(() => {
  window.__oidcDriverDocument ??= String(Math.random()).slice(2);
  const has = (selector) => document.querySelector(selector) !== null;
  const error = document.querySelector('[data-oidc-error], [data-oidc-device-error]');
  const screen = error ? 'error'
    : has('[data-oidc-device-success]') ? 'device-success'
    : has('input[name="prompt"][value="login"]') ? 'login'
    : has('input[name="prompt"][value="consent"]') ? 'consent'
    : has('form[id="op.deviceInputForm"]') ? 'device-input'
    : has('form[id="op.deviceConfirmForm"]') ? 'device-confirm'
    : null;
  const message = error ? error.innerText.trim().split(/\\s*\\n\\s*/).join('; ') : '';
  return { document: window.__oidcDriverDocument, screen, message };
})()`;

const SCREENS = new Set<unknown>(['login', 'consent', 'device-input', 'device-confirm', 'device-success', 'error']);

function isPageState(value: unknown): value is PageState {
  if (typeof value !== 'object' || value === null) return false;
  const { document, screen, message } = value as Record<string, unknown>;
  return typeof document === 'string' && typeof message === 'string' && (screen === null || SCREENS.has(screen));
}

/** What the page shows now, or undefined while it is between documents. */
async function inspect(page: Page): Promise<PageState | undefined> {
  try {
    const state = await page.evaluate<unknown>(INSPECT_PAGE);
    return isPageState(state) ? state : undefined;
  } catch {
    // "Execution context was destroyed": a navigation is under way; look again.
    return undefined;
  }
}

type Handler = (page: Page) => Promise<'done' | undefined>;

/** Acts on each new page with its screen's handler until one says done or `finished()` holds. */
async function drive(
  page: Page,
  handlers: Partial<Record<Screen, Handler>>,
  finished: () => boolean,
  timeoutMs: number,
): Promise<void> {
  const acted = new Set<string>();
  const deadline = Date.now() + timeoutMs;
  while (!finished()) {
    if (Date.now() > deadline) throw new Error(`OIDC browser drive timed out at ${page.url()}`);
    const state = await inspect(page);
    if (state?.screen && !acted.has(state.document)) {
      if (state.screen === 'error') throw new Error(`oidc-provider showed an error at ${page.url()}: ${state.message}`);
      const handler = handlers[state.screen];
      if (!handler) throw new Error(`unexpected ${state.screen} page at ${page.url()}`);
      acted.add(state.document);
      if ((await handler(page)) === 'done') return;
      continue;
    }
    await delay(50);
  }
}

function logIn(options: OidcLoginOptions): Handler {
  return async (page) => {
    await page.locator('input[name="login"]').fill(options.login ?? 'alice');
    await page.locator('input[name="password"]').fill(options.password ?? 'password');
    await page.locator('form:has(input[name="prompt"][value="login"]) button[type="submit"]').click();
    return undefined;
  };
}

const consent: Handler = async (page) => {
  await page.locator('form:has(input[name="prompt"][value="consent"]) button[type="submit"]').click();
  return undefined;
};

const cancel: Handler = async (page) => {
  await page.locator('a', { hasText: '[ Cancel ]' }).click();
  return undefined;
};

function redirectTarget(authorizationUrl: string, redirectUri: string | undefined): URL {
  const given = redirectUri ?? new URL(authorizationUrl).searchParams.get('redirect_uri');
  if (!given) throw new Error('the authorization URL has no redirect_uri; pass options.redirectUri');
  return new URL(given);
}

/**
 * Opens the authorization URL and completes the flow until the server sends the browser to the
 * redirect URI; resolves with that URL. The redirect target may be a live loopback listener (it
 * gets the request and answers) or nothing at all (the browser shows a connection error): either
 * way the URL is what the server sent.
 */
async function authorize(
  page: Page,
  authorizationUrl: string,
  options: OidcAuthorizeOptions,
  onConsent: Handler,
): Promise<string> {
  const target = redirectTarget(authorizationUrl, options.redirectUri);
  const isTarget = (href: string) => {
    const url = URL.parse(href);
    return url !== null && url.origin === target.origin && url.pathname === target.pathname;
  };
  let callback: string | undefined;
  const onRequest = (request: Request) => {
    if (!callback && request.isNavigationRequest() && isTarget(request.url())) callback = request.url();
  };
  // The page has left the server once it shows the redirect target (a listener answered) or Chromium's
  // error page (nobody listens); waiting for that keeps the late error navigation out of the next goto.
  const arrived = () => callback !== undefined && (isTarget(page.url()) || page.url().startsWith('chrome-error:'));
  page.on('request', onRequest);
  try {
    try {
      await page.goto(authorizationUrl, { waitUntil: 'commit' });
    } catch (error) {
      // A session that needs no interaction redirects straight away, maybe to a closed port.
      if (!callback) throw error;
    }
    await drive(page, { login: logIn(options), consent: onConsent }, arrived, options.timeoutMs ?? 30_000);
    return callback!;
  } finally {
    page.off('request', onRequest);
  }
}

/**
 * Logs in with any login/password on the dev interaction pages, consents, and resolves with the
 * redirect URI the server sent the browser to (with `code`, `state` and `iss`).
 */
export function completeLoginAndConsent(
  page: Page,
  authorizationUrl: string,
  options: OidcAuthorizeOptions = {},
): Promise<string> {
  return authorize(page, authorizationUrl, options, consent);
}

/** Logs in, then cancels at the consent page; resolves with the redirect URI carrying `error=access_denied`. */
export function denyConsent(page: Page, authorizationUrl: string, options: OidcAuthorizeOptions = {}): Promise<string> {
  return authorize(page, authorizationUrl, options, cancel);
}

/**
 * Opens the device verification page (RFC 8628 §3.3), enters the user code, confirms it, logs in and
 * consents; resolves once the page says the sign-in succeeded. `verificationUri` may be the
 * `verification_uri_complete` too: the code is then typed over the prefilled one.
 */
export async function approveDeviceCode(
  page: Page,
  verificationUri: string,
  userCode: string,
  options: OidcLoginOptions = {},
): Promise<void> {
  await page.goto(verificationUri, { waitUntil: 'commit' });
  await drive(
    page,
    {
      'device-input': async (current) => {
        await current.locator('input[name="user_code"]').fill(userCode);
        await current.locator('button[form="op.deviceInputForm"]').click();
        return undefined;
      },
      'device-confirm': async (current) => {
        await current.locator('button[form="op.deviceConfirmForm"]:not([name="abort"])').click();
        return undefined;
      },
      login: logIn(options),
      consent,
      'device-success': () => Promise.resolve('done'),
    },
    () => false,
    options.timeoutMs ?? 30_000,
  );
}
