import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
export const RENDERER_INDEX = path.join(root, 'out/renderer/index.html');

/** The newest modification time of the files under a path. */
function newest(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((name) => newest(path.join(target, name))));
}

/**
 * Builds the renderer when out/renderer is missing or older than what it is built from: the
 * benchmarks measure the real built renderer, never a stale one.
 */
export function ensureRendererBuilt(): void {
  const sources = ['src/renderer', 'src/shared', 'electron.vite.config.ts', 'package.json'].map((name) =>
    newest(path.join(root, name)),
  );
  const built = existsSync(RENDERER_INDEX) ? statSync(RENDERER_INDEX).mtimeMs : 0;
  if (built >= Math.max(...sources)) return;
  process.stderr.write('  building the renderer (electron-vite build)…\n');
  const result = spawnSync(path.join(root, 'node_modules/.bin/electron-vite'), ['build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error('electron-vite build failed');
}
