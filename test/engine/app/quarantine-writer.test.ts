import { describe, expect, it } from 'vitest';
import { createQuarantineWriter } from '../../../src/engine/app/quarantine-writer.js';
import type { Tick } from '../../../src/engine/core/types.js';
import type { DeadLetterSink } from '../../../src/engine/ports/journal.js';
import { silentLogger } from '../../../src/engine/ports/logger.js';

const ticks = (n: number): Tick[] => Array.from({ length: n }, (_, i) => ({ time: 1, symbol: 'ETH', tradeId: i, price: 1, volume: 1, side: 'buy', venue: 'pacifica' }));

describe('quarantine writer', () => {
  it('writes batches in order, one at a time, and bounds what waits in memory', async () => {
    const written: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const sink: DeadLetterSink = {
      location: 'mem',
      write: async (t, reason) => {
        await gate;
        written.push(`${reason}:${t.length}`);
      },
    };
    const w = createQuarantineWriter(sink, silentLogger, 10);
    w.keep(ticks(4), 'a');
    w.keep(ticks(4), 'b');
    w.keep(ticks(4), 'c');
    w.keep(ticks(2), 'd');
    expect(w.unrecorded()).toBe(4);
    release();
    await w.idle();
    expect(written).toEqual(['a:4', 'b:4', 'd:2']);
  });

  it('counts rows a failing file could not take', async () => {
    const w = createQuarantineWriter({ location: 'mem', write: async () => Promise.reject(new Error('disk full')) }, silentLogger);
    w.keep(ticks(3), 'a');
    await w.idle();
    expect(w.unrecorded()).toBe(3);
  });
});
