import { describe, expect, it } from 'vitest';
import { bar, fit, fmtAmount, fmtDuration, fmtPct, fmtPrice, sparkline, windowStart } from '../../src/ui/format.js';
import { layoutFor } from '../../src/ui/layout.js';
import { chartSeries, mergeCloses } from '../../src/ui/chart-series.js';

describe('console formatting', () => {
  it.each([[97123.4, '97123'], [3380.54, '3380.5'], [146.987, '146.99'], [1.8081, '1.808'], [0.0042912, '0.004291'], [null, '-']])('price %s -> %s', (p, s) => {
    expect(fmtPrice(p)).toBe(s);
  });
  it.each([[0.0123, '+1.23%'], [-0.021, '-2.10%'], [null, '-']])('pct %s -> %s', (f, s) => expect(fmtPct(f)).toBe(s));
  it.each([[400, '0.4s'], [12_000, '12s'], [185_000, '3m05s'], [7_440_000, '2h04m'], [266_400_000, '3d02h']])('duration %i -> %s', (ms, s) => expect(fmtDuration(ms)).toBe(s));
  it('sparkline, bar, fit and windowStart', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5], 4)).toBe('▄▄');
    expect(sparkline([1, 2, 3], 2)).toBe('▁█');
    expect(bar(12, 20, 10)).toBe('██████░░░░');
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('ab', 4)).toBe('ab  ');
    expect(windowStart(50, 0, 10)).toBe(0);
    expect(windowStart(50, 30, 10)).toBe(21);
    expect(windowStart(50, 49, 10)).toBe(40);
  });
  it('layout: compact below 120x36, every row accounted for', () => {
    const small = layoutFor(80, 24);
    expect(small).toMatchObject({ compact: true, body: 19, pairs: { width: 44, height: 19 } });
    expect(small.chart.height + small.secondary.height).toBe(small.body);
    const big = layoutFor(160, 48);
    expect(big.compact).toBe(false);
    expect(big.pairs.height + big.rows[0] + big.rows[1]).toBe(big.body);
    expect(big.thirds.reduce((a, b) => a + b, 0) + 2).toBe(160);
  });
  it('chart series: 4x merges closes on the newest; labels follow the strategy timeframe', () => {
    expect(mergeCloses([1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([1, 5, 9]);
    expect(chartSeries('x4', '15m', [1, 2], []).label).toBe('1h closes');
    expect(chartSeries('x4', '1h', [1, 2], []).label).toBe('4h closes');
    expect(chartSeries('live', '15m', [1], [7, 8]).values).toEqual([7, 8]);
  });
});

describe('fmtAmount', () => {
  it.each([
    [7875.499999999997, '7875.5'],
    [1310.7000000000005, '1310.7'],
    [0.16595, '0.16595'],
    [0.1 + 0.2, '0.3'],
    [58275, '58275'],
  ])('%s -> %s', (a, s) => expect(fmtAmount(a)).toBe(s));
});
