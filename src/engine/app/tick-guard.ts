/**
 * The edge of the engine's feed routing: every trade, book and price passes here before the
 * writer, the candles, the whale detector and the strategy see it.
 *
 * - A trade for a symbol the engine did not subscribe to is dropped and counted (memory stays
 *   bounded: no state is kept per unknown symbol).
 * - A trade outside the sanity bands (core/tick-sanity.ts) is quarantined: counted by reason,
 *   logged once per reason with a sample, and written to the quarantine file (the audit trail),
 *   but never stored in `ticks` (whose SQL candles, restart point and gap repair would take it
 *   in) nor seen by candles, VWAP, whales or the strategy.
 * - A book or price whose exchange time is out of band is counted and ignored; a mark price
 *   out of band is counted and not used as a reference or by the strategy.
 */
import { EMPTY_PRICE_REF, screenBook, screenPrice, screenTick, type PriceRef, type QuarantineReason, type SanityBands } from '../core/tick-sanity.js';
import type { BookSnapshot, Pair, Tick } from '../core/types.js';
import type { Clock } from '../ports/clock.js';
import type { DeadLetterSink } from '../ports/journal.js';
import type { Logger } from '../ports/logger.js';
import type { EngineSettings } from './engine-types.js';
import { createMarketClock, type MarketClock } from './market-clock.js';
import { createQuarantineWriter } from './quarantine-writer.js';
import { sanityFor } from './sanity-settings.js';

export interface TickGuardDeps {
  readonly bands: SanityBands;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly market: MarketClock;
  /** Accepted mark prices (the guard writes them). */
  readonly marks: Map<string, number>;
  /** The pair, when the engine collects it (active); undefined otherwise. */
  readonly pair: (symbol: string) => Pair | undefined;
  /** Where quarantined ticks are kept; without one they are only counted and logged. */
  readonly sink?: DeadLetterSink;
  /**
   * How far behind the venue clock a gap-repair tick (from REST) may be: after a long downtime
   * an illiquid pair's recent trades can be days old; anything older than retention would be
   * pruned anyway. Default: the live band.
   */
  readonly repairMaxBehindMs?: number;
}

export type GuardCountKey = QuarantineReason | 'mark' | 'book-time' | 'book-level' | 'prices-time';

export interface TickGuardCounts {
  /** Trades for symbols the engine does not collect, dropped at the edge. */
  readonly unknownSymbol: number;
  /** Ticks quarantined, plus books/marks ignored, by reason. */
  readonly quarantined: Readonly<Partial<Record<GuardCountKey, number>>>;
  /** Quarantined ticks not written to the audit file (its queue was full or the file failed). */
  readonly unrecorded: number;
}

export interface TickGuard {
  /** The clean ticks; `live` ticks also move the market clock. */
  screen(ticks: readonly Tick[], live: boolean): Tick[];
  /**
   * The book without its out-of-band levels, when it is for a collected pair and its exchange
   * time is in band (the market clock then moved); null otherwise.
   */
  screenBook(book: BookSnapshot): BookSnapshot | null;
  /** Record a mark price when its time and price are in band; false when ignored. */
  admitMark(symbol: string, mark: number, time: number): boolean;
  counts(): TickGuardCounts;
  /** Resolves once the quarantined ticks handed over so far are in the audit file (or counted unrecorded). */
  flush(): Promise<void>;
}

const sampleOf = (t: Tick): Record<string, unknown> => ({ symbol: t.symbol, tradeId: t.tradeId, time: t.time, price: t.price, amount: t.volume, side: t.side });

export function createTickGuard(d: TickGuardDeps): TickGuard {
  const refs = new Map<string, PriceRef>();
  const markRefs = new Map<string, PriceRef>();
  const quarantined: Partial<Record<GuardCountKey, number>> = {};
  let unknownSymbol = 0;
  const audit = createQuarantineWriter(d.sink, d.logger);
  const repairBands = { ...d.bands, maxBehindMs: Math.max(d.bands.maxBehindMs, d.repairMaxBehindMs ?? 0) };

  const count = (key: GuardCountKey, sample: Record<string, unknown>): void => {
    const before = quarantined[key] ?? 0;
    quarantined[key] = before + 1;
    if (before === 0) d.logger.warn('guard.quarantined', { reason: key, sample, note: 'first of its kind; counted in state and status as feed.quarantined' });
  };
  const reasonOf = (t: Tick, pair: Pair, live: boolean): QuarantineReason | null => {
    const ctx = { clocks: { venue: d.market.synced() ? d.market.now() : null, local: d.clock.now() }, mark: d.marks.get(t.symbol) ?? null, lotSize: pair.lotSize };
    const r = screenTick(refs.get(t.symbol) ?? EMPTY_PRICE_REF, t, ctx, live ? d.bands : repairBands);
    refs.set(t.symbol, r.state);
    if (r.reason !== null || !live) return r.reason;
    // In band: the market clock takes it (false only on a clock re-base race, never for a clean tick).
    d.market.observe(t.time);
    return null;
  };

  return {
    screen(ticks, live) {
      const clean: Tick[] = [];
      const bad = new Map<QuarantineReason, Tick[]>();
      for (const t of ticks) {
        const pair = d.pair(t.symbol);
        if (!pair) {
          if (unknownSymbol++ === 0) d.logger.warn('guard.unknown_symbol', { sample: t.symbol.slice(0, 40), note: 'first one; counted in state and status as feed.unknownSymbolTrades' });
          continue;
        }
        const reason = reasonOf(t, pair, live);
        if (reason === null) clean.push(t);
        else {
          count(reason, sampleOf(t));
          const list = bad.get(reason);
          if (list) list.push(t);
          else bad.set(reason, [t]);
        }
      }
      for (const [reason, list] of bad) audit.keep(list, `quarantined: ${reason}`);
      return clean;
    },
    screenBook(book) {
      if (!d.pair(book.symbol)) return null;
      if (!d.market.observe(book.time)) {
        count('book-time', { symbol: book.symbol, time: book.time });
        return null;
      }
      const r = screenBook(book, d.marks.get(book.symbol) ?? refs.get(book.symbol)?.last ?? null, d.bands);
      if (r.dropped > 0) count('book-level', { symbol: book.symbol, time: book.time, dropped: r.dropped });
      return r.book;
    },
    admitMark(symbol, mark, time) {
      if (!d.pair(symbol)) return false;
      if (!d.market.observe(time)) {
        count('prices-time', { symbol, time, mark });
        return false;
      }
      const r = screenPrice(markRefs.get(symbol) ?? EMPTY_PRICE_REF, mark, refs.get(symbol)?.last ?? null, d.bands);
      markRefs.set(symbol, r.state);
      if (!r.ok) {
        count('mark', { symbol, time, mark });
        return false;
      }
      d.marks.set(symbol, mark);
      return true;
    },
    counts: () => ({ unknownSymbol, quarantined: { ...quarantined }, unrecorded: audit.unrecorded() }),
    flush: () => audit.idle(),
  };
}

/**
 * The market clock and the guard in front of it, as the engine builds them from its settings
 * (bands scaled by the market speed, the local clock only on the venue, repaired ticks as old
 * as retention).
 */
export function createMarketGuard(o: {
  readonly settings: EngineSettings;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly marks: Map<string, number>;
  readonly pair: (symbol: string) => Pair | undefined;
  readonly sink: DeadLetterSink | undefined;
}): { market: MarketClock; guard: TickGuard } {
  const sanity = sanityFor(o.settings);
  const market = createMarketClock(o.clock, o.settings.marketSpeed, sanity);
  const pair = (s: string): Pair | undefined => {
    const p = o.pair(s);
    return p?.isActive ? p : undefined;
  };
  const guard = createTickGuard({ bands: sanity.bands, repairMaxBehindMs: o.settings.tickRetentionMs, logger: o.logger, clock: o.clock, market, marks: o.marks, pair, ...(o.sink ? { sink: o.sink } : {}) });
  return { market, guard };
}
