/** What each typed-confirmation modal says before, while and after it sends (pure). */
import type { EngineState } from '../../engine/core/spine/engine-state.js';
import { fmtAmount, fmtClock, fmtPrice } from '../format.js';
import { seg, type Segment } from '../line.js';
import { CONFIRM } from '../ui-reducer.js';
import type { ConfirmKind } from '../ui-action.js';
import { flattenRowLabel } from '../../engine/core/spine/flatten-label.js';

type Lines = Segment[][];

function flattenPlan(s: EngineState): Lines {
  const lines: Lines = [[seg('KILL SWITCH: cancel every order, close every position reduce-only, then HALTED', 'red', { bold: true })]];
  lines.push([seg(`Will cancel ${s.orders.open.length} open order(s)`, undefined, { bold: true })]);
  for (const o of s.orders.open) lines.push([seg(`  ${o.symbol} ${o.side} ${o.type} ${o.amount - o.filled}${o.price !== null ? ` @${fmtPrice(o.price)}` : ''}`)]);
  lines.push([seg(`Will close ${s.positions.length} position(s)`, undefined, { bold: true })]);
  for (const p of s.positions) lines.push([seg(`  ${p.symbol} ${p.side} ${fmtAmount(p.amount)} entry ${fmtPrice(p.entryPrice)} uPnL ${p.unrealizedPnl.toFixed(2)}`)]);
  return lines;
}

function plan(what: ConfirmKind, s: EngineState): Lines {
  if (what === 'flatten') return flattenPlan(s);
  if (what === 'live') {
    return [
      [seg('Switch to LIVE trading: orders go to Pacifica with real money', 'red', { bold: true })],
      [seg(`now ${s.run.mode.toUpperCase()} on ${s.run.venue}, trading ${s.run.trading.state}`)],
    ];
  }
  const t = s.run.trading;
  return [
    [seg('Leave HALTED: trading goes back to ACTIVE (entries allowed)', 'yellow', { bold: true })],
    [seg(`HALTED since ${fmtClock(t.since)} by ${t.by}: ${t.reason}`)],
  ];
}

function progress(s: EngineState): Lines {
  const f = s.flatten;
  if (!f) return [[seg('waiting for the kill switch to report…', 'gray')]];
  const lines: Lines = [[seg(`kill switch by ${f.by} at ${fmtClock(f.startedAt)}: ${f.ordersCancelled} order(s) cancelled`, undefined, { bold: true })]];
  for (const x of f.symbols) {
    const color = x.status === 'closed' ? 'green' : x.status === 'failed' ? 'red' : 'yellow';
    lines.push([seg(`  ${flattenRowLabel(x, f.symbols).padEnd(9)}`), seg(x.status, color, { bold: true }), seg(x.detail ? ` ${x.detail}` : '', 'gray')]);
  }
  lines.push(f.flat ? [seg('FLAT: no position and no open order left', 'green', { bold: true })] : [seg(f.finishedAt ? 'finished, NOT flat: see above' : 'closing…', f.finishedAt ? 'red' : 'yellow')]);
  return lines;
}

export interface ConfirmView {
  readonly what: ConfirmKind;
  readonly typed: string;
  readonly error: string | null;
  readonly stage: 'typing' | 'sent' | 'answered';
  readonly result: { readonly status: 'accepted'; readonly message: string } | { readonly status: 'refused'; readonly code: string; readonly reason: string } | null;
}

export function confirmLines(c: ConfirmView, s: EngineState): Lines {
  const word = CONFIRM[c.what].word;
  const lines = plan(c.what, s);
  lines.push([]);
  if (c.stage === 'typing') {
    lines.push([seg(`Type ${word} and press Enter (Esc cancels): `), seg(`${c.typed}▏`, 'cyan', { bold: true })]);
    if (c.error) lines.push([seg(c.error, 'red', { bold: true })]);
    return lines;
  }
  if (c.stage === 'sent') return [...lines, [seg('sent, waiting for the engine…', 'yellow')]];
  const r = c.result;
  if (r?.status === 'refused') return [...lines, [seg('REFUSED: ', 'red', { bold: true }), seg(r.reason, 'red')], [seg(`(${r.code}) nothing was done. Esc closes.`, 'gray')]];
  const done = [...lines, [seg(r?.message ?? 'accepted', 'green', { bold: true })]];
  return c.what === 'flatten' ? [...done, ...progress(s), [seg('Esc closes (progress continues in the header and panels).', 'gray')]] : [...done, [seg('Esc closes.', 'gray')]];
}
