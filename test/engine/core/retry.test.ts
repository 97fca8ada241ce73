import { describe, expect, it } from 'vitest';
import { retry, retryAfter } from '../../../src/engine/core/retry.js';
import { FakeClock } from '../../helpers/fake-clock.js';

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

  it('tells onFailure of every failure, the last one too', async () => {
    const seen: number[] = [];
    const fail = async (): Promise<never> => { throw new Error('x'); };
    await expect(retry(fail, { ...base, sleep: async () => {}, retryDelay: () => undefined, onFailure: (_e, a) => void seen.push(a) })).rejects.toThrow('x');
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('a stop during a wait ends the retries without calling fn again', async () => {
    const clock = new FakeClock();
    let stopped = false;
    let n = 0;
    const out = retry(async () => { n++; throw new Error('down'); }, { ...base, maxRetries: Infinity, sleep: (ms) => clock.sleep(ms), retryDelay: () => undefined, aborted: () => stopped });
    const outcome = out.catch((e: unknown) => e);
    await clock.advance(100);
    expect(n).toBe(2);
    stopped = true;
    await clock.advance(1_000);
    expect(await outcome).toMatchObject({ message: 'down' });
    expect(n).toBe(2);
  });

  it('retryAfter goes on from a failed call: waits first, counts from attempt 1, does not report that error again', async () => {
    const clock = new FakeClock();
    const calls: number[] = [];
    const failures: number[] = [];
    const first = new Error('first');
    const out = retryAfter(first, async (a) => {
      calls.push(a);
      if (a < 2) throw new Error('again');
      return 'stored';
    }, { ...base, sleep: (ms) => clock.sleep(ms), retryDelay: () => undefined, onFailure: (_e, a) => void failures.push(a) });
    await clock.advance(0);
    expect(calls).toEqual([]);
    await clock.advance(1_000);
    expect(await out).toBe('stored');
    expect(calls).toEqual([1, 2]);
    expect(failures).toEqual([1]);
    expect(clock.delays).toEqual([75, 150]);
  });

  it('retryAfter aborted during its first wait throws the error it was given', async () => {
    const clock = new FakeClock();
    let stopped = false;
    let called = false;
    const out = retryAfter(new Error('given'), async () => void (called = true), { ...base, sleep: (ms) => clock.sleep(ms), retryDelay: () => undefined, aborted: () => stopped });
    const outcome = out.catch((e: unknown) => e);
    stopped = true;
    await clock.advance(1_000);
    expect(await outcome).toMatchObject({ message: 'given' });
    expect(called).toBe(false);
  });
});
