/** The chart's series per timeframe, from what the state carries (pure). */
import type { ChartTimeframe } from './ui-state.js';

/** Minutes of a timeframe label ("15m" -> 15, "1h" -> 60, "1d" -> 1440); null when unknown. */
export function timeframeMinutes(tf: string): number | null {
  const m = /^(\d+)([mhd])$/.exec(tf);
  if (!m) return null;
  return Number(m[1]) * (m[2] === 'm' ? 1 : m[2] === 'h' ? 60 : 1_440);
}

function label(minutes: number): string {
  if (minutes % 1_440 === 0) return `${minutes / 1_440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/** Every `n` consecutive closes merged into one (the close of the last), aligned on the newest. */
export function mergeCloses(closes: readonly number[], n: number): number[] {
  const out: number[] = [];
  for (let end = closes.length; end > 0; end -= n) out.unshift(closes[end - 1] as number);
  return out;
}

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly number[];
}

/** The strategy timeframe's closes, four of them merged, or the prices this console sampled. */
export function chartSeries(tf: ChartTimeframe, strategyTf: string, closes: readonly number[], live: readonly number[]): ChartSeries {
  if (tf === 'live') return { label: 'live (prices seen by this console)', values: live };
  if (tf === 'strategy') return { label: `${strategyTf} closes`, values: closes };
  const m = timeframeMinutes(strategyTf);
  return { label: `${m === null ? `4x${strategyTf}` : label(m * 4)} closes`, values: mergeCloses(closes, 4) };
}
