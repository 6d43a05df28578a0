/**
 * `npm test`: every check (the static ones in two lanes, then Vitest), then one line that totals them all:
 * `N passed, N failed`. Lint, typecheck and build count as one check each; every Vitest test
 * (unit, integration, end-to-end) counts as one. Exits non-zero when anything failed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const report = path.join(root, 'test-results', 'vitest.json');
const bin = (name: string): string => path.join(root, 'node_modules', '.bin', name);

interface Check {
  name: string;
  command: string;
  args: string[];
}

/**
 * Two lanes, one per core: ESLint's typed rules take most of a minute on their own, and the other
 * checks fit beside it. Each lane keeps its order (the builds come before what reads them).
 */
const lanes: Check[][] = [
  [{ name: 'lint (eslint)', command: bin('eslint'), args: ['--max-warnings', '0', '.'] }],
  [
    { name: 'format (prettier)', command: bin('prettier'), args: ['--check', '.'] },
    { name: 'typecheck (node)', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.node.json'] },
    { name: 'typecheck (web)', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.web.json'] },
    { name: 'build (electron-vite)', command: bin('electron-vite'), args: ['build'] },
    // The CLI tests run the built command, as users do (the tests' global setup would build it too).
    { name: 'build (tokensmith CLI)', command: process.execPath, args: ['scripts/build-cli.ts'] },
    { name: 'security (electronegativity)', command: process.execPath, args: ['scripts/electronegativity.ts'] },
  ],
];

/** Runs a check with its output held back, then prints it whole: two lanes' lines never interleave. */
function run(check: Check): Promise<boolean> {
  return new Promise((resolve) => {
    const output: Buffer[] = [];
    const child = spawn(check.command, check.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    const finish = (ok: boolean, failure = ''): void => {
      process.stdout.write(`\n▶ ${check.name}\n${Buffer.concat(output).toString()}${failure}`);
      resolve(ok);
    };
    child.on('error', (error) => finish(false, `${error.message}\n`));
    child.on('close', (code) => finish(code === 0));
  });
}

const outcomes = new Map<string, boolean>();
await Promise.all(
  lanes.map(async (lane) => {
    for (const check of lane) outcomes.set(check.name, await run(check));
  }),
);

let passed = 0;
let failed = 0;
const lines: string[] = [];
for (const check of lanes.flat()) {
  const ok = outcomes.get(check.name) === true;
  if (ok) passed++;
  else failed++;
  lines.push(`${ok ? '✓' : '✗'} ${check.name}`);
}

console.log('\n▶ tests (vitest: unit, integration, e2e)');
rmSync(report, { force: true });
const vitest = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
  { cwd: root, stdio: 'inherit' },
);

interface VitestReport {
  testResults: { name: string; assertionResults: { status: string }[] }[];
}

const suites = new Map<string, { passed: number; failed: number }>();
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8')) as VitestReport;
  for (const file of results.testResults) {
    const suite = /test\/(\w+)\//.exec(path.relative(root, file.name))?.[1] ?? 'other';
    const counts = suites.get(suite) ?? { passed: 0, failed: 0 };
    for (const assertion of file.assertionResults) {
      if (assertion.status === 'passed') counts.passed++;
      // Skipped or todo tests count as failures: a test that does not run proves nothing.
      else counts.failed++;
    }
    suites.set(suite, counts);
  }
}
if (vitest.status !== 0 && [...suites.values()].every((counts) => counts.failed === 0)) {
  // Vitest failed outside any test (a file that does not load, an error between tests).
  suites.set('vitest run', { passed: 0, failed: 1 });
}
for (const [suite, counts] of suites) {
  passed += counts.passed;
  failed += counts.failed;
  lines.push(`${counts.failed === 0 ? '✓' : '✗'} ${suite}: ${counts.passed} passed, ${counts.failed} failed`);
}

console.log(`\n${lines.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
