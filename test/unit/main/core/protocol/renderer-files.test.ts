import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../../../../src/main/core/protocol/csp.ts';
import { createRendererFiles } from '../../../../../src/main/core/protocol/renderer-files.ts';

let parent: string;
let serve: (request: Request) => Promise<Response>;

beforeAll(async () => {
  parent = await mkdtemp(path.join(tmpdir(), 'tokensmith-app-protocol-'));
  const root = path.join(parent, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Tokensmith</title>');
  await writeFile(path.join(root, 'assets', 'index.js'), 'console.log(1)');
  await writeFile(path.join(parent, 'tokensmith.json'), '{"secret":"outside the renderer"}');
  // A sibling folder whose name starts like the root: a naive prefix check would let it through.
  await mkdir(path.join(parent, 'renderer-evil'));
  await writeFile(path.join(parent, 'renderer-evil', 'x.js'), 'evil');
  serve = createRendererFiles({ root, host: 'tokensmith' });
});
afterAll(() => rm(parent, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => serve(new Request(url, { method }));

describe('createRendererFiles (the app:// handler)', () => {
  it('serves index.html for / with the CSP header, its type and nosniff', async () => {
    const response = await get('app://tokensmith/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Tokensmith</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves assets with their type', async () => {
    const response = await get('app://tokensmith/assets/index.js');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1)');
  });

  it.each([
    ['a dot-dot path', 'app://tokensmith/../tokensmith.json', [403, 404]],
    ['an encoded dot-dot', 'app://tokensmith/%2e%2e/tokensmith.json', [403, 404]],
    ['an encoded slash', 'app://tokensmith/..%2Ftokensmith.json', [403]],
    ['a sibling folder with the same prefix', 'app://tokensmith/..%2Frenderer-evil%2Fx.js', [403]],
    ['a backslash', 'app://tokensmith/..%5Ctokensmith.json', [400]],
    ['a NUL byte', 'app://tokensmith/index.html%00.js', [400]],
    ['broken percent-encoding', 'app://tokensmith/%E0%A4%A', [400]],
    ['another host', 'app://evil/index.html', [404]],
    ['a file that is not there', 'app://tokensmith/nope.js', [404]],
    ['a folder', 'app://tokensmith/assets', [404]],
  ])('refuses %s', async (_name, url, statuses) => {
    const response = await get(url);
    expect(statuses).toContain(response.status);
    expect(await response.text()).not.toContain('outside the renderer');
  });

  it('answers only GET and HEAD', async () => {
    expect((await get('app://tokensmith/index.html', 'POST')).status).toBe(405);
    const head = await get('app://tokensmith/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
