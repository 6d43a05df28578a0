/**
 * `npm run bench`: runs every benchmark in bench/ and writes bench/results.json. Each benchmark
 * reports ratios against a baseline measured in the same run. The figures arrive with their own
 * issue; this harness runs whatever `*.bench.ts` files exist.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const benches = readdirSync(dir).filter((file) => file.endsWith('.bench.ts'));
const results: Record<string, unknown> = {};
for (const file of benches) {
  console.log(`▶ ${file}`);
  const run = spawnSync(process.execPath, [path.join(dir, file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (run.status !== 0) {
    console.error(`${file} failed`);
    process.exit(1);
  }
  results[file] = JSON.parse(run.stdout) as unknown;
}
writeFileSync(path.join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(benches.length === 0 ? 'No benchmarks yet.' : `Wrote bench/results.json (${benches.length} benchmarks).`);
