import { describe, expect, it } from 'vitest';
import { retry } from '../../../src/engine/core/retry.js';
import { createSerial } from '../../../src/engine/core/serial.js';

describe('retry', () => {
  const base = { random: () => 0.5, maxRetries: 3, policy: { baseMs: 100, capMs: 1_000 } };

  it('retries retryable errors with backoff (or the delay the error asks for), then succeeds', async () => {
    const waits: number[] = [];
    let n = 0;
    const out = await retry(async () => {
      if (++n < 3) throw new Error(n === 1 ? 'slow down' : 'flaky');
      return 'ok';
    }, { ...base, sleep: async (ms) => void waits.push(ms), retryDelay: (e) => ((e as Error).message === 'slow down' ? 2_000 : undefined) });
    expect(out).toBe('ok');
    expect(waits).toEqual([2_000, 150]);
  });

  it('gives up after maxRetries, on a non-retryable error at once, and when aborted', async () => {
    let n = 0;
    const sleep = async (): Promise<void> => {};
    await expect(retry(async () => { n++; throw new Error('x'); }, { ...base, sleep, retryDelay: () => undefined })).rejects.toThrow('x');
    expect(n).toBe(4);
    n = 0;
    await expect(retry(async () => { n++; throw new Error('bad'); }, { ...base, sleep, retryDelay: () => null })).rejects.toThrow('bad');
    expect(n).toBe(1);
    n = 0;
    await expect(retry(async () => { n++; throw new Error('y'); }, { ...base, sleep, retryDelay: () => undefined, aborted: () => true })).rejects.toThrow('y');
    expect(n).toBe(1);
  });
});

describe('serial', () => {
  it('runs one after another in order, a failure does not block the next', async () => {
    const s = createSerial();
    const order: string[] = [];
    let release!: () => void;
    const first = s.run(() => new Promise<void>((r) => (release = r)).then(() => void order.push('a')));
    const second = s.run(async () => { order.push('b'); throw new Error('b failed'); });
    const third = s.run(async () => void order.push('c'));
    const secondOutcome = second.catch((e: unknown) => e);
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]);
    release();
    await first;
    expect(await secondOutcome).toMatchObject({ message: 'b failed' });
    await third;
    await s.idle();
    expect(order).toEqual(['a', 'b', 'c']);
  });
});
