import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { share } from '../../../../src/engine/core/spine/share-structure.js';
import { applyPatch, diffState } from '../../../../src/engine/core/spine/state-diff.js';
import { baseState, pair } from './fixtures.js';

describe('state diff', () => {
  it('a price change is one small op; applying it gives the next state', () => {
    const prev = share(undefined, baseState({ pairs: [pair('BTC'), pair('ETH')] }));
    const next = share(prev, { ...prev, pairs: [prev.pairs[0]!, { ...prev.pairs[1]!, lastPrice: 101 }] });
    const ops = diffState(prev, next);
    expect(ops).toEqual([{ p: ['pairs', 1, 'lastPrice'], v: 101 }]);
    expect(applyPatch(prev, ops)).toEqual(next);
  });

  it('property: apply(prev, diff(prev, next)) equals next, for any JSON values', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    fc.assert(
      fc.property(json, json, (a, b) => {
        const prev = share(undefined, a);
        const next = share(prev, b);
        expect(JSON.parse(JSON.stringify(applyPatch(prev, diffState(prev, next))))).toEqual(JSON.parse(JSON.stringify(next)));
      }),
      { numRuns: 500 },
    );
  });

  it('a bounded list that appends and drops its oldest is two small splices, not the list', () => {
    const lines = Array.from({ length: 100 }, (_, i) => ({ text: `line ${i}` }));
    const prev = share(undefined, { log: lines });
    const next = share(prev, { log: [...prev.log.slice(3), { text: 'a' }, { text: 'b' }, { text: 'c' }] });
    const ops = diffState(prev, next);
    expect(ops).toEqual([{ p: ['log'], s: [0, 3, []] }, { p: ['log'], s: [97, 0, [{ text: 'a' }, { text: 'b' }, { text: 'c' }]] }]);
    expect(applyPatch(prev, ops)).toEqual(next);
    const alerts = share(prev, { log: [{ text: 'new' }, ...prev.log.slice(0, 99)] });
    expect(diffState(prev, alerts)).toEqual([{ p: ['log'], s: [99, 1, []] }, { p: ['log'], s: [0, 0, [{ text: 'new' }]] }]);
    expect(JSON.stringify(diffState(prev, alerts)).length).toBeLessThan(200);
    expect(applyPatch(prev, diffState(prev, alerts))).toEqual(alerts);
  });

  it('keys that are also Object.prototype members (toString, constructor) are plain keys', () => {
    const prev = share(undefined, {});
    const next = share(prev, { toString: 1, constructor: { a: 2 } });
    expect(applyPatch(prev, diffState(prev, next))).toEqual(next);
    expect(applyPatch(next, diffState(next, prev))).toEqual({});
  });

  it('keys removed are deleted, not set to undefined', () => {
    const ops = diffState({ a: 1, b: 2 }, { a: 1 });
    expect(ops).toEqual([{ p: ['b'], d: true }]);
    expect(applyPatch({ a: 1, b: 2 }, ops)).toEqual({ a: 1 });
  });
});
