import { describe, expect, it } from 'vitest';
import { deadline, settlesWithin } from '../../../src/engine/ports/clock.js';
import { FakeClock } from '../../helpers/fake-clock.js';

const never = new Promise<never>(() => {});

describe('deadline', () => {
  it('passes an answer through and leaves no timer behind', async () => {
    const clock = new FakeClock();
    await expect(deadline(clock, 1_000, Promise.resolve(7), () => new Error('late'))).resolves.toBe(7);
    expect(clock.pending).toBe(0);
  });

  it('passes a failure through unchanged', async () => {
    const clock = new FakeClock();
    const boom = new Error('boom');
    await expect(deadline(clock, 1_000, Promise.reject(boom), () => new Error('late'))).rejects.toBe(boom);
    expect(clock.pending).toBe(0);
  });

  it('past the deadline runs the cleanup and rejects with the given error, not before', async () => {
    const clock = new FakeClock();
    let cleaned = 0;
    let outcome: unknown = 'waiting';
    void deadline(clock, 1_000, never, () => new Error('no answer'), () => cleaned++).catch((e: unknown) => (outcome = e));
    await clock.advance(999);
    expect([outcome, cleaned]).toEqual(['waiting', 0]);
    await clock.advance(1);
    expect((outcome as Error).message).toBe('no answer');
    expect(cleaned).toBe(1);
  });

  it('ignores an answer that comes after the deadline', async () => {
    const clock = new FakeClock();
    let answer!: (v: number) => void;
    const p = expect(deadline(clock, 10, new Promise<number>((r) => (answer = r)), () => new Error('late'))).rejects.toThrow('late');
    await clock.advance(10);
    answer(1);
    await p;
  });
});

describe('settlesWithin', () => {
  it('is true for a promise that settles in time, fulfilled or rejected', async () => {
    const clock = new FakeClock();
    await expect(settlesWithin(clock, 5, Promise.resolve())).resolves.toBe(true);
    await expect(settlesWithin(clock, 5, Promise.reject(new Error('x')))).resolves.toBe(true);
  });

  it('is false once the wait gives up', async () => {
    const clock = new FakeClock();
    let done: boolean | undefined;
    void settlesWithin(clock, 5_000, never).then((v) => (done = v));
    await clock.advance(4_999);
    expect(done).toBeUndefined();
    await clock.advance(1);
    expect(done).toBe(false);
  });
});
