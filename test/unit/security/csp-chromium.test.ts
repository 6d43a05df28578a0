/**
 * What the two policies do in a real Chromium (Debian's), served by the app's own app:// handler
 * code over http: the meta policy alone (the e2e tests) lets the page reach its own origin; with the
 * header the app sends, it reaches nothing; eval and inline scripts never run; and the response
 * viewer's sandboxed srcdoc preview still renders, without running its scripts.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRendererFiles } from '../../../src/main/core/protocol/renderer-files.ts';
import { launchChromium } from '../../support/browser.ts';
import { metaPolicy } from '../../support/security/csp-checks.ts';
import { ROOT } from '../../support/security/sources.ts';

let dir: string;
let server: Server;
let origin: string;
let browser: Browser;
/** Whether the server adds the app's CSP header (as app:// does) or serves the file alone (as the e2e transport does). */
let withHeader = true;

const PROBE = `
window.results = {};
const record = (name, value) => { window.results[name] = value; };
try { eval('1'); record('eval', 'ran'); } catch { record('eval', 'blocked'); }
const fetched = fetch('/data.json').then(() => record('fetch', 'ran'), () => record('fetch', 'blocked'));
const inline = document.createElement('script');
inline.textContent = "window.results.inline = 'ran'";
document.head.append(inline);
const frame = document.createElement('iframe');
frame.setAttribute('sandbox', '');
frame.srcdoc = '<p id="preview">An error page</p><script>parent.postMessage("preview script ran", "*")</script>';
window.addEventListener('message', (event) => record('previewScript', String(event.data)));
const loaded = new Promise((resolve) => frame.addEventListener('load', resolve)).then(() => record('preview', 'loaded'));
document.body.append(frame);
// Done once the fetch settled and the preview loaded, plus a moment in which its script could report.
Promise.all([fetched, loaded]).then(() => setTimeout(() => record('done', true), 300));
`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tokensmith-csp-'));
  const meta = metaPolicy(await readFile(path.join(ROOT, 'src/renderer/index.html'), 'utf8')).policy!;
  await writeFile(
    path.join(dir, 'index.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${meta}"><script src="./probe.js" defer></script></head><body></body></html>`,
  );
  await writeFile(path.join(dir, 'probe.js'), PROBE);
  await writeFile(path.join(dir, 'data.json'), '{}');
  server = createServer((request, response) => {
    void (async () => {
      const handle = createRendererFiles({ root: dir, host: request.headers.host ?? '' });
      const answer = await handle(
        new Request(new URL(request.url ?? '/', origin), { method: request.method ?? 'GET' }),
      );
      const headers = Object.fromEntries(answer.headers);
      if (!withHeader) delete headers['content-security-policy'];
      response.writeHead(answer.status, headers);
      response.end(Buffer.from(await answer.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

async function probe(header: boolean): Promise<{ results: Record<string, unknown>; page: Page }> {
  withHeader = header;
  const page = await browser.newPage();
  await page.goto(`${origin}/index.html`);
  // Functions, not strings: Playwright evaluates a string with eval, which this very CSP forbids.
  await page.waitForFunction(() => (globalThis as { results?: { done?: boolean } }).results?.done === true);
  const results = await page.evaluate(() => (globalThis as unknown as { results: Record<string, unknown> }).results);
  return { results, page };
}

describe('the renderer CSP in Chromium', () => {
  it('with the app:// header: no fetch, no eval, no inline script; the srcdoc preview renders without scripts', async () => {
    const { results, page } = await probe(true);
    expect(results).toMatchObject({ eval: 'blocked', fetch: 'blocked', preview: 'loaded' });
    expect(results).not.toHaveProperty('inline');
    expect(results).not.toHaveProperty('previewScript');
    expect(await page.frameLocator('iframe').locator('#preview').textContent()).toBe('An error page');
    await page.close();
  });

  it('with index.html’s policy alone (the e2e transport): fetch to its own origin works, the rest stays blocked', async () => {
    const { results, page } = await probe(false);
    expect(results).toMatchObject({ eval: 'blocked', fetch: 'ran', preview: 'loaded' });
    expect(results).not.toHaveProperty('inline');
    expect(results).not.toHaveProperty('previewScript');
    await page.close();
  });
});
