/** The paper venue's persisted document (one JSON row, `paper_account`), checked when loaded. */
import { z } from 'zod';
import type { VenueOrder } from '../../engine/ports/exchange.js';
import type { BookPosition } from '../../engine/core/trading/position.js';

export interface PaperDoc {
  readonly version: 1;
  readonly balance: number;
  readonly seq: number;
  readonly positions: readonly BookPosition[];
  /** Open orders and the most recent finished ones (answers getOrder after a restart). */
  readonly orders: readonly VenueOrder[];
}

/** Finished orders kept for lookups by client_order_id. */
export const KEEP_FINISHED = 2_000;

const position = z.object({
  symbol: z.string(), strategyId: z.string(), side: z.enum(['long', 'short']), amount: z.number(), entryPrice: z.number(),
  markPrice: z.number().nullable(), unrealizedPnl: z.number(), realizedPnl: z.number(), fees: z.number(), funding: z.number(),
  stopLoss: z.number().nullable(), takeProfit: z.number().nullable(), trailingStop: z.number().nullable(), openedAt: z.number(),
  mode: z.enum(['paper', 'live']), external: z.boolean(), partialTaken: z.boolean(),
});
const order = z.object({
  clientOrderId: z.string(), venueOrderId: z.string().nullable(), symbol: z.string(), side: z.enum(['buy', 'sell']), type: z.enum(['market', 'limit']),
  amount: z.number(), price: z.number().nullable(), reduceOnly: z.boolean(),
  status: z.enum(['pending', 'submitted', 'open', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired']),
  filled: z.number(), avgFillPrice: z.number().nullable(), fee: z.number(), reason: z.string().nullable(), updatedAt: z.number(),
});
const doc = z.object({ version: z.literal(1), balance: z.number(), seq: z.number(), positions: z.array(position), orders: z.array(order) });

/** Parse a stored document; a corrupt one is an error with the reason (never silently reset money). */
export function parsePaperDoc(raw: unknown): PaperDoc {
  const r = doc.safeParse(raw);
  if (!r.success) throw new Error(`paper account in the database is malformed: ${r.error.issues[0]?.message ?? 'invalid'}`);
  return r.data;
}
