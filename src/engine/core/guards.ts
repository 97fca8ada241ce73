/**
 * Input guards for the pure core. Corrupt numbers are a bug upstream (a parser let
 * something through), not a market condition, so they throw at once instead of
 * spreading NaN through candles and signals.
 */

/** Throws a RangeError unless `v` is a finite number. */
export function assertFinite(v: number, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${what} must be a finite number, got ${v}`);
  return v;
}

/** Throws unless `v` is finite and >= 0. */
export function assertNonNegative(v: number, what: string): number {
  assertFinite(v, what);
  if (v < 0) throw new RangeError(`${what} must be >= 0, got ${v}`);
  return v;
}

/** Throws unless `v` is finite and > 0. */
export function assertPositive(v: number, what: string): number {
  assertFinite(v, what);
  if (v <= 0) throw new RangeError(`${what} must be > 0, got ${v}`);
  return v;
}

/** Number of decimals needed to write `step` exactly (0.001 -> 3, 1e-7 -> 7, 5 -> 0). */
export function stepDecimals(step: number): number {
  const s = step.toExponential();
  const [mantissa = '', exp = '0'] = s.split('e');
  const frac = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, frac - Number(exp));
}

/**
 * Largest multiple of `step` that is <= `x` (lot-size rounding floors: the venue
 * rejects amounts off the lot grid, and rounding up would exceed the sized notional).
 * The 1e-9 nudge keeps 0.3/0.1 from flooring to 2 through binary error; the result
 * is re-rounded to the step's decimals so it prints as the venue expects.
 */
export function floorToStep(x: number, step: number): number {
  assertNonNegative(x, 'value');
  assertPositive(step, 'step');
  const n = Math.floor(x / step + 1e-9);
  return Number((n * step).toFixed(stepDecimals(step)));
}

/**
 * Sums and differences of decimal amounts pick up binary noise (7875.5 becomes
 * 7875.499999999997); 12 significant digits are far finer than any venue's lot size.
 */
export const cleanAmount = (x: number): number => Number(x.toPrecision(12));
