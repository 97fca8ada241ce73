import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { share } from '../../../../src/engine/core/spine/share-structure.js';
import { baseState, pair } from './fixtures.js';

describe('share (structural sharing)', () => {
  it('keeps the identity of every part that did not change', () => {
    const prev = share(undefined, baseState({ pairs: [pair('BTC'), pair('ETH')] }));
    const next = share(prev, { ...prev, pairs: [pair('BTC'), pair('ETH', { lastPrice: 101 })] });
    expect(next).not.toBe(prev);
    expect(next.run).toBe(prev.run);
    expect(next.feed).toBe(prev.feed);
    expect(next.pairs[0]).toBe(prev.pairs[0]);
    expect(next.pairs[1]).not.toBe(prev.pairs[1]);
    expect(next.pairs[1]!.readiness).toBe(prev.pairs[1]!.readiness);
  });

  it('returns the previous value itself when nothing changed', () => {
    const prev = share(undefined, baseState({ pairs: [pair('BTC')] }));
    expect(share(prev, baseState({ pairs: [pair('BTC')] }))).toBe(prev);
  });

  it('freezes what it publishes, deeply', () => {
    const s = share(undefined, baseState({ pairs: [pair('BTC')] }));
    expect(() => {
      (s.pairs[0] as { lastPrice: number }).lastPrice = 1;
    }).toThrow(TypeError);
    expect(() => (s.pairs as unknown as unknown[]).push(1)).toThrow(TypeError);
    expect(() => {
      (s.run.trading as { state: string }).state = 'HALTED';
    }).toThrow(TypeError);
  });

  it('a removed or added key is a change', () => {
    const prev = share(undefined, { a: 1, b: 2 } as Record<string, number>);
    expect(share(prev, { a: 1 })).not.toBe(prev);
    expect(share(prev, { a: 1, b: 2, c: 3 })).not.toBe(prev);
  });

  it('property: the result deep-equals next, and equals prev by identity exactly when deep-equal', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(json, json, (a, b) => {
        const prev = share(undefined, a);
        const out = share(prev, b);
        expect(out).toStrictEqual(share(undefined, b));
        const same = JSON.stringify(a) === JSON.stringify(b);
        if (same) expect(out).toBe(prev);
      }),
      { numRuns: 300 },
    );
  });
});

describe('share refuses what JSON cannot carry', () => {
  class Box {
    constructor(readonly v: number) {}
  }
  it.each([
    ['a Map', new Map([['BTC', 1]]), /pairs\[0\]\.extra is a Map/],
    ['a Set', new Set([1]), /pairs\[0\]\.extra is a Set/],
    ['a class instance', new Box(1), /pairs\[0\]\.extra is a Box/],
    ['a function', () => 1, /pairs\[0\]\.extra is a function/],
  ])('%s in published state throws STATE.NOT_PLAIN naming where it is', (_name, value, message) => {
    const prev = share(undefined, baseState({ pairs: [pair('BTC')] }));
    const leaky = { ...prev, pairs: [{ ...prev.pairs[0]!, extra: value }] };
    expect(() => share(prev, leaky)).toThrow(message);
    expect(() => share(prev, leaky)).toThrow(expect.objectContaining({ code: 'STATE.NOT_PLAIN' }));
  });

  it('even when frozen by the caller', () => {
    const prev = share(undefined, baseState({}));
    expect(() => share(prev, { ...prev, whales: Object.freeze(new Map()) })).toThrow(/whales is a Map/);
  });

  it('a plain object without a prototype is fine', () => {
    const prev = share(undefined, baseState({}));
    const bare = Object.assign(Object.create(null) as Record<string, number>, { x: 1 });
    expect(() => share(prev, { ...prev, extra: bare })).not.toThrow();
  });
});
