import { describe, expect, it } from 'vitest';
import { closeInOrder } from '../../../src/engine/app/stop-bounded.js';
import type { Logger } from '../../../src/engine/ports/logger.js';
import { FakeClock, settle } from '../../helpers/fake-clock.js';

function recordingLogger(): { logger: Logger; errors: [string, Record<string, unknown> | undefined][] } {
  const errors: [string, Record<string, unknown> | undefined][] = [];
  return { errors, logger: { debug() {}, info() {}, warn() {}, error: (e, f) => void errors.push([e, f]) } };
}

describe('closeInOrder: every part of a stop has a deadline', () => {
  it('a part that never settles is left behind after its deadline; the parts after it still close, in order', async () => {
    const clock = new FakeClock();
    const { logger, errors } = recordingLogger();
    const closed: string[] = [];
    const done = closeInOrder([
      { name: 'trading', close: () => void closed.push('trading') },
      { name: 'database', close: () => new Promise<void>(() => undefined) },
      { name: 'simulator', close: async () => void closed.push('simulator') },
    ], clock, logger, 5_000);
    let result: string[] | null = null;
    void done.then((r) => (result = r));
    await settle();
    expect(closed).toEqual(['trading']);
    expect(result).toBeNull();
    await clock.advance(4_999);
    expect(result).toBeNull();
    await clock.advance(1);
    await settle();
    expect(result).toEqual(['database']);
    expect(closed).toEqual(['trading', 'simulator']);
    expect(errors).toEqual([['runtime.close_failed', { part: 'database', error: 'closing the database: no answer within 5 s' }]]);
  });

  it('a part that throws (at once or later) is logged and does not stop the others', async () => {
    const clock = new FakeClock();
    const { logger, errors } = recordingLogger();
    const closed: string[] = [];
    const left = await closeInOrder([
      { name: 'journal', close: () => { throw new Error('ENOENT: journal dir removed'); } },
      { name: 'database', close: () => Promise.reject(new Error('worker gone')) },
      { name: 'simulator', close: () => void closed.push('simulator') },
    ], clock, logger);
    expect(left).toEqual(['journal', 'database']);
    expect(closed).toEqual(['simulator']);
    expect(errors.map(([, f]) => f?.error)).toEqual(['ENOENT: journal dir removed', 'worker gone']);
    expect(clock.pending).toBe(0);
  });
});
