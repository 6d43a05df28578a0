import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
/** Where the benchmarks build the app: a build of their own, never out/ that tests and `npm start` rebuild. */
const OUT_DIR = path.join(root, 'node_modules/.cache/tokensmith-bench/out');
export const BENCH_RENDERER_DIR = path.join(OUT_DIR, 'renderer');

/**
 * Builds the app (electron-vite, the production build) into the benchmarks' own folder. bench/run.ts
 * calls it once before the figures; a figure run on its own builds too unless BENCH_BUILT=1 says the
 * build is fresh. A build of its own because out/ may be rebuilt by a test run meanwhile, and a page
 * whose files vanish mid-load never shows what the benchmark waits for.
 */
export function buildRenderer(): string {
  if (process.env.BENCH_BUILT === '1') return BENCH_RENDERER_DIR;
  process.stderr.write('  building the app (electron-vite build)…\n');
  const result = spawnSync(path.join(root, 'node_modules/.bin/electron-vite'), ['build', '--outDir', OUT_DIR], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error('electron-vite build failed');
  return BENCH_RENDERER_DIR;
}
