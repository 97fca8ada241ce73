/**
 * Zod building blocks for venue payloads. The venue sends prices, amounts and rates as
 * decimal strings and times/ids as JSON integers (pacifica-api.md §1.1), so decimals are
 * parsed strictly here, once, at the edge: no exponents, no blanks, no NaN.
 */
import { z } from 'zod';

/** Plain decimal: optional minus, digits, optional fraction. "1e5", " 1", "" are rejected. */
const DECIMAL = /^-?\d{1,30}(?:\.\d{1,30})?$/;

/** Any finite decimal string (funding rates may be negative). */
export const decimal = z
  .string()
  .regex(DECIMAL, 'not a plain decimal string')
  .transform(Number)
  .refine(Number.isFinite, 'not finite');

/** Prices: strictly positive. */
export const positiveDecimal = decimal.refine((n) => n > 0, 'must be > 0');

/** Amounts, depths, volumes: zero allowed, negative impossible. */
export const nonNegativeDecimal = decimal.refine((n) => n >= 0, 'must be >= 0');

/** Epoch milliseconds as a JSON integer. */
export const epochMs = z.number().int().min(0);

/** Venue symbols such as "BTC", "kBONK", "2Z". */
export const symbol = z.string().regex(/^[A-Za-z0-9._-]{1,32}$/, 'bad symbol');

/** Result of parsing a list element by element: good items kept, bad ones counted. */
export interface ParsedList<T> {
  readonly items: T[];
  /** Elements that failed validation (counted as malformed, never dropped silently). */
  readonly invalid: number;
  /** Short sample of the first invalid element, for a one-time log line. */
  readonly sample: string | null;
}

/** Short printable sample of any value (for logs; never the whole frame). */
export function sampleOf(value: unknown, max = 160): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Validate each element of `data` (which must be an array) and map the valid ones. */
export function parseEach<S extends z.ZodType, T>(data: unknown, schema: S, map: (v: z.output<S>) => T): ParsedList<T> | null {
  if (!Array.isArray(data)) return null;
  const items: T[] = [];
  let invalid = 0;
  let sample: string | null = null;
  for (const el of data) {
    const r = schema.safeParse(el);
    if (r.success) items.push(map(r.data));
    else {
      invalid += 1;
      sample ??= sampleOf(el);
    }
  }
  return { items, invalid, sample };
}
