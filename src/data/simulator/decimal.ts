/**
 * Exact decimal strings for the venue protocol (pacifica-api.md §1.1: prices and amounts are
 * decimal strings). Prices live as integer ticks and amounts as integer lots, so formatting is
 * string arithmetic with no binary-float noise ("0.1", never "0.10000000000000001").
 */

/** Format the integer `units` × 10^exp as a plain decimal string without trailing zeros. */
export function formatScaled(units: number, exp: number): string {
  if (!Number.isSafeInteger(units)) throw new RangeError(`formatScaled: not a safe integer: ${units}`);
  const sign = units < 0 ? '-' : '';
  const digits = Math.abs(units).toString();
  if (units === 0) return '0';
  if (exp >= 0) return sign + digits + '0'.repeat(exp);
  const places = -exp;
  const padded = digits.padStart(places + 1, '0');
  const whole = padded.slice(0, padded.length - places);
  const frac = padded.slice(padded.length - places).replace(/0+$/, '');
  return sign + whole + (frac ? `.${frac}` : '');
}

/**
 * Parse a non-negative decimal string as an integer multiple of 10^exp.
 * Null when malformed or not on the grid (the venue's tick/lot rule, §2.1 "Rounding").
 */
export function parseScaled(text: unknown, exp: number): number | null {
  if (typeof text !== 'string' || !/^\d{1,20}(\.\d{1,20})?$/.test(text)) return null;
  const [whole = '0', frac = ''] = text.split('.');
  const digits = BigInt(whole + frac);
  const shift = frac.length + exp;
  if (shift <= 0) return Number(digits * 10n ** BigInt(-shift));
  const div = 10n ** BigInt(shift);
  if (digits % div !== 0n) return null;
  return Number(digits / div);
}

/** Parse a plain non-negative decimal string to a number (slippage, stop prices); null if malformed. */
export function parseDecimal(text: unknown): number | null {
  if (typeof text !== 'string' || !/^\d{1,20}(\.\d{1,20})?$/.test(text)) return null;
  return Number(text);
}

/** Format a float with at most `decimals` places, trailing zeros trimmed (funding, USD volume). */
export function formatFloat(value: number, decimals: number): string {
  const fixed = value.toFixed(decimals);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** 10^exp as a number (tick and lot sizes). */
export const pow10 = (exp: number): number => Number(`1e${exp}`);
