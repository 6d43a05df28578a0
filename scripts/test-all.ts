/**
 * `npm test`: every check, one after another, then one line that totals them all:
 * `N passed, N failed`. Lint, typecheck and build count as one check each; every Vitest test
 * (unit, integration, end-to-end) counts as one. Exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process';
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

const checks: Check[] = [
  { name: 'lint (eslint)', command: bin('eslint'), args: ['--max-warnings', '0', '.'] },
  { name: 'format (prettier)', command: bin('prettier'), args: ['--check', '.'] },
  { name: 'typecheck (node)', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.node.json'] },
  { name: 'typecheck (web)', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.web.json'] },
  { name: 'build (electron-vite)', command: bin('electron-vite'), args: ['build'] },
  // The CLI tests run the built command, as users do (the tests' global setup would build it too).
  { name: 'build (tokensmith CLI)', command: process.execPath, args: ['scripts/build-cli.ts'] },
  { name: 'security (electronegativity)', command: process.execPath, args: ['scripts/electronegativity.ts'] },
];

let passed = 0;
let failed = 0;
const lines: string[] = [];

for (const check of checks) {
  console.log(`\n▶ ${check.name}`);
  const result = spawnSync(check.command, check.args, { cwd: root, stdio: 'inherit' });
  const ok = result.status === 0;
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
