/**
 * `nexwave flatten` through a running engine's control socket. Order management is not
 * part of this build, so the engine's kill switch here is a handler registered at the
 * engine's own command gateway that reports progress the way the spine carries it.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { serveControl } from '../../src/cli/control.js';
import { FLATTEN_EXIT, runFlatten } from '../../src/cli/flatten-command.js';
import type { EngineControl } from '../../src/engine/app/spine/engine-control.js';
import { accepted } from '../../src/engine/core/spine/command.js';
import type { FlattenProgress } from '../../src/engine/core/spine/engine-state.js';
import { recordingLogger, tempDataDir, testControl } from '../data/control-socket/harness.js';
import { testContext } from '../helpers/ctx.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A kill switch that finishes after a moment with `symbols`; `flat` when every one closed. */
function killSwitch(control: EngineControl, symbols: FlattenProgress['symbols']): void {
  control.gateway.handle('positions.flatten', async (_c, ctx) => {
    const startedAt = Date.now();
    const progress = (finishedAt: number | null): FlattenProgress => ({
      startedAt, finishedAt, by: ctx.by, ordersCancelled: 2, symbols, flat: finishedAt !== null && symbols.every((s) => s.status === 'closed'),
    });
    control.spine.emit({ type: 'flatten.progressed', at: startedAt, progress: progress(null) });
    setTimeout(() => control.spine.emit({ type: 'flatten.progressed', at: Date.now(), progress: progress(Date.now()) }), 50);
    return accepted('kill switch started');
  });
}

async function engineWith(symbols: FlattenProgress['symbols']) {
  const dir = tempDataDir();
  const control = testControl(recordingLogger());
  killSwitch(control, symbols);
  const served = await serveControl({ dataDir: dir }, control);
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }), () => served.close());
  return dir;
}

async function flatten(dir: string, confirm: string | undefined) {
  const { ctx, stdout, stderr } = testContext({ command: 'flatten', env: { NEXWAVE_DATA_DIR: dir }, args: { confirm } });
  const code = await runFlatten(ctx);
  return { code, out: stdout.text, err: stderr.text };
}

describe('nexwave flatten through the running engine', () => {
  it('waits for the kill switch, prints each symbol, exits 0 when flat', async () => {
    const dir = await engineWith([{ symbol: 'BTC', status: 'closed', detail: null }, { symbol: 'ETH', status: 'closed', detail: 'reduce-only market' }]);
    const r = await flatten(dir, 'FLATTEN');
    expect(r.code).toBe(FLATTEN_EXIT.flat);
    expect(r.out).toMatch(/kill switch started\ncancelled 2 open orders\nBTC\s+closed\nETH\s+closed: reduce-only market\nFLAT/);
  });

  it('a kill switch over both modes (live positions left open after a switch to paper) names the mode of each row', async () => {
    const dir = await engineWith([{ symbol: 'BTC', mode: 'live', status: 'closed', detail: null }, { symbol: 'SOL', mode: 'paper', status: 'closed', detail: null }]);
    const r = await flatten(dir, 'FLATTEN');
    expect(r.code).toBe(FLATTEN_EXIT.flat);
    expect(r.out).toMatch(/BTC LIVE\s+closed\nSOL paper\s+closed\nFLAT/);
  });

  it('exits 1 when a symbol could not be closed, naming it', async () => {
    const dir = await engineWith([{ symbol: 'BTC', status: 'closed', detail: null }, { symbol: 'SOL', status: 'failed', detail: 'venue rejected: insufficient margin' }]);
    const r = await flatten(dir, 'FLATTEN');
    expect(r.code).toBe(FLATTEN_EXIT.notFlat);
    expect(r.out).toMatch(/SOL\s+failed: venue rejected: insufficient margin\nNOT FLAT/);
    expect(r.out).toContain(`NOT FLAT: see the lines above and \`./bin/nexwave.js status --data-dir ${dir}\``);
  });

  it('a wrong word is refused by the engine and nothing runs', async () => {
    const dir = await engineWith([{ symbol: 'BTC', status: 'closed', detail: null }]);
    const r = await flatten(dir, 'flatten');
    expect(r.code).toBe(FLATTEN_EXIT.notFlat);
    expect(r.err).toMatch(/refused by the engine \(COMMAND\.CONFIRMATION\)/);
  });

  it('no engine: order management flattens the (empty) paper account itself', async () => {
    const dir = tempDataDir();
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const r = await flatten(dir, 'FLATTEN');
    expect(r.code).toBe(FLATTEN_EXIT.flat);
    expect(r.out).toMatch(/^paper account/m);
    expect(r.out).toMatch(/FLAT: 0 position/);
  }, 60_000);
});
