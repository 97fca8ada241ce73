import { describe, expect, it } from 'vitest';
import { createSerial } from '../../../src/engine/core/serial.js';

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

  it('a call that throws before its first await rejects only its own caller', async () => {
    const s = createSerial();
    const bad = s.run((): Promise<void> => {
      throw new Error('at once');
    });
    const good = s.run(async () => 'next');
    await expect(bad).rejects.toThrow('at once');
    expect(await good).toBe('next');
  });
});
