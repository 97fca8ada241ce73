import { describe, expect, it } from 'vitest';
import { createStateStore } from '../../../../src/engine/app/spine/state-store.js';
import type { EngineState } from '../../../../src/engine/core/spine/engine-state.js';
import { FakeClock } from '../../../helpers/fake-clock.js';
import { baseState, pair } from '../../core/spine/fixtures.js';

const withPrice = (s: EngineState, price: number): EngineState => ({ ...s, pairs: [{ ...s.pairs[0]!, lastPrice: price }] });

describe('state store', () => {
  it('coalesces: many updates, at most one notification per 100 ms, always with the latest state', async () => {
    const clock = new FakeClock();
    const store = createStateStore(baseState({ pairs: [pair('BTC')] }), clock, 100);
    const seen: number[] = [];
    store.subscribe((s) => seen.push(s.pairs[0]!.lastPrice!));
    for (let i = 1; i <= 50; i++) store.update((s) => withPrice(s, i));
    await clock.advance(0);
    expect(seen).toEqual([50]);
    for (let i = 51; i <= 60; i++) {
      store.update((s) => withPrice(s, i));
      await clock.advance(10);
    }
    // 100 ms after the first notification, the latest of the ten updates.
    expect(seen).toEqual([50, 60]);
    await clock.advance(1_000);
    expect(seen).toEqual([50, 60]);
  });

  it('an update that changes nothing keeps the snapshot and notifies nobody', async () => {
    const clock = new FakeClock();
    const store = createStateStore(baseState({ pairs: [pair('BTC')] }), clock);
    const before = store.getState();
    let calls = 0;
    store.subscribe(() => calls++);
    store.update((s) => ({ ...s, pairs: [{ ...s.pairs[0]! }] }));
    await clock.advance(500);
    expect(store.getState()).toBe(before);
    expect(calls).toBe(0);
  });

  it('published snapshots are never mutated afterwards', async () => {
    const clock = new FakeClock();
    const store = createStateStore(baseState({ pairs: [pair('BTC'), pair('ETH')] }), clock);
    const snapshots: EngineState[] = [];
    store.subscribe((s) => snapshots.push(s));
    const copies: string[] = [];
    for (let i = 0; i < 20; i++) {
      store.update((s) => withPrice(s, 1_000 + i));
      await clock.advance(100);
      copies.push(JSON.stringify(store.getState()));
    }
    expect(snapshots.length).toBe(20);
    snapshots.forEach((s, i) => expect(JSON.stringify(s)).toBe(copies[i]));
    expect(Object.isFrozen(store.getState().pairs[0])).toBe(true);
  });

  it('unsubscribe and close stop notifications; flush delivers a pending one now', async () => {
    const clock = new FakeClock();
    const store = createStateStore(baseState({ pairs: [pair('BTC')] }), clock);
    let a = 0;
    const off = store.subscribe(() => a++);
    store.update((s) => withPrice(s, 1));
    store.flush();
    expect(a).toBe(1);
    off();
    store.update((s) => withPrice(s, 2));
    await clock.advance(200);
    expect(a).toBe(1);
    store.subscribe(() => a++);
    store.close();
    store.update((s) => withPrice(s, 3));
    await clock.advance(200);
    expect(a).toBe(1);
    expect(clock.pending).toBe(0);
  });
});
