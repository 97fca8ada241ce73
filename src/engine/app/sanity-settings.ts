/**
 * The sanity bands as the engine uses them: configured in real seconds (config.ts,
 * `TICK_*`), applied in exchange time, so on the simulator at `--speed 60` the same real
 * delay is forgiven as on the venue at 1x. Defaults match the config defaults.
 */
import type { SanityBands } from '../core/tick-sanity.js';
import type { TimeBand } from './market-clock.js';

/** The `TICK_*` settings (config.ts), in real time. */
export interface SanityConfig {
  readonly maxAheadSec: number;
  readonly maxBehindSec: number;
  /** Venue only: the simulator runs its own clock at its own speed. */
  readonly maxClockSkewSec: number;
  readonly clockRebaseSec: number;
  readonly priceBandPct: number;
  readonly priceRebaseTicks: number;
  readonly maxNotionalUsd: number;
}

export const DEFAULT_SANITY: SanityConfig = {
  maxAheadSec: 60,
  maxBehindSec: 86_400,
  maxClockSkewSec: 300,
  clockRebaseSec: 10,
  priceBandPct: 25,
  priceRebaseTicks: 20,
  maxNotionalUsd: 100_000_000,
};

/** Bands in exchange-time ms for a market running at `marketSpeed`; `localClock` false on a simulator. */
export function sanityFor(s: { readonly marketSpeed: number; readonly sanity?: SanityConfig; readonly localClock?: boolean }): TimeBand {
  const c = s.sanity ?? DEFAULT_SANITY;
  const bands: SanityBands = {
    maxAheadMs: c.maxAheadSec * 1_000 * s.marketSpeed,
    maxBehindMs: c.maxBehindSec * 1_000 * s.marketSpeed,
    maxLocalSkewMs: s.localClock === true && s.marketSpeed === 1 ? c.maxClockSkewSec * 1_000 : null,
    priceBandPct: c.priceBandPct,
    priceRebaseTicks: c.priceRebaseTicks,
    maxNotionalUsd: c.maxNotionalUsd,
  };
  return { bands, rebaseAfterMs: c.clockRebaseSec * 1_000 };
}
