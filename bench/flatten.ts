/**
 * `npm run bench -- flatten [--json] [--quick]`: the kill switch from the command to flat
 * for 1, 10 and 34 open positions on the paper broker (the venue's 200 ms market-order
 * delay on the real clock, books deep enough to fill, the account in embedded PGlite so
 * every write is real). Target: 34 positions flat within 1 s (median). The live
 * Pacifica broker is not built, so the simulator's signed endpoints are not measured.
 */
import { join } from 'node:path';
import { createPaperBroker } from '../src/data/paper/paper-broker.js';
import type { PaperDoc } from '../src/data/paper/paper-doc.js';
import { createPgliteStore } from '../src/data/pglite/index.js';
import { createEngineControl } from '../src/engine/app/spine/engine-control.js';
import { assembleTradingDeps } from '../src/engine/app/trading/assemble.js';
import { createTrading } from '../src/engine/app/trading/trading-service.js';
import { initialEngineState } from '../src/engine/core/spine/initial-state.js';
import { DEFAULT_RISK_LIMITS } from '../src/engine/core/trading/risk.js';
import { systemClock } from '../src/engine/ports/clock.js';
import { silentLogger } from '../src/engine/ports/logger.js';
import { parseBenchArgs } from './lib/bench-args.js';
import { freshDir } from './lib/databases.js';
import { round, spread } from './lib/stats.js';
import { formatTable } from './lib/table.js';

const SYMBOLS = ['BTC', 'ETH', 'SOL', 'HYPE', 'ZEC', 'BNB', 'XRP', 'PUMP', 'AAVE', 'ENA', 'ASTER', 'kBONK', 'kPEPE', 'LTC', 'PAXG', 'VIRTUAL', 'SUI',
  'FARTCOIN', 'TAO', 'DOGE', 'XPL', 'AVAX', 'LINK', 'UNI', 'TRUMP', 'ICP', 'NEAR', 'STRK', 'WLFI', 'PENGU', '2Z', 'MON', 'LDO', 'CRV'];
const TARGET_MS = 1_000;
const book = (symbol: string) => ({ symbol, time: 0, bids: [{ price: 99.9, amount: 1e6, orders: 1 }], asks: [{ price: 100.1, amount: 1e6, orders: 1 }] });

interface Row { readonly positions: number; readonly runs: number; readonly medianMs: number; readonly maxMs: number; readonly flat: boolean }

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseBenchArgs('flatten', argv);
  const sizes = [1, 10, 34];
  const runs = args.quick ? 1 : 5;
  const dir = freshDir('flatten');
  const store = await createPgliteStore({ dataDir: join(dir.value, 'pglite') });
  const rows: Row[] = [];
  try {
    await store.migrate();
    for (const n of sizes) rows.push(await measure(store, n, runs));
  } finally {
    await store.close();
    await dir.dispose();
  }
  const at34 = rows.find((r) => r.positions === 34)!;
  const pass = at34.flat && at34.medianMs <= TARGET_MS && rows.every((r) => r.flat);
  const doc = { bench: 'flatten', quick: args.quick, broker: 'paper (200 ms market delay, PGlite account)', rows, target: { positions: 34, withinMs: TARGET_MS, medianMs: at34.medianMs, pass },
    notes: ['the live Pacifica broker is not built: no run against the simulator\'s signed endpoints'] };
  if (args.json) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  else {
    process.stdout.write(`${formatTable(['positions', 'runs', 'median ms', 'max ms', 'flat'], rows.map((r) => [r.positions, r.runs, r.medianMs, r.maxMs, r.flat ? 'yes' : 'NO']))}\n`);
    process.stdout.write(`34 positions flat within ${TARGET_MS} ms (median ${at34.medianMs} ms): ${pass ? 'PASS' : 'FAIL'}\n${doc.notes.join('\n')}\n`);
  }
  return pass ? 0 : 1;
}

async function measure(store: Awaited<ReturnType<typeof createPgliteStore>>, n: number, runs: number): Promise<Row> {
  const times: number[] = [];
  let flat = true;
  for (let r = 0; r < runs; r++) {
    const control = createEngineControl({
      initial: initialEngineState({ venue: 'simulator', mode: 'paper', startedAt: systemClock.now(), version: 'bench', pid: process.pid, timeframe: '15m', storage: { backend: 'pglite', description: 'bench' } }),
      clock: systemClock, logger: silentLogger,
    });
    const t = store.trading!;
    await t.savePaperState({ version: 1, balance: 1e6, seq: 0, positions: [], orders: [] });
    const broker = createPaperBroker({ clock: systemClock, book, mark: () => 100, fees: { takerFee: 0.0004, slippageBps: 5 }, startingBalance: 1e6,
      persist: { load: () => t.loadPaperState(), save: (d: PaperDoc) => t.savePaperState(d) } });
    await broker.load();
    const deps = assembleTradingDeps({ control, clock: systemClock, broker, store: t, strategyId: 'bench', mark: () => 100, limits: { ...DEFAULT_RISK_LIMITS, maxConcurrentPositions: 100, cooldownMs: 0, directionCapPct: 100, maxLeverage: 100 } });
    const trading = createTrading(deps, { liveUnavailable: () => 'bench' });
    await deps.setTradingState('ACTIVE', 'bench', 'bench');
    await trading.start();
    await Promise.all(SYMBOLS.slice(0, n).map((s, i) => trading.orders.submit({ symbol: s, side: i % 2 ? 'sell' : 'buy', type: 'market', amount: 1, price: null, reduceOnly: false, purpose: 'entry', reason: 'bench' })));
    const t0 = performance.now();
    const p = await trading.flatten('bench');
    times.push(performance.now() - t0);
    flat &&= p.flat && p.symbols.length === n;
    await trading.stop();
    control.close();
  }
  const s = spread(times);
  return { positions: n, runs, medianMs: round(s.median, 1), maxMs: round(s.max, 1), flat };
}
