import { describe, expect, it } from 'vitest';
import { relativeTime } from '../../../src/renderer/src/ui/relative-time.ts';

describe('relativeTime', () => {
  it('says "ago" as soon as the moment has passed, even within the first half second', () => {
    expect(relativeTime(10_000, 10_400)).toBe('0 s ago');
    expect(relativeTime(10_000, 10_000)).toBe('0 s ago');
    expect(relativeTime(10_400, 10_000)).toBe('in 0 s');
  });

  it('counts in seconds, minutes with seconds under ten minutes, hours and days', () => {
    expect(relativeTime(298_000, 0)).toBe('in 4 min 58 s');
    expect(relativeTime(0, 12_000)).toBe('12 s ago');
    expect(relativeTime(3_600_000 * 2 + 60_000 * 5, 0)).toBe('in 2 h 5 min');
    expect(relativeTime(86_400_000 * 730, 0)).toBe('in 730 days');
  });
});
