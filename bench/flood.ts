/**
 * `npm run bench -- flood [--json] [--quick] [--seconds n]`: a flood of trades for symbols
 * nobody subscribed to (77,650 distinct ones in 20 s, as observed against the old code, which
 * grew to 1.7 GB) through the real Pacifica client from the simulator, while BTC/ETH/SOL keep
 * trading. Prints what was dropped, the valid trades received meanwhile, and the JS heap
 * (after a full GC) before and after. FAIL when the heap grows by more than 32 MB or a
 * valid trade of the ledger is missing.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createPacificaFeed } from '../src/data/pacifica/feed.js';
import { startSimulator } from '../src/data/simulator/index.js';
import { silentLogger } from '../src/engine/ports/logger.js';
import { parseBenchArgs, pollUntil, sleep } from './lib/bench-args.js';
import { exitCodeFor, formatTargets, target } from './lib/targets.js';
import { runIfScript } from './lib/entry.js';

const SYMBOLS = ['BTC', 'ETH', 'SOL'];
const HEAP_LIMIT_MB = 32;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = (): number => {
  gc();
  return Math.round(process.memoryUsage().heapUsed / 1e5) / 10;
};

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseBenchArgs('flood', argv);
  const seconds = args.seconds ?? (args.quick ? 2 : 20);
  const distinct = args.quick ? 5_000 : 77_650;
  const sim = await startSimulator({ port: 0, seed: 5, speed: 60, pairs: SYMBOLS });
  const feed = createPacificaFeed({ url: sim.wsUrl, venue: 'simulator', logger: silentLogger });
  const seen = new Set<string>();
  feed.onEvent((e) => {
    if (e.type === 'trades.received') for (const t of e.trades) seen.add(`${t.symbol}|${t.tradeId}`);
  });
  try {
    await feed.start(SYMBOLS);
    await pollUntil(() => seen.size > 0, 10_000);
    const before = heapMb();
    const fromLedger = sim.ledger.count();
    const perStep = Math.ceil(distinct / (seconds * 10));
    for (let sent = 0; sent < distinct; sent += perStep) {
      const n = Math.min(perStep, distinct - sent);
      const data = Array.from({ length: n }, (_, i) => ({ h: sent + i + 1, s: `JUNK${sent + i}`, a: '1', p: '1', d: 'open_long', tc: 'normal', t: sim.clock.now(), li: 1, it: 0 }));
      sim.control.inject([JSON.stringify({ channel: 'trades', data })]);
      await sleep(100);
    }
    const connections = Math.max(1, feed.status().length);
    await pollUntil(() => (feed.counters().unsubscribed ?? 0) >= distinct * connections, 10_000);
    for (const s of SYMBOLS) sim.control.pause(s);
    const ledger = sim.ledger.all().slice(fromLedger);
    await pollUntil(() => ledger.every((t) => seen.has(`${t.symbol}|${t.h}`)), 10_000);
    const missing = ledger.filter((t) => !seen.has(`${t.symbol}|${t.h}`)).length;
    const after = heapMb();
    const doc = {
      distinctUnknown: distinct, seconds, dropped: feed.counters().unsubscribed ?? 0, validDuringFlood: ledger.length, missing,
      heapBeforeMb: before, heapAfterMb: after, heapGrowthMb: Math.round((after - before) * 10) / 10, rssMb: Math.round(process.memoryUsage().rss / 1e6),
      targets: [
        target(`heap growth <= ${HEAP_LIMIT_MB} MB after ${distinct} unknown symbols`, `${Math.round((after - before) * 10) / 10} MB`, after - before <= HEAP_LIMIT_MB),
        target('every valid trade received during the flood', `${ledger.length - missing}/${ledger.length}`, missing === 0),
      ],
    };
    if (args.json) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    else process.stdout.write(`flood: ${distinct} unknown symbols over ${seconds}s, dropped ${doc.dropped}, valid ${ledger.length} (missing ${missing}), heap ${before} -> ${after} MB, rss ${doc.rssMb} MB\n${formatTargets(doc.targets)}\n`);
    return exitCodeFor(doc.targets);
  } finally {
    await feed.stop();
    await sim.stop();
  }
}

runIfScript(import.meta.url, 'flood', main);
