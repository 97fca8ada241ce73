/**
 * Rows of the list panels from EngineState slices (pure, so panels and the details
 * overlay agree on what row N is). Newest first where the state keeps lists newest first.
 */
import type { AlertView, EngineState, LogLine, OrderView, PairState, PositionView } from '../engine/core/spine/engine-state.js';
import type { WhaleActivity } from '../engine/core/types.js';
import { fit, fitRight, fmtAmount, fmtClock, fmtCount, fmtPnl, fmtPrice } from './format.js';
import { seg, type Segment } from './line.js';

const DECISION_COLOR = { long: 'green', short: 'red', exit: 'yellow', hold: 'gray' } as const;
const LEVEL_COLOR = { debug: 'gray', info: 'white', warn: 'yellow', error: 'red' } as const;

/** Pairs with a signal, newest evaluation first. */
export function signalPairs(pairs: readonly PairState[]): PairState[] {
  return pairs.filter((p) => p.signal !== null).sort((a, b) => (b.signal?.at ?? 0) - (a.signal?.at ?? 0));
}

/** Below this width a signal row drops its time and strength so the reason stays readable. */
const WIDE_SIGNAL = 56;

export function signalRow(p: PairState, width = WIDE_SIGNAL): Segment[] {
  const s = p.signal;
  if (!s) return [];
  const strength = s.strength === null ? '' : ` s${s.strength.toFixed(2)}`;
  return [
    seg(fit(p.symbol, width < WIDE_SIGNAL ? 7 : 9)),
    seg(fit(s.decision.toUpperCase(), 6), DECISION_COLOR[s.decision], { bold: s.decision !== 'hold' }),
    seg(width < WIDE_SIGNAL ? '' : fmtClock(s.at).slice(0, 5) + strength + ' ', 'gray'),
    seg(s.reason, s.decision === 'hold' ? 'gray' : undefined),
  ];
}

export function positionRow(p: PositionView): Segment[] {
  const stops = [p.stopLoss !== null ? `SL ${fmtPrice(p.stopLoss)}` : '', p.takeProfit !== null ? `TP ${fmtPrice(p.takeProfit)}` : '', p.trailingStop !== null ? `TS ${fmtPrice(p.trailingStop)}` : '']
    .filter(Boolean).join(' ');
  return [
    seg(fit(p.symbol, 9)),
    // The mode up front: live positions left open after a switch back to paper sit next to paper ones.
    seg(fit(p.mode === 'live' ? 'LIVE' : 'paper', 6), p.mode === 'live' ? 'red' : 'gray', { bold: p.mode === 'live' }),
    seg(fit(p.side.toUpperCase(), 6), p.side === 'long' ? 'green' : 'red', { bold: true }),
    seg(`${fitRight(fmtAmount(p.amount), 8)} @${fmtPrice(p.entryPrice)} mark ${fmtPrice(p.markPrice)} `),
    seg(`uPnL ${fmtPnl(p.unrealizedPnl)} `, p.unrealizedPnl >= 0 ? 'green' : 'red', { bold: true }),
    seg(stops, 'gray'),
  ];
}

/** Open orders, then the recent ones that are not open. */
export function orderList(orders: EngineState['orders']): OrderView[] {
  const open = new Set(orders.open.map((o) => o.clientOrderId));
  return [...orders.open, ...orders.recent.filter((o) => !open.has(o.clientOrderId))];
}

export function orderRow(o: OrderView): Segment[] {
  const price = o.type === 'limit' ? ` @${fmtPrice(o.price)}` : o.avgFillPrice !== null ? ` ~${fmtPrice(o.avgFillPrice)}` : '';
  const live = o.status === 'open' || o.status === 'submitted' || o.status === 'pending' || o.status === 'partially_filled';
  return [
    seg(fmtClock(o.updatedAt).slice(0, 8) + ' ', 'gray'),
    seg(fit(o.symbol, 9)),
    seg(fit(o.side, 5), o.side === 'buy' ? 'green' : 'red'),
    seg(`${o.type} ${fmtAmount(o.filled)}/${fmtAmount(o.amount)}${price}${o.reduceOnly ? ' RO' : ''} `),
    seg(o.status, live ? 'cyan' : o.status === 'filled' ? 'green' : o.status === 'rejected' ? 'red' : 'gray', { bold: live }),
    seg(o.reason ? ` ${o.reason}` : '', 'gray'),
  ];
}

export function whaleRow(w: WhaleActivity): Segment[] {
  return [
    seg(fmtClock(w.lastSeenAt).slice(0, 8) + ' ', 'gray'),
    seg(fit(w.symbol, 9)),
    seg(w.direction === 'bid' ? '▲bid ' : '▼ask ', w.direction === 'bid' ? 'green' : 'red', { bold: true }),
    seg(`$${fmtCount(w.totalValueUsd)} ${fmtPrice(w.priceLow)}-${fmtPrice(w.priceHigh)} `),
    seg(`${w.whaleType} conf ${w.confidence.toFixed(2)}`, 'gray'),
    seg(w.marketImpactBps === null ? '' : ` impact ${w.marketImpactBps.toFixed(0)}bp`, 'gray'),
  ];
}

export function alertRow(a: AlertView): Segment[] {
  return [
    seg(fmtClock(a.at) + ' ', 'gray'),
    seg(fit(a.level.toUpperCase(), 6), LEVEL_COLOR[a.level], { bold: a.level !== 'info', inverse: a.level === 'error' }),
    seg(`${a.code} `, 'gray'),
    seg(a.message, a.level === 'info' ? undefined : LEVEL_COLOR[a.level]),
  ];
}

export function logRow(l: LogLine): Segment[] {
  return [seg(fmtClock(l.at) + ' ', 'gray'), seg(fit(l.level, 6), LEVEL_COLOR[l.level]), seg(`${l.event} `), seg(l.text, 'gray')];
}
