import { describe, expect, it } from 'vitest';
import { percentile, spread } from '../../bench/lib/stats.js';
import { formatNumber, formatTable } from '../../bench/lib/table.js';
import { formatTargets, target } from '../../bench/lib/targets.js';

describe('bench stats', () => {
  it.each([
    [50, 5],
    [99, 10],
    [100, 10],
    [0, 1],
    [10, 1],
    [11, 2],
  ])('percentile %i of 1..10 (shuffled) is %i by nearest rank', (p, want) => {
    expect(percentile([7, 3, 10, 1, 9, 2, 8, 4, 6, 5], p)).toBe(want);
  });

  it('spread of nothing is NaN, of samples is median/p99/max', () => {
    expect(spread([]).median).toBeNaN();
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(spread(values)).toEqual({ samples: 1000, median: 500, p99: 990, max: 1000 });
  });
});

describe('bench output', () => {
  it('aligns numbers right and text left, with separators', () => {
    const out = formatTable(['name', 'n'], [['a', 12_345], ['bbb', 0.5]]).split('\n');
    expect(out).toEqual(['name       n', '----  ------', 'a     12,345', 'bbb    0.500']);
  });

  it('formats numbers by size', () => {
    expect([formatNumber(20_000.4), formatNumber(12.34), formatNumber(3), formatNumber(Number.NaN)]).toEqual(['20,000', '12.3', '3', '-']);
  });

  it('prints PASS, FAIL and SKIP', () => {
    const text = formatTargets([target('a', '1', true), target('bb', '2', false), target('c', '-', null)]);
    expect(text.split('\n').map((l) => l.slice(0, 4))).toEqual(['PASS', 'FAIL', 'SKIP']);
  });
});
