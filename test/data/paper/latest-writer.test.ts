import { describe, expect, it } from 'vitest';
import { createLatestWriter } from '../../../src/data/paper/latest-writer.js';
import { FakeClock } from '../../helpers/fake-clock.js';

/** A store that is down until `up` is set, and records what it stored. */
function store(): { up: boolean; stored: string[]; tries: number; write: (doc: string) => Promise<void> } {
  const s = {
    up: false,
    stored: [] as string[],
    tries: 0,
    write: async (doc: string): Promise<void> => {
      s.tries++;
      if (!s.up) throw new Error('database down');
      s.stored.push(doc);
    },
  };
  return s;
}

describe('latest writer', () => {
  it('retries the newest document on the injected clock and jitter source until it is stored', async () => {
    const clock = new FakeClock();
    const db = store();
    const errors: string[] = [];
    const w = createLatestWriter<string>(clock, db.write, (e) => errors.push((e as Error).message), () => 0);
    expect(await w.save('a')).toEqual({ stored: false });
    expect(await w.save('b')).toEqual({ stored: false });
    await clock.advance(50);
    expect(db.tries).toBe(3);
    db.up = true;
    await clock.advance(100);
    expect(db.stored).toEqual(['b']);
    expect(w.pending()).toBe(false);
    // Full jitter with random() = 0: half of 100 ms, then half of 200 ms.
    expect(clock.delays).toEqual([50, 100]);
    expect(errors).toHaveLength(3);
    expect(clock.pending).toBe(0);
  });

  it('stop during a backoff leaves no timer and writes nothing more', async () => {
    const clock = new FakeClock();
    const db = store();
    const w = createLatestWriter<string>(clock, db.write, () => {}, () => 0.5);
    expect(await w.save('a')).toEqual({ stored: false });
    expect(clock.pending).toBe(1);
    w.stop();
    db.up = true;
    await clock.advance(10_000);
    expect(clock.pending).toBe(0);
    expect(db.tries).toBe(1);
    expect(w.pending()).toBe(true);
  });
});
