/** Pure text helpers for the console: numbers, ages, clocks, sparklines and bars. */
import { priceDecimals } from '../engine/core/spine/display-precision.js';

const SPARK = '▁▂▃▄▅▆▇█';

/** A price with as many decimals as its size needs (5 significant figures, at most 6 decimals). */
export function fmtPrice(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return '-';
  return p.toFixed(priceDecimals(p));
}

/** An amount of tokens without binary noise (at most 6 decimals, trailing zeros dropped). */
export function fmtAmount(a: number): string {
  if (!Number.isFinite(a)) return '-';
  return String(Number(a.toFixed(Math.abs(a) >= 1_000 ? 2 : 6)));
}

/** A fraction as a signed percentage ("+1.23%"). */
export function fmtPct(f: number | null, digits = 2): string {
  if (f === null || !Number.isFinite(f)) return '-';
  const v = f * 100;
  return `${v >= 0 ? '+' : ''}${v.toFixed(digits)}%`;
}

/** Signed money ("+12.30", "-4.00"). */
export function fmtPnl(v: number): string {
  return `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;
}

/** Compact count ("950", "1.2k", "3.4M"). */
export function fmtCount(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (a >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

/** A duration in ms as "0.4s", "12s", "3m05s", "2h04m", "3d02h". */
export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

/** Age of an epoch-ms instant relative to `now` ("-" when never). */
export function fmtAge(at: number | null, now: number): string {
  return at === null ? '-' : fmtDuration(Math.max(0, now - at));
}

/** UTC time of day "HH:MM:SSZ". */
export function fmtClock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)}Z`;
}

/** UTC "HH:MMZ" (ETAs). */
export function fmtHm(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)}Z`;
}

/** A sparkline of `values` using at most `width` of the most recent points. */
export function sparkline(values: readonly number[], width: number): string {
  const v = values.slice(-Math.max(0, width));
  if (v.length === 0) return '';
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  const span = hi - lo;
  return v.map((x) => SPARK[span === 0 ? 3 : Math.min(7, Math.floor(((x - lo) / span) * 8))]).join('');
}

/** A progress bar "█████░░░░░" of `width` cells for done/total. */
export function bar(done: number, total: number, width: number): string {
  const f = total <= 0 ? 0 : Math.min(1, Math.max(0, done / total));
  const full = Math.round(f * width);
  return '█'.repeat(full) + '░'.repeat(Math.max(0, width - full));
}

/** Pad or cut to exactly `width` characters (cut ends with "…"). */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length > width) return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
  return text.padEnd(width);
}

/** Right-align in `width` characters (cut like fit). */
export function fitRight(text: string, width: number): string {
  return text.length >= width ? fit(text, width) : text.padStart(width);
}

/** First row to show so that row `cursor` of `count` stays visible in `height` rows. */
export function windowStart(count: number, cursor: number, height: number): number {
  if (height <= 0 || count <= height) return 0;
  return Math.min(count - height, Math.max(0, cursor - height + 1));
}
