/**
 * Domain types shared by every layer. Plain immutable data: no classes, no I/O.
 * Times are epoch milliseconds (UTC). Prices and amounts are JS numbers (the venue
 * sends decimal strings; adapters parse them once at the edge).
 */

/** Taker (aggressor) side of a trade. */
export type Side = 'buy' | 'sell';
/** Book side; `bid` = buy wall / long, `ask` = sell wall / short (venue convention). */
export type BookSide = 'bid' | 'ask';
export type Category = 'major' | 'mid-cap' | 'emerging' | 'small-cap';
/** Where a tick came from. Simulated data never shares a database with venue data. */
export type Venue = 'pacifica' | 'simulator';
export type TradeCause = 'normal' | 'market_liquidation' | 'backstop_liquidation' | 'settlement';
/** Venue trade direction (`d` in the trades channel, `side` in REST /trades). */
export type VenueTradeSide = 'open_long' | 'open_short' | 'close_long' | 'close_short';

export const TIMEFRAMES = ['1m', '5m', '15m', '1h', '4h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];
export const TIMEFRAME_MS: Readonly<Record<Timeframe, number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

/**
 * One trade, as stored in `ticks`. `tradeId` is the venue's history id (`h`);
 * ticks recovered by gap repair from REST (which has no id) carry a stable
 * negative synthetic id, so a second repair cannot store them twice.
 */
export interface Tick {
  readonly time: number;
  readonly symbol: string;
  readonly tradeId: number;
  readonly price: number;
  /** Amount in tokens (never the 24 h USD volume: see pacifica-api.md §4.6). */
  readonly volume: number;
  readonly side: Side;
  readonly venue: Venue;
  readonly cause?: TradeCause;
  /** Local receive time (ms), for lag metrics; not stored. */
  readonly receivedAt?: number;
}

export interface BookLevel {
  readonly price: number;
  readonly amount: number;
  readonly orders: number;
}

/** Full book snapshot (the venue pushes one every 250 ms). Best level first on each side. */
export interface BookSnapshot {
  readonly symbol: string;
  readonly time: number;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  readonly receivedAt?: number;
}

/** One element of the `prices` channel / `GET /info/prices`. */
export interface PriceUpdate {
  readonly symbol: string;
  readonly time: number;
  readonly mark: number;
  readonly mid: number;
  readonly oracle: number;
  readonly funding: number;
  readonly nextFunding: number;
  readonly openInterest: number;
  /** Rolling 24 h USD volume. Display only, never candle volume. */
  readonly volume24h: number;
}

/** Trading pair metadata (`pairs` table). Sizes from the venue's `/info`. */
export interface Pair {
  readonly symbol: string;
  readonly category: Category;
  readonly maxLeverage: number;
  /** Minimum order size (venue `/info` gives it as USD notional). */
  readonly minOrderSize: number;
  readonly tickSize: number;
  readonly lotSize: number;
  readonly whaleThresholdUsd: number;
  readonly isActive: boolean;
  readonly displayName: string;
}

export type CandleSource = 'live' | 'backfill' | 'stored';

/** OHLCV candle; `time` is the bucket start (aligned like `time_bucket`, UTC). */
export interface Candle {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** Σ(price·amount)/Σ(amount); equals close when volume is 0. */
  readonly vwap: number;
  readonly trades: number;
  readonly buyVolume: number;
  readonly sellVolume: number;
  readonly source: CandleSource;
}

export type WhaleType = 'single' | 'ladder';

/** A detected whale wall (`whale_activities`). One record per persisting wall. */
export interface WhaleActivity {
  /** Stable identity of the wall while it persists (symbol, side, type, price band). */
  readonly key: string;
  readonly symbol: string;
  readonly detectedAt: number;
  readonly lastSeenAt: number;
  readonly whaleType: WhaleType;
  readonly direction: BookSide;
  readonly priceLow: number;
  readonly priceHigh: number;
  /** Tokens. */
  readonly totalVolume: number;
  readonly totalValueUsd: number;
  readonly orderCount: number;
  /** 0.60 .. 0.95. */
  readonly confidence: number;
  /** Mid price at detection, used for market_impact_bps 15 min later. */
  readonly midAtDetection: number;
  readonly marketImpactBps: number | null;
}

/** A hole in stored history that could not be repaired (`gaps`). */
export interface Gap {
  readonly symbol: string;
  readonly from: number;
  readonly to: number;
  readonly reason: string;
}

export type SignalDecision = 'long' | 'short' | 'exit' | 'hold';

/** One strategy evaluation (`signals`): every scan writes one per pair. */
export interface SignalRecord {
  readonly time: number;
  readonly symbol: string;
  readonly strategyId: string;
  readonly decision: SignalDecision;
  /** Why it does (or does not) trade, e.g. "volume ratio 0.40 < 1.00". */
  readonly reason: string;
  readonly price: number | null;
  readonly vwap: number | null;
  readonly momentum: number | null;
  readonly volumeRatio: number | null;
  readonly strength: number | null;
  readonly size: number | null;
  readonly stopLoss: number | null;
  readonly takeProfit: number | null;
}
