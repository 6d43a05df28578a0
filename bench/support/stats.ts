/** Summary statistics of timing samples; medians carry the figures, p95 says how bad the tail is. */
export interface Stat {
  median: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
  n: number;
}

/** Nearest-rank percentile of sorted samples (p in 0–100). */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(samples: readonly number[]): Stat {
  const sorted = [...samples].sort((a, b) => a - b);
  const half = sorted.length / 2;
  const median =
    sorted.length === 0
      ? Number.NaN
      : sorted.length % 2 === 1
        ? sorted[Math.floor(half)]!
        : (sorted[half - 1]! + sorted[half]!) / 2;
  return {
    median,
    p95: percentile(sorted, 95),
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    n: sorted.length,
  };
}

/**
 * Runs `rounds` rounds of every subject in turn (A B A B …, the order rotating each round), after
 * `warmup` unrecorded rounds, so that a slow patch of a noisy machine falls on all subjects alike.
 * Each call returns the samples of that round (one or many).
 */
export async function interleave<K extends string>(
  options: { rounds: number; warmup: number },
  subjects: Record<K, (round: number) => Promise<number | number[]>>,
): Promise<Record<K, number[]>> {
  const names = Object.keys(subjects) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = -options.warmup; round < options.rounds; round++) {
    const offset = ((round % names.length) + names.length) % names.length;
    for (let index = 0; index < names.length; index++) {
      const name = names[(index + offset) % names.length]!;
      const result = await subjects[name](round);
      if (round >= 0) samples[name].push(...(Array.isArray(result) ? result : [result]));
    }
  }
  return samples;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
