/**
 * One state-bench run: a simulator on loopback at `rate` trades/s, the real runtime
 * (Pacifica client, writer, store, engine) in this process, and a subscriber that sizes
 * what a control socket would send (the deep diff between consecutive snapshots).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntimeControl, openRuntime, resolveVenue } from '../../src/cli/compose-runtime.js';
import type { CommandContext } from '../../src/cli/context.js';
import { parseConfig } from '../../src/engine/app/config.js';
import type { EngineState } from '../../src/engine/core/spine/engine-state.js';
import { diffState } from '../../src/engine/core/spine/state-diff.js';
import { silentLogger } from '../../src/engine/ports/logger.js';
import { startSimulator } from '../../src/data/simulator/index.js';

export interface StateRunResult {
  readonly rate: number;
  readonly seconds: number;
  readonly ticksPerSec: number;
  /** State machinery time / wall time, in % of one core. */
  readonly costPct: number;
  readonly notificationsPerSec: number;
  /** UTF-8 bytes of the JSON diffs (what the control socket sends) per second. */
  readonly changedBytesPerSec: number;
  readonly snapshotBytes: number;
  readonly pairs: number;
}

/** JSON bytes of the deep diff a control socket would send for this change. */
function changedBytes(prev: EngineState, next: EngineState): number {
  return Buffer.byteLength(JSON.stringify(diffState(prev, next)));
}

export async function runStateCase(rate: number, seconds: number, databaseUrl: string | undefined): Promise<StateRunResult> {
  const sim = await startSimulator({ port: 0, seed: 11, speed: 1, tradesPerSecond: rate });
  const dataDir = mkdtempSync(join(tmpdir(), 'nxbench-state-'));
  const parsed = parseConfig({ NEXWAVE_DATA_DIR: dataDir, PACIFICA_WS_URL: sim.wsUrl, PACIFICA_API_URL: sim.apiUrl, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const ctx: CommandContext = {
    command: 'headless', config: parsed.config, dataDir, logger: silentLogger, stdout: process.stdout, stderr: process.stderr, signal: new AbortController().signal,
    args: { sim: false, backfill: true, duration: undefined, speed: 1, seed: 1, port: 0, pairs: undefined, symbols: undefined, from: undefined, to: undefined, out: undefined, envFile: undefined, json: false, readOnly: false, confirm: undefined },
  };
  const control = createRuntimeControl(ctx, await resolveVenue(ctx));
  const rt = await openRuntime(ctx, control);
  try {
    await rt.engine.start();
    await new Promise((r) => setTimeout(r, 2_000));
    let prev = rt.engine.getState();
    let bytes = 0;
    let notes = 0;
    const off = rt.engine.subscribe((s) => {
      bytes += changedBytes(prev, s);
      notes++;
      prev = s;
    });
    const cost0 = control.spine.costMs();
    const received0 = rt.writer.metrics().received;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1_000));
    const wall = performance.now() - t0;
    const cost = control.spine.costMs() - cost0;
    off();
    const state = rt.engine.getState();
    return {
      rate, seconds, ticksPerSec: ((rt.writer.metrics().received - received0) * 1_000) / wall, costPct: (cost / wall) * 100,
      notificationsPerSec: (notes * 1_000) / wall, changedBytesPerSec: (bytes * 1_000) / wall, snapshotBytes: Buffer.byteLength(JSON.stringify(state)), pairs: state.pairs.length,
    };
  } finally {
    await rt.engine.stop().catch(() => {});
    await rt.close();
    await sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
