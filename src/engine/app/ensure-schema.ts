/**
 * Store decorator: no data call reaches a database whose schema is not built. When the
 * database is down at start, the first call that finds it back applies the migrations
 * first; until then every call fails with the store's retryable STORE.UNAVAILABLE, so
 * the batch writer keeps (and journals) its ticks instead of dead-lettering them as
 * "relation ticks does not exist".
 */
import type { TradingStore } from '../ports/trading-store.js';
import type { MigrationReport, Store } from '../ports/store.js';

export function withSchema(store: Store, prepare: () => Promise<void> = async () => {}): Store {
  let done: MigrationReport | null = null;
  let inflight: Promise<MigrationReport> | null = null;
  const migrate = (): Promise<MigrationReport> => {
    if (done) return Promise.resolve({ ...done, applied: [] });
    inflight ??= prepare().then(() => store.migrate()).then(
      (r) => ((done = r), (inflight = null), r),
      (err: unknown) => {
        inflight = null;
        throw err;
      },
    );
    return inflight;
  };
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (!done) await migrate();
      return fn(...args);
    };
  return {
    kind: store.kind,
    description: store.description,
    migrate,
    usesTimescale: guard(() => store.usesTimescale()),
    ping: () => store.ping(),
    close: () => store.close(),
    insertTicks: guard((t) => store.insertTicks(t)),
    findTicks: guard((s, f, t) => store.findTicks(s, f, t)),
    lastTicks: guard(() => store.lastTicks()),
    countTicks: guard((s) => store.countTicks(s)),
    pruneTicks: guard((b, n) => store.pruneTicks(b, n)),
    setTickAges: guard((a) => store.setTickAges(a)),
    loadPairs: guard(() => store.loadPairs()),
    upsertPairs: guard((p) => store.upsertPairs(p)),
    loadCandles: guard((q) => store.loadCandles(q)),
    upsertCandles: guard((c) => store.upsertCandles(c)),
    insertGap: guard((g) => store.insertGap(g)),
    loadGaps: guard((s) => store.loadGaps(s)),
    insertSignals: guard((s) => store.insertSignals(s)),
    loadSignals: guard((q) => store.loadSignals(q)),
    upsertWhale: guard((w) => store.upsertWhale(w)),
    setWhaleImpact: guard((id, bps) => store.setWhaleImpact(id, bps)),
    whalesAwaitingImpact: guard((b) => store.whalesAwaitingImpact(b)),
    recentWhales: guard((n) => store.recentWhales(n)),
    ...(store.trading ? { trading: guardTrading(store.trading, guard) } : {}),
  };
}

type Guard = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => (...args: A) => Promise<R>;

function guardTrading(t: TradingStore, guard: Guard): TradingStore {
  return {
    saveOrder: guard((o) => t.saveOrder(o)),
    saveFill: guard((o, p, c) => t.saveFill(o, p, c)),
    loadOpenOrders: guard((m) => t.loadOpenOrders(m)),
    savePosition: guard((p) => t.savePosition(p)),
    deletePosition: guard((m, s, y) => t.deletePosition(m, s, y)),
    loadPositions: guard((m) => t.loadPositions(m)),
    saveTradingState: guard((s, m) => t.saveTradingState(s, m)),
    loadTradingState: guard(() => t.loadTradingState()),
    savePaperState: guard((d) => t.savePaperState(d)),
    loadPaperState: guard(() => t.loadPaperState()),
  };
}
