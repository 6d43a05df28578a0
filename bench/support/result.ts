import os from 'node:os';
import { summarize, type Stat } from './stats.ts';

/** BENCH_QUICK=1 scales every benchmark down for a quick check; its figures are not the ones to quote. */
export const QUICK = process.env.BENCH_QUICK === '1';

/** The full count, or the quick one under BENCH_QUICK=1. */
export function scaled(full: number, quick: number): number {
  return QUICK ? quick : full;
}

export type Unit = 'ms' | 'kB' | 'MB' | 'count';

/** A target of the issue: a limit on the ratio, the subject's median or its worst sample. */
export interface Target {
  on: 'ratio' | 'median' | 'max';
  limit: number;
  met: boolean;
}

export interface Measure {
  /** The figure this measure belongs to, when it is not that of the script (memory, figure 6). */
  figure?: number;
  /** What is measured, as the table says it. */
  name: string;
  unit: Unit;
  /** Tokensmith. */
  subject: Stat;
  /** What it is compared with, measured in the same run on the same machine. */
  baseline: { name: string; stat: Stat };
  /** subject median / baseline median; null when the baseline's median is 0 (nothing to divide by). */
  ratio: number | null;
  target?: Target;
}

export interface FigureResult {
  figure: number;
  title: string;
  measures: Measure[];
  quick: boolean;
  durationMs: number;
  machine: string;
}

export function measure(options: {
  figure?: number;
  name: string;
  unit: Unit;
  subject: readonly number[];
  baseline: { name: string; samples: readonly number[] };
  target?: { on: Target['on']; limit: number };
}): Measure {
  const subject = summarize(options.subject);
  const baseline = summarize(options.baseline.samples);
  const ratio = baseline.median > 0 ? subject.median / baseline.median : null;
  const result: Measure = {
    ...(options.figure === undefined ? {} : { figure: options.figure }),
    name: options.name,
    unit: options.unit,
    subject,
    baseline: { name: options.baseline.name, stat: baseline },
    ratio,
  };
  if (options.target) {
    const { on, limit } = options.target;
    const value = on === 'ratio' ? (ratio ?? Number.POSITIVE_INFINITY) : on === 'median' ? subject.median : subject.max;
    result.target = { on, limit, met: value <= limit };
  }
  return result;
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

/** Prints a figure's result as the one line of JSON on stdout that bench/run.ts collects. */
export function emit(figure: number, title: string, started: number, measures: Measure[]): void {
  const result: FigureResult = {
    figure,
    title,
    measures,
    quick: QUICK,
    durationMs: Math.round(performance.now() - started),
    machine: machine(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Progress goes to stderr: stdout carries only the result. */
export function log(message: string): void {
  process.stderr.write(`  ${message}\n`);
}
