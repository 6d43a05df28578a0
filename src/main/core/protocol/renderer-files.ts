import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RENDERER_CSP } from './csp.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface RendererFilesOptions {
  /** The built renderer folder (out/renderer; inside app.asar when packaged). */
  root: string;
  /** The only host the scheme answers for: `tokensmith` in app://tokensmith/. */
  host: string;
  /** Reads a file; Electron's fs reads inside app.asar. */
  read?: (file: string) => Promise<Uint8Array>;
}

const plain = (status: number, text: string): Response =>
  new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/**
 * The app:// protocol handler: serves files of the built renderer and nothing else, with the
 * renderer's CSP as a header. Reading the file ourselves (rather than handing a file: URL to
 * net.fetch) keeps file: out of the picture, so the packaged app can turn its extra privileges off.
 */
export function createRendererFiles(options: RendererFilesOptions): (request: Request) => Promise<Response> {
  const root = path.resolve(options.root);
  const read = options.read ?? ((file: string) => readFile(file));
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const url = new URL(request.url);
    if (url.host !== options.host) return plain(404, 'Not found');
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    } catch {
      return plain(400, 'Bad path');
    }
    if (relative.includes('\0') || relative.includes('\\')) return plain(400, 'Bad path');
    const file = path.resolve(root, `.${relative}`);
    if (!file.startsWith(`${root}${path.sep}`)) return plain(403, 'Forbidden');
    let body: Uint8Array;
    try {
      body = await read(file);
    } catch {
      return plain(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-security-policy': RENDERER_CSP,
        'x-content-type-options': 'nosniff',
      },
    });
  };
}
