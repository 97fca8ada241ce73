import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { share } from '../../../src/engine/core/spine/share-structure.js';
import { applyPatch, diffState } from '../../../src/engine/core/spine/state-patch.js';

const value = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b', null, true)),
  list: fc.array(tie('node'), { maxLength: 6 }),
  obj: fc.dictionary(fc.constantFrom('x', 'y', 'z', 'w'), tie('node'), { maxKeys: 4 }),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('list'), tie('obj')),
})).node;

describe('diffState / applyPatch', () => {
  it('property: applying the diff of two shared snapshots gives the second', () => {
    fc.assert(fc.property(value, value, (a, b) => {
      const prev = share(undefined, a);
      const next = share(prev, b);
      expect(applyPatch(prev, diffState(prev, next))).toEqual(next);
    }), { numRuns: 2_000 });
  });

  it('an unchanged state has no ops, and untouched parts keep their identity', () => {
    const prev = share(undefined, { feed: { rate: 1 }, pairs: [{ s: 'BTC', p: 1 }, { s: 'ETH', p: 2 }] });
    expect(diffState(prev, prev)).toEqual([]);
    const next = share(prev, { feed: { rate: 1 }, pairs: [{ s: 'BTC', p: 1 }, { s: 'ETH', p: 3 }] });
    const ops = diffState(prev, next);
    expect(ops).toEqual([['s', ['pairs', 1, 'p'], 3]]);
    const out = applyPatch(prev, ops);
    expect(out.feed).toBe(prev.feed);
    expect(out.pairs[0]).toBe(prev.pairs[0]);
  });

  const a1 = { id: 1 };
  const a2 = { id: 2 };
  it.each([
    ['appended log line, oldest dropped', [1, 2, 3, 4], (l: unknown[]) => [...l.slice(1), 5], ['a', ['l'], [], 1, 4, [5]]],
    ['prepended alert, bounded (as the reducer builds it)', [a2, a1], (l: unknown[]) => [{ id: 3 }, ...l].slice(0, 2), ['a', ['l'], [{ id: 3 }], 0, 1, []]],
    ['appended object, oldest dropped', [a1, a2], (l: unknown[]) => [...l.slice(1), { id: 3 }], ['a', ['l'], [], 1, 2, [{ id: 3 }]]],
    ['grown list', [1, 2], (l: unknown[]) => [...l, 3], ['a', ['l'], [], 0, 2, [3]]],
  ])('%s is a splice, not the whole list', (_name, a, change, expected) => {
    const prev = share(undefined, { l: a as unknown[] });
    const next = share(prev, { l: change(prev.l) });
    const ops = diffState(prev, next);
    expect(ops).toHaveLength(1);
    expect(ops[0]?.[0]).toBe('a');
    expect(ops[0]).toEqual(expected);
    expect(applyPatch(prev, ops)).toEqual(next);
  });

  it('a splice outside the list is refused, not applied wrongly', () => {
    expect(() => applyPatch({ l: [1] }, [['a', ['l'], [], 0, 5, []]])).toThrow(/outside/);
  });
});
