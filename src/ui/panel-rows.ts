/**
 * Rows of the list panels from EngineState slices (pure, so panels and the details
 * overlay agree on what row N is). Newest first where the state keeps lists newest first.
 */
import type { AlertView, EngineState, LogLine, OrderView, PairState, PositionView } from '../engine/core/spine/engine-state.js';
import type { WhaleActivity } from '../engine/core/types.js';
import { fit, fitRight, fmtAmount, fmtClock, fmtCount, fmtPnl, fmtPrice } from './format.js';
import { isFill } from './alert-style.js';
import { seg, wrapSegments, type Segment } from './line.js';

const DECISION_COLOR = { long: 'green', short: 'red', exit: 'yellow', hold: 'gray' } as const;
const LEVEL_COLOR = { debug: 'gray', info: 'white', warn: 'yellow', error: 'red' } as const;

/** One item of a list panel: one row, or more when the panel is too narrow for one. */
export interface ListItem {
  readonly lines: readonly (readonly Segment[])[];
}

const textWidth = (segs: readonly Segment[]): number => segs.reduce((n, s) => n + s.text.length, 0);

/** The row as it is when it fits `width`, else wrapped onto at most `max` rows (the last ends in "…" when cut). */
export function fitItem(segs: readonly Segment[], width: number, max = 2): ListItem {
  if (textWidth(segs) <= width) return { lines: [segs] };
  const rows = wrapSegments(segs, width);
  if (rows.length <= max) return { lines: rows };
  const kept = rows.slice(0, max);
  const last = kept[max - 1]!;
  const cut = textWidth(last) >= width ? cutEnd(last, width - 1) : last;
  return { lines: [...kept.slice(0, -1), [...cut, seg('…', 'gray')]] };
}

function cutEnd(segs: readonly Segment[], width: number): Segment[] {
  const out: Segment[] = [];
  let left = width;
  for (const s of segs) {
    if (left <= 0) break;
    out.push({ ...s, text: s.text.slice(0, left) });
    left -= Math.min(left, s.text.length);
  }
  return out;
}

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

/** A signal in a list panel: one row when it fits, else the reason carries on onto a second row. */
export function signalItem(p: PairState, width: number): ListItem {
  return fitItem(signalRow(p, width), width);
}

const stopsText = (p: PositionView, gap: string): string =>
  [p.stopLoss !== null ? `SL${gap}${fmtPrice(p.stopLoss)}` : '', p.takeProfit !== null ? `TP${gap}${fmtPrice(p.takeProfit)}` : '', p.trailingStop !== null ? `TS${gap}${fmtPrice(p.trailingStop)}` : '']
    .filter(Boolean).join(' ');

/**
 * A position in a list panel: one row when it fits; narrower (80x24 gives the panel ~35
 * columns) two rows: symbol, LIVE when live, side, size and entry; then mark, uPnL and stops.
 */
export function positionItem(p: PositionView, width: number): ListItem {
  const one = positionRow(p);
  if (textWidth(one) <= width) return { lines: [one] };
  return {
    lines: [
      [
        // 9: the longest symbols (FARTCOIN) keep a space before the side.
        seg(fit(p.symbol, 9)),
        seg(p.mode === 'live' ? 'LIVE ' : '', 'red', { bold: true }),
        seg(fit(p.side.toUpperCase(), 6), p.side === 'long' ? 'green' : 'red', { bold: true }),
        seg(`${fmtAmount(p.amount)} @${fmtPrice(p.entryPrice)}`),
      ],
      [seg(`  mk ${fmtPrice(p.markPrice)} `), seg(`${fmtPnl(p.unrealizedPnl)} `, p.unrealizedPnl >= 0 ? 'green' : 'red', { bold: true }), seg(stopsText(p, ''), 'gray')],
    ],
  };
}

export function positionRow(p: PositionView): Segment[] {
  const stops = stopsText(p, ' ');
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

const orderPrice = (o: OrderView): string => (o.type === 'limit' ? ` @${fmtPrice(o.price)}` : o.avgFillPrice !== null ? ` ~${fmtPrice(o.avgFillPrice)}` : '');
const orderLive = (o: OrderView): boolean => o.status === 'open' || o.status === 'submitted' || o.status === 'pending' || o.status === 'partially_filled';
const statusColor = (o: OrderView): string => (orderLive(o) ? 'cyan' : o.status === 'filled' ? 'green' : o.status === 'rejected' ? 'red' : 'gray');

/**
 * An order in a list panel: one row when it fits; narrower, two rows: symbol, side, status
 * and size first (the status always visible), then time, price, reduce-only and the reason.
 */
export function orderItem(o: OrderView, width: number): ListItem {
  const one = orderRow(o);
  if (textWidth(one) <= width) return { lines: [one] };
  const status = o.status === 'partially_filled' ? 'partial' : o.status;
  return {
    lines: [
      [seg(fit(o.symbol, 9)), seg(fit(o.side, 5), o.side === 'buy' ? 'green' : 'red'), seg(`${status} `, statusColor(o), { bold: orderLive(o) }), seg(`${o.type === 'market' ? 'mkt' : 'lmt'} ${fmtAmount(o.filled)}/${fmtAmount(o.amount)}`)],
      [seg(`  ${fmtClock(o.updatedAt).slice(0, 8)}`, 'gray'), seg(`${orderPrice(o)}${o.reduceOnly ? ' RO' : ''} `), seg(o.reason ?? '', 'gray')],
    ],
  };
}

export function orderRow(o: OrderView): Segment[] {
  const price = orderPrice(o);
  const live = orderLive(o);
  return [
    seg(fmtClock(o.updatedAt).slice(0, 8) + ' ', 'gray'),
    seg(fit(o.symbol, 9)),
    seg(fit(o.side, 5), o.side === 'buy' ? 'green' : 'red'),
    seg(`${o.type} ${fmtAmount(o.filled)}/${fmtAmount(o.amount)}${price}${o.reduceOnly ? ' RO' : ''} `),
    seg(o.status, statusColor(o), { bold: live }),
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
  // A fill is info, but a trader must not miss it: a highlighted line like a warning.
  if (isFill(a)) return [seg(fmtClock(a.at) + ' ', 'gray'), seg('FILL', 'green', { bold: true, inverse: true }), seg('  '), seg(`${a.code} `, 'gray'), seg(a.message, 'green', { bold: true })];
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
