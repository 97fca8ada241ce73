/**
 * Store decorator: no data call reaches a database whose schema is not built. When the
 * database is down at start, the first call that finds it back applies the migrations
 * first; until then every call fails with the store's retryable STORE.UNAVAILABLE, so
 * the batch writer keeps (and journals) its ticks instead of dead-lettering them as
 * "relation ticks does not exist".
 *
 * The same holds when the database comes back WITHOUT its schema (dropped and recreated,
 * restored from an empty dump): a call failing with STORE.SCHEMA_MISSING (undefined table)
 * is an outage, not bad data. The error passes through (retryable: the writer keeps and
 * journals the ticks), and the next call migrates again first; `onRebuilt` then restores
 * what the rest of the schema needs (the pairs the ticks refer to).
 */
import { NexwaveError } from '../core/errors.js';
import type { Logger } from '../ports/logger.js';
import type { MigrationReport, Store } from '../ports/store.js';

export interface SchemaGuardOptions {
  readonly logger?: Logger;
  /** After migrations rebuilt a schema that had vanished (not at the first build). */
  readonly onRebuilt?: (store: Store) => Promise<void>;
}

export function withSchema(store: Store, prepare: () => Promise<void> = async () => {}, opts: SchemaGuardOptions = {}): Store {
  let done: MigrationReport | null = null;
  let lost = false;
  let inflight: Promise<MigrationReport> | null = null;
  const build = async (): Promise<MigrationReport> => {
    await prepare();
    const r = await store.migrate();
    if (lost) {
      opts.logger?.warn('store.schema_rebuilt', { store: store.description, applied: r.applied.map((m) => m.name) });
      await opts.onRebuilt?.(store);
      lost = false;
    }
    return r;
  };
  const migrate = (): Promise<MigrationReport> => {
    if (done) return Promise.resolve({ ...done, applied: [] });
    inflight ??= build().then(
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
      try {
        return await fn(...args);
      } catch (err) {
        if (err instanceof NexwaveError && err.code === 'STORE.SCHEMA_MISSING' && done) {
          done = null;
          lost = true;
          opts.logger?.error('store.schema_missing', {
            store: store.description, error: err.message,
            action: 'treated as an outage: ticks are kept (journaled), the schema is rebuilt on the next attempt',
          });
        }
        throw err;
      }
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
  };
}
