/**
 * The spine, end to end: the engine against the in-process simulator on PostgreSQL reached
 * through a TCP proxy, observed only through `subscribe` (never by touching a service):
 * warm-up from 0 to 34/34, a signal with its reason for every pair, whales, storage going
 * down and coming back; and `execute` answers every command.
 */
import { describe, expect, it, vi } from 'vitest';
import { createRuntimeControl, openRuntime, resolveVenue } from '../../src/cli/compose-runtime.js';
import type { Command } from '../../src/engine/core/spine/command.js';
import type { EngineState } from '../../src/engine/core/spine/engine-state.js';
import { testContext } from '../helpers/ctx.js';
import { hasPg } from '../helpers/pg.js';
import { tempDatabaseBehindProxy } from '../helpers/tcp-proxy.js';

describe.skipIf(!hasPg)('engine state through subscribe alone (simulator, PostgreSQL via a proxy)', () => {
  it('warm-up 0 -> 34/34, signals with reasons, whales, storage down and back, every command answered', async () => {
    const { db, proxy, url: viaProxy } = await tempDatabaseBehindProxy('nxspine');
    const { ctx } = testContext({ env: { DATABASE_URL: viaProxy, SCAN_INTERVAL: '2' }, args: { sim: true, speed: 60, seed: 7 } });
    const control = createRuntimeControl(ctx, await resolveVenue(ctx));
    let latest: EngineState = control.source.getState();
    const readyHistory: string[] = [];
    const storageHistory: string[] = [];
    control.source.subscribe((s) => {
      latest = s;
      const r = `${s.warmup.ready}/${s.warmup.total}`;
      if (readyHistory.at(-1) !== r) readyHistory.push(r);
      if (storageHistory.at(-1) !== s.storage.state) storageHistory.push(s.storage.state);
    });
    const rt = await openRuntime(ctx, control);
    try {
      await rt.engine.start();
      await vi.waitFor(() => expect(latest.warmup).toMatchObject({ ready: 34, total: 34, phase: 'live' }), { timeout: 30_000, interval: 100 });
      expect(readyHistory[0]).toBe('0/0');
      expect(readyHistory.at(-1)).toBe('34/34');
      await vi.waitFor(() => {
        expect(latest.pairs).toHaveLength(34);
        for (const p of latest.pairs) {
          expect(p.signal?.reason.length ?? 0).toBeGreaterThan(0);
          expect(p.lastPrice).toBeGreaterThan(0);
        }
      }, { timeout: 30_000, interval: 100 });
      await vi.waitFor(() => expect(latest.whales.length).toBeGreaterThan(0), { timeout: 30_000, interval: 100 });

      await proxy.down();
      await vi.waitFor(() => expect(latest.storage.state).toBe('down'), { timeout: 60_000, interval: 100 });
      expect(latest.alerts.some((a) => a.code === 'storage.down')).toBe(true);
      await proxy.up();
      await vi.waitFor(() => expect(latest.storage.state).toBe('up'), { timeout: 60_000, interval: 100 });
      expect(storageHistory).toEqual(['up', 'down', 'up']);

      const commands: Command[] = [
        { type: 'entries.pause' }, { type: 'entries.resume' }, { type: 'positions.flatten', confirm: 'FLATTEN' },
        { type: 'mode.set', mode: 'live', confirm: 'LIVE' }, { type: 'halt.leave', confirm: 'RESUME' }, { type: 'positions.flatten', confirm: 'nope' },
      ];
      for (const c of commands) {
        const r = await rt.engine.execute(c, { kind: 'cli', command: 'test' });
        expect(['accepted', 'refused']).toContain(r.status);
        if (r.status === 'refused') expect(r.reason).toMatch(/\w+ \w+ \w+/);
      }
      await vi.waitFor(() => expect(latest.log.some((l) => l.event === 'command.executed')).toBe(true), { timeout: 2_000, interval: 50 });
    } finally {
      await rt.engine.stop().catch(() => {});
      await rt.close();
      await proxy.down();
      await db.drop();
    }
  }, 240_000);
});
