/**
 * A stop during start-up ends start-up at the step it is waiting on (the abort is threaded
 * through every step), instead of after the step's own deadline and the steps after it.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openRuntime } from '../../../src/cli/compose-runtime.js';
import { isStopped, throwIfStopped, unlessStopped } from '../../../src/engine/app/within.js';
import { testContext } from '../../helpers/ctx.js';

describe('unlessStopped / throwIfStopped', () => {
  it('passes a result through while not stopped', async () => {
    expect(await unlessStopped(new AbortController().signal, Promise.resolve(7))).toBe(7);
    await expect(unlessStopped(new AbortController().signal, Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(() => throwIfStopped(new AbortController().signal, 'step')).not.toThrow();
  });

  it('rejects with APP.STOPPED naming the step as soon as the signal aborts', async () => {
    const stop = new AbortController();
    const waiting = unlessStopped(stop.signal, new Promise<never>(() => {}), 'migrating');
    stop.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'APP.STOPPED', message: 'stopped during migrating' });
    await expect(unlessStopped(stop.signal, Promise.resolve(1))).rejects.toSatisfy(isStopped);
    expect(() => throwIfStopped(stop.signal, 'opening the database')).toThrow('stopped during opening the database');
  });
});

describe('engine.start() and stop()', () => {
  it('a stop while start-up waits on the venue ends start-up at that step', async () => {
    const { ctx, dataDir } = testContext({ args: { sim: true, speed: 60, seed: 3 } });
    const rt = await openRuntime(ctx);
    try {
      // Every REST answer now takes a minute: start-up sits in the pairs sync.
      rt.sim!.control.setLatency(60_000);
      const starting = rt.engine.start();
      await rt.engine.stop();
      await expect(starting).rejects.toMatchObject({ code: 'APP.STOPPED', message: 'stopped during pairs sync' });
      expect(rt.engine.status().feed.connections).toEqual([]);
      expect(rt.writer.metrics().received).toBe(0);
    } finally {
      rt.sim!.control.setLatency(0);
      await rt.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
