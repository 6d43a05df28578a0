/**
 * `npm run bench`: builds the app once, runs every `*.bench.ts` in bench/ one after another (each in
 * a process of its own, so one figure's heap and browser do not weigh on the next), then writes
 * bench/results.json and bench/results.md (the table BENCHMARKS.md quotes) and prints the table.
 * Every measure is a ratio against a baseline measured in the same run, with both medians.
 * A missed target is reported, not failed: benchmarks are not tests. BENCH_QUICK=1 runs a scaled-
 * down version for checking the scripts; its figures are not the ones to quote.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildRenderer } from './support/build.ts';
import { machine, QUICK, type FigureResult, type Measure, type Unit } from './support/result.ts';

const dir = import.meta.dirname;
const started = performance.now();
/** A figure that takes longer than this is stuck (a whole run takes under five minutes). */
const FIGURE_TIMEOUT_MS = 4 * 60_000;

buildRenderer();

const benches = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .sort();
const figures: FigureResult[] = [];
const failed: string[] = [];
for (const file of benches) {
  process.stderr.write(`▶ ${file}\n`);
  const run = spawnSync(process.execPath, [path.join(dir, file)], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_BUILT: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: FIGURE_TIMEOUT_MS,
    maxBuffer: 16 * 2 ** 20,
  });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !line.startsWith('{')) {
    process.stderr.write(`  ${file} failed (${run.signal ?? `exit ${run.status}`})\n`);
    failed.push(file);
    continue;
  }
  const result = JSON.parse(line) as FigureResult;
  process.stderr.write(`  done in ${(result.durationMs / 1000).toFixed(0)} s\n`);
  figures.push(result);
}
figures.sort((a, b) => a.figure - b.figure);
const durationMs = Math.round(performance.now() - started);

function format(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return '—';
  const digits = unit === 'count' ? 0 : Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0;
  return `${value.toFixed(digits)}${unit === 'count' ? '' : ` ${unit}`}`;
}

function targetCell(measure: Measure): string {
  const { target, unit } = measure;
  if (!target) return '';
  const limit =
    target.on === 'ratio' ? `ratio ≤ ${target.limit.toFixed(2)}` : `${target.on} ≤ ${format(target.limit, unit)}`;
  const actual =
    target.on === 'ratio'
      ? (measure.ratio?.toFixed(2) ?? '—')
      : format(target.on === 'median' ? measure.subject.median : measure.subject.max, unit);
  return `${limit}: ${target.met ? '✅ met' : `❌ missed (${actual})`}`;
}

/** One row per measure, grouped by the issue's figures; memory (figure 6) is measured in 3 and 4. */
function table(): string {
  const rows = figures
    .flatMap((figure) => figure.measures.map((measure) => ({ figure: measure.figure ?? figure.figure, measure })))
    .sort((a, b) => a.figure - b.figure);
  const titles = new Map(figures.map((figure) => [figure.figure, figure.title]));
  titles.set(6, 'Memory');
  const lines = [
    '| # | Measure | Tokensmith median (p95) | Baseline | Baseline median | Ratio | Target |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(({ figure, measure }) => {
      const { subject, baseline, unit } = measure;
      const tail = subject.n > 1 ? ` (${format(subject.p95, unit)})` : '';
      return `| ${figure} ${titles.get(figure) ?? ''} | ${measure.name} | ${format(subject.median, unit)}${tail} | ${baseline.name} | ${format(baseline.stat.median, unit)} | ${measure.ratio === null ? '—' : `${measure.ratio.toFixed(2)}×`} | ${targetCell(measure)} |`;
    }),
  ];
  return lines.join('\n');
}

const when = new Date().toISOString();
const markdown = `${[
  `Run of ${when.slice(0, 16).replace('T', ' ')} UTC on ${machine()}; ${(durationMs / 1000).toFixed(0)} s in all${QUICK ? '; **BENCH_QUICK=1, scaled down: not figures to quote**' : ''}.`,
  ...(failed.length > 0 ? [`**Failed:** ${failed.join(', ')}.`] : []),
  '',
  table(),
].join('\n')}\n`;

writeFileSync(
  path.join(dir, 'results.json'),
  `${JSON.stringify({ date: when, machine: machine(), quick: QUICK, durationMs, failed, figures }, null, 2)}\n`,
);
writeFileSync(path.join(dir, 'results.md'), markdown);
console.log(`\n${markdown}`);
console.log('Wrote bench/results.json and bench/results.md.');
if (failed.length > 0) process.exit(1);
