/**
 * `npm run bench -- flatten [--json] [--quick]`: the kill switch from the command to flat
 * for 1, 10 and 34 open positions on the paper broker (the venue's 200 ms market-order
 * delay on the real clock, books deep enough to fill, the account in embedded PGlite so
 * every write is real), and the same against the simulator's signed endpoints with the
 * live Pacifica broker (every request signed and verified). Target: 34 positions flat
 * within 1 s (median) against the simulator.
 */
import { join } from 'node:path';
import { createPaperBroker } from '../src/data/paper/paper-broker.js';
import type { PaperDoc } from '../src/data/paper/paper-doc.js';
import { createPgliteStore } from '../src/data/pglite/index.js';
import { createLiveBroker } from '../src/data/pacifica/live-broker.js';
import { keypairFromSeed } from '../src/data/pacifica/signing.js';
import { startSimulator, type Simulator } from '../src/data/simulator/index.js';
import type { Exchange } from '../src/engine/ports/exchange.js';
import type { TradingStore } from '../src/engine/ports/trading-store.js';
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
import { exitCodeFor, formatTargets, target } from './lib/targets.js';
import { runIfScript } from './lib/entry.js';

const SYMBOLS = ['BTC', 'ETH', 'SOL', 'HYPE', 'ZEC', 'BNB', 'XRP', 'PUMP', 'AAVE', 'ENA', 'ASTER', 'kBONK', 'kPEPE', 'LTC', 'PAXG', 'VIRTUAL', 'SUI',
  'FARTCOIN', 'TAO', 'DOGE', 'XPL', 'AVAX', 'LINK', 'UNI', 'TRUMP', 'ICP', 'NEAR', 'STRK', 'WLFI', 'PENGU', '2Z', 'MON', 'LDO', 'CRV'];
const TARGET_MS = 1_000;
const book = (symbol: string) => ({ symbol, time: 0, bids: [{ price: 99.9, amount: 1e6, orders: 1 }], asks: [{ price: 100.1, amount: 1e6, orders: 1 }] });

interface Row { readonly broker: 'paper' | 'simulator'; readonly positions: number; readonly runs: number; readonly medianMs: number; readonly maxMs: number; readonly flat: boolean }

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseBenchArgs('flatten', argv);
  const sizes = [1, 10, 34];
  const runs = args.quick ? 1 : 5;
  const dir = freshDir('flatten');
  const store = await createPgliteStore({ dataDir: join(dir.value, 'pglite') });
  const rows: Row[] = [];
  const sim = await startSimulator({ port: 0, seed: 9, accountBalance: 1e9 });
  try {
    await store.migrate();
    for (const n of sizes) rows.push(await measure('paper', store.trading!, n, runs, async () => paperBroker(store.trading!)));
    const marks = await simMarks(sim);
    let seed = 50;
    for (const n of sizes) rows.push(await measure('simulator', store.trading!, n, runs, async () => liveBroker(sim, ++seed), (s) => 200 / marks.get(s)!));
  } finally {
    await sim.stop();
    await store.close();
    await dir.dispose();
  }
  const at34 = rows.find((r) => r.broker === 'simulator' && r.positions === 34)!;
  const targets = [
    target(`34 positions flat within ${TARGET_MS} ms against the simulator (median)`, `${at34.medianMs} ms`, at34.flat && at34.medianMs <= TARGET_MS),
    target('every run ends flat', rows.every((r) => r.flat) ? 'all flat' : 'NOT flat', rows.every((r) => r.flat)),
  ];
  const doc = { bench: 'flatten', quick: args.quick, brokers: { paper: '200 ms market delay, PGlite account', simulator: 'live Pacifica broker, signed REST on loopback' }, rows, targets };
  if (args.json) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  else {
    process.stdout.write(`${formatTable(['broker', 'positions', 'runs', 'median ms', 'max ms', 'flat'], rows.map((r) => [r.broker, r.positions, r.runs, r.medianMs, r.maxMs, r.flat ? 'yes' : 'NO']))}\n`);
    process.stdout.write(`${formatTargets(targets)}\n`);
  }
  return exitCodeFor(targets);
}

async function paperBroker(t: TradingStore): Promise<Exchange> {
  await t.savePaperState({ version: 1, balance: 1e6, seq: 0, positions: [], orders: [] });
  const broker = createPaperBroker({ clock: systemClock, book, mark: () => 100, fees: { takerFee: 0.0004, makerFee: 0.00015, slippageBps: 5 }, startingBalance: 1e6,
    persist: { load: () => t.loadPaperState(), save: (d: PaperDoc) => t.savePaperState(d) } });
  await broker.load();
  return broker;
}

/** A fresh simulator account per run (its own key), signing every request. */
async function liveBroker(sim: Simulator, seed: number): Promise<Exchange> {
  const key = keypairFromSeed(new Uint8Array(32).fill(seed % 256));
  const broker = createLiveBroker({ baseUrl: sim.apiUrl, clock: systemClock, credentials: { account: key.publicKey, secret: key.secretB58 }, credits: { capacity: 100_000, windowMs: 60_000 } });
  await broker.loadMarkets();
  return broker;
}

async function simMarks(sim: Simulator): Promise<Map<string, number>> {
  const body = (await (await fetch(`${sim.apiUrl}/info/prices`)).json()) as { data: { symbol: string; mark: string }[] };
  return new Map(body.data.map((p) => [p.symbol, Number(p.mark)]));
}

async function measure(kind: Row['broker'], t: TradingStore, n: number, runs: number, make: () => Promise<Exchange>, amount: (s: string) => number = () => 1): Promise<Row> {
  const times: number[] = [];
  let flat = true;
  for (let r = 0; r < runs; r++) {
    const control = createEngineControl({
      initial: initialEngineState({ venue: 'simulator', mode: 'paper', startedAt: systemClock.now(), version: 'bench', pid: process.pid, timeframe: '15m', storage: { backend: 'pglite', description: 'bench' } }),
      clock: systemClock, logger: silentLogger,
    });
    const broker = await make();
    const deps = assembleTradingDeps({ control, clock: systemClock, broker, store: t, strategyId: 'bench', mark: () => 100, limits: { ...DEFAULT_RISK_LIMITS, maxConcurrentPositions: 100, cooldownMs: 0, directionCapPct: 100, maxLeverage: 100, maxPositionPct: 100 } });
    const trading = createTrading(deps, { liveUnavailable: () => 'bench' });
    await deps.setTradingState('ACTIVE', 'bench', 'bench');
    await trading.start();
    await Promise.all(SYMBOLS.slice(0, n).map((s, i) => broker.placeOrder({ clientOrderId: crypto.randomUUID(), symbol: s, side: i % 2 ? 'sell' : 'buy', type: 'market', amount: amount(s), price: null, reduceOnly: false })));
    const t0 = performance.now();
    const p = await trading.flatten('bench');
    times.push(performance.now() - t0);
    flat &&= p.flat && p.symbols.length === n;
    await trading.stop();
    control.close();
  }
  const s = spread(times);
  return { broker: kind, positions: n, runs, medianMs: round(s.median, 1), maxMs: round(s.max, 1), flat };
}

runIfScript(import.meta.url, 'flatten', main);
