/**
 * WS `book` channel and REST `/book` -> BookSnapshot (pacifica-api.md §1.3, §2.3).
 * Each push is a full snapshot; l[0] holds bids and l[1] asks, best first.
 */
import { z } from 'zod';
import type { BookLevel, BookSnapshot } from '../../engine/core/types.js';
import { epochMs, nonNegativeDecimal, positiveDecimal, symbol } from './schema-primitives.js';

const levelSchema = z.object({ p: positiveDecimal, a: nonNegativeDecimal, n: z.number().int().min(0) });

const bookSchema = z.object({
  s: symbol,
  t: epochMs,
  l: z.tuple([z.array(levelSchema), z.array(levelSchema)]),
});

const toLevel = (l: z.output<typeof levelSchema>): BookLevel => ({ price: l.p, amount: l.a, orders: l.n });

/*
 * Sample (pacifica-api.md §1.3, DOCS subscriptions/orderbook.md):
 * {"channel":"book","data":{"l":[[{"a":"37.86","n":4,"p":"157.47"}],
 *                                [{"a":"12.7","n":2,"p":"157.49"}]],
 *                           "s":"SOL","t":1749051881187,"li":1559885104}}
 */
/** Parse a book snapshot (`data` of the push, or of the REST envelope); null when malformed. */
export function parseBook(data: unknown, receivedAt: number): BookSnapshot | null {
  const r = bookSchema.safeParse(data);
  if (!r.success) return null;
  return {
    symbol: r.data.s,
    time: r.data.t,
    bids: r.data.l[0].map(toLevel),
    asks: r.data.l[1].map(toLevel),
    receivedAt,
  };
}
