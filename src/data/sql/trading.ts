/** Trading persistence over SQL (the TradingStore port): orders, positions, trading state, paper account. */
import type { OrderView, TradingMode, TradingStatus } from '../../engine/core/spine/engine-state.js';
import type { BookPosition } from '../../engine/core/trading/position.js';
import type { TradingStore } from '../../engine/ports/trading-store.js';
import { msToTs, num, numOrNull, type Row, type SqlClient, tsToMs } from './sql-client.js';

const ORDER_COLS = `client_order_id, order_id, strategy_id, symbol, side, order_type, amount, price, filled_amount,
  average_fill_price, status, mode, reduce_only, reason, ${tsToMs('created_at')} AS created_ms, ${tsToMs('COALESCE(transition_at, updated_at)')} AS updated_ms`;

function toOrder(r: Row): OrderView {
  return {
    clientOrderId: String(r.client_order_id), venueOrderId: r.order_id === null ? null : String(r.order_id), strategyId: String(r.strategy_id),
    symbol: String(r.symbol), side: r.side === 'bid' ? 'buy' : 'sell', type: r.order_type === 'limit' ? 'limit' : 'market',
    amount: num(r.amount), filled: num(r.filled_amount), price: numOrNull(r.price), avgFillPrice: numOrNull(r.average_fill_price),
    reduceOnly: r.reduce_only === true, status: String(r.status) as OrderView['status'], mode: String(r.mode) as TradingMode,
    reason: r.reason === null ? null : String(r.reason), createdAt: num(r.created_ms), updatedAt: num(r.updated_ms),
  };
}

function toPosition(r: Row): BookPosition {
  return {
    symbol: String(r.symbol), strategyId: String(r.strategy_id), side: r.side === 'long' ? 'long' : 'short', amount: num(r.amount),
    entryPrice: num(r.entry_price), markPrice: numOrNull(r.current_price), unrealizedPnl: numOrNull(r.unrealized_pnl) ?? 0,
    realizedPnl: num(r.realized_pnl), fees: num(r.fees), funding: num(r.funding), stopLoss: numOrNull(r.stop_loss),
    takeProfit: numOrNull(r.take_profit), trailingStop: numOrNull(r.trailing_stop_price), openedAt: num(r.opened_ms),
    mode: String(r.mode) as TradingMode, external: r.external === true, partialTaken: r.partial_taken === true,
  };
}

async function saveOrder(db: SqlClient, o: OrderView): Promise<void> {
  await db.query(
    `INSERT INTO orders (client_order_id, order_id, strategy_id, symbol, side, order_type, amount, price, filled_amount,
       average_fill_price, status, mode, reduce_only, reason, created_at, transition_at, filled_at, canceled_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, ${msToTs('$15::float8')}, ${msToTs('$16::float8')},
       CASE WHEN $11 = 'filled' THEN ${msToTs('$16::float8')} END, CASE WHEN $11 = 'cancelled' THEN ${msToTs('$16::float8')} END)
     ON CONFLICT (client_order_id) DO UPDATE SET order_id = EXCLUDED.order_id, filled_amount = EXCLUDED.filled_amount,
       average_fill_price = EXCLUDED.average_fill_price, status = EXCLUDED.status, reason = EXCLUDED.reason, transition_at = EXCLUDED.transition_at,
       filled_at = COALESCE(orders.filled_at, EXCLUDED.filled_at), canceled_at = COALESCE(orders.canceled_at, EXCLUDED.canceled_at)`,
    [o.clientOrderId, o.venueOrderId, o.strategyId, o.symbol, o.side === 'buy' ? 'bid' : 'ask', o.type, o.amount, o.price, o.filled,
      o.avgFillPrice, o.status, o.mode, o.reduceOnly, o.reason, o.createdAt, o.updatedAt],
  );
}

async function savePosition(db: SqlClient, p: BookPosition): Promise<void> {
  await db.query(
    `INSERT INTO positions (mode, strategy_id, symbol, side, amount, entry_price, current_price, unrealized_pnl, realized_pnl,
       trailing_stop_price, fees, funding, stop_loss, take_profit, partial_taken, external, opened_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, ${msToTs('$17::float8')})
     ON CONFLICT (mode, strategy_id, symbol) DO UPDATE SET side = EXCLUDED.side, amount = EXCLUDED.amount,
       entry_price = EXCLUDED.entry_price, current_price = EXCLUDED.current_price, unrealized_pnl = EXCLUDED.unrealized_pnl,
       realized_pnl = EXCLUDED.realized_pnl, trailing_stop_price = EXCLUDED.trailing_stop_price, fees = EXCLUDED.fees,
       funding = EXCLUDED.funding, stop_loss = EXCLUDED.stop_loss, take_profit = EXCLUDED.take_profit,
       partial_taken = EXCLUDED.partial_taken, external = EXCLUDED.external`,
    [p.mode, p.strategyId, p.symbol, p.side, p.amount, p.entryPrice, p.markPrice, p.unrealizedPnl, p.realizedPnl, p.trailingStop,
      p.fees, p.funding, p.stopLoss, p.takeProfit, p.partialTaken, p.external, p.openedAt],
  );
}

async function deletePosition(db: SqlClient, p: Pick<BookPosition, 'mode' | 'strategyId' | 'symbol'>): Promise<void> {
  await db.query('DELETE FROM positions WHERE mode = $1 AND strategy_id = $2 AND symbol = $3', [p.mode, p.strategyId, p.symbol]);
}

export function createSqlTradingStore(db: SqlClient): TradingStore {
  return {
    saveOrder: (o) => saveOrder(db, o),
    saveFill: (o, p, closed) =>
      db.transaction(async (tx) => {
        await saveOrder(tx, o);
        await (closed ? deletePosition(tx, p) : savePosition(tx, p));
      }),
    async loadOpenOrders(mode) {
      const rows = await db.query(`SELECT ${ORDER_COLS} FROM orders WHERE mode = $1 AND status IN ('pending', 'submitted', 'open', 'partially_filled') ORDER BY created_at`, [mode]);
      return rows.map(toOrder);
    },
    savePosition: (p) => savePosition(db, p),
    deletePosition: (mode, strategyId, symbol) => deletePosition(db, { mode, strategyId, symbol }),
    async loadPositions(mode) {
      const rows = await db.query(`SELECT *, ${tsToMs('opened_at')} AS opened_ms FROM positions WHERE mode = $1 ORDER BY symbol`, [mode]);
      return rows.map(toPosition);
    },
    async saveTradingState(s, mode) {
      await db.query(
        `INSERT INTO trading_state (mode, state, changed_at, reason, changed_by) VALUES ($1, $2, ${msToTs('$3::float8')}, $4, $5)`,
        [mode, s.state, s.since, s.reason, s.by],
      );
    },
    async loadTradingState() {
      const rows = await db.query(`SELECT state, ${tsToMs('changed_at')} AS since_ms, reason, changed_by FROM trading_state ORDER BY id DESC LIMIT 1`);
      const r = rows[0];
      return r ? { state: String(r.state) as TradingStatus['state'], since: num(r.since_ms), reason: String(r.reason), by: String(r.changed_by) } : null;
    },
    async savePaperState(doc) {
      await db.query('INSERT INTO paper_account (id, doc) VALUES (1, $1::text::jsonb) ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc, updated_at = now()', [JSON.stringify(doc)]);
    },
    async loadPaperState() {
      const rows = await db.query('SELECT doc::text AS doc FROM paper_account WHERE id = 1');
      return rows[0] ? (JSON.parse(String(rows[0].doc)) as unknown) : null;
    },
  };
}
