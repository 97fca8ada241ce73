import { describe, expect, it } from 'vitest';
import { createWriteQueue } from '../../../../src/engine/app/trading/write-queue.js';
import { NexwaveError } from '../../../../src/engine/core/errors.js';
import { FakeClock } from '../batch-writer-fakes.js';

describe('trading write queue', () => {
  it('keeps writes in order through an outage and reports queued ones at once', async () => {
    const clock = new FakeClock();
    const done: number[] = [];
    let down = true;
    const q = createWriteQueue<() => Promise<void>>(clock, (f) => f(), () => {});
    const op = (n: number) => async () => {
      if (down) throw new NexwaveError('STORE.UNAVAILABLE', 'down');
      done.push(n);
    };
    expect(await q.write(op(1))).toBe(false);
    expect(await q.write(op(2))).toBe(false);
    expect(q.size()).toBe(2);
    down = false;
    await clock.advance(1_000);
    expect(done).toEqual([1, 2]);
    expect(await q.write(op(3))).toBe(true);
  });

  it('drops a write the database refuses for good, so it cannot block the rest', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    const q = createWriteQueue<() => Promise<void>>(clock, (f) => f(), (e) => errors.push(e));
    const bad = q.write(async () => {
      throw new NexwaveError('STORE.QUERY_FAILED', 'constraint');
    });
    expect(await bad).toBe(false);
    expect(await q.write(async () => {})).toBe(true);
    expect(q.size()).toBe(0);
    expect(errors).toHaveLength(1);
  });

  it('stop during an outage leaves no retry timer, returns the writes never stored (oldest first), refuses later writes', async () => {
    const clock = new FakeClock();
    const q = createWriteQueue<() => Promise<void>>(clock, (f) => f(), () => {});
    const fail = async () => {
      throw new NexwaveError('STORE.UNAVAILABLE', 'down');
    };
    expect(await q.write(fail)).toBe(false);
    expect(await q.write(fail)).toBe(false);
    expect(clock.pending).toBe(1);
    expect(q.down()).toBe(true);
    expect(q.stop()).toEqual([fail, fail]);
    expect(q.size()).toBe(0);
    await clock.advance(0);
    expect(clock.pending).toBe(0);
    let ran = false;
    expect(await q.write(async () => void (ran = true))).toBe(false);
    expect(ran).toBe(false);
  });

  it('backs off on the injected clock and jitter source', async () => {
    const clock = new FakeClock();
    let down = true;
    const q = createWriteQueue<() => Promise<void>>(clock, (f) => f(), () => {}, () => 0);
    const stored = q.write(async () => {
      if (down) throw new NexwaveError('STORE.UNAVAILABLE', 'down');
    });
    expect(await stored).toBe(false);
    await clock.advance(50);
    down = false;
    await clock.advance(100);
    expect(q.size()).toBe(0);
    // Full jitter with random() = 0: half of 100 ms, then half of 200 ms.
    expect(clock.delays).toEqual([50, 100]);
  });
});
