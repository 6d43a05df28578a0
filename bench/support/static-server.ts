import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChild } from './child.ts';

export interface StaticFile {
  type: string;
  body: string | Buffer;
}

/**
 * The baselines' pages and the big response, served over http on 127.0.0.1 by Node's http server
 * (as the test transport serves the app), from a process of its own: an API server is not in the
 * app's process, and serving 20 MB must not take turns with the main process being measured.
 */
export async function startStaticServer(
  files: Record<string, StaticFile>,
): Promise<{ origin: string; close: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tokensmith-bench-files-'));
  const manifest: Record<string, { type: string; file: string }> = {};
  Object.entries(files).forEach(([route, { type, body }], index) => {
    const file = path.join(dir, String(index));
    writeFileSync(file, body);
    manifest[route] = { type, file };
  });
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  const server = await startChild(path.join(import.meta.dirname, 'file-server.ts'), [dir]);
  return {
    origin: (server.info as { origin: string }).origin,
    close: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
