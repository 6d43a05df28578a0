/**
 * Figure 7, a hostile HTML page (issue 12, item 18): the headline Tokensmith quotes from an HTML
 * answer, found in 1.1 MB of unclosed `<title>` tags, which once blocked a grant for 34 s. Baseline:
 * the same search in a 1.1 MB page of plain text, where there is nothing to retry. Both read only
 * the first 64 KB, so the two should cost about the same.
 */
import { htmlHeadline } from '../src/main/core/http/content.ts';
import { emit, log, measure, scaled } from './support/result.ts';
import { interleave } from './support/stats.ts';

const started = performance.now();
const ROUNDS = scaled(30, 5);
const SIZE = 1_100_000;

const bomb = `<html><head>${'<title>'.repeat(Math.ceil(SIZE / 7))}</head></html>`;
const plain = `<html><head><title>Plain page</title></head><body>${'x'.repeat(SIZE)}</body></html>`;

function timed(page: string): () => Promise<number> {
  return () => {
    const start = performance.now();
    htmlHeadline(page);
    return Promise.resolve(performance.now() - start);
  };
}

const samples = await interleave({ rounds: ROUNDS, warmup: 2 }, { bomb: timed(bomb), plain: timed(plain) });
log(`${samples.bomb.length} rounds each`);
emit(7, 'Hostile HTML headline', started, [
  measure({
    name: 'Headline of 1.1 MB of unclosed <title> tags',
    unit: 'ms',
    subject: samples.bomb,
    baseline: { name: 'Headline of a 1.1 MB plain page', samples: samples.plain },
    target: { on: 'max', limit: 50 },
  }),
]);
