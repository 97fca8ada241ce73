/** What each typed-confirmation modal says before, while and after it sends (pure). */
import type { EngineState, FlattenProgress, FlattenSymbolStatus } from '../../engine/core/spine/engine-state.js';
import { fmtAmount, fmtClock, fmtPrice } from '../format.js';
import { seg, type Segment } from '../line.js';
import { CONFIRM } from '../ui-reducer.js';
import type { ConfirmKind } from '../ui-action.js';
import { flattenRowLabel } from '../../engine/core/spine/flatten-label.js';

export type Lines = Segment[][];

function flattenPlan(s: EngineState): Lines {
  const lines: Lines = [[seg('KILL SWITCH: cancel every order, close every position reduce-only, then HALTED', 'red', { bold: true })]];
  lines.push([seg(`Will cancel ${s.orders.open.length} open order(s)`, undefined, { bold: true })]);
  for (const o of s.orders.open) lines.push([seg(`  ${o.symbol} ${o.side} ${o.type} ${o.amount - o.filled}${o.price !== null ? ` @${fmtPrice(o.price)}` : ''}`)]);
  lines.push([seg(`Will close ${s.positions.length} position(s)`, undefined, { bold: true })]);
  for (const p of s.positions) lines.push([seg(`  ${p.symbol} ${p.side} ${fmtAmount(p.amount)} entry ${fmtPrice(p.entryPrice)} uPnL ${p.unrealizedPnl.toFixed(2)}`)]);
  return lines;
}

/** What the modal asks about, from the state while the word is typed (frozen once it is sent). */
export function planLines(what: ConfirmKind, s: EngineState): Lines {
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

const STATUS_COLOR: Readonly<Record<FlattenSymbolStatus, string>> = { cancelling: 'yellow', pending: 'gray', closing: 'yellow', closed: 'green', failed: 'red' };

/** The kill switch's run, live from the state: every symbol with its status and why. */
export function progressLines(f: FlattenProgress): Lines {
  const closed = f.symbols.filter((x) => x.status === 'closed').length;
  const lines: Lines = [[seg(`kill switch by ${f.by} at ${fmtClock(f.startedAt)}: ${f.ordersCancelled} order(s) cancelled, ${closed}/${f.symbols.length} closed`, undefined, { bold: true })]];
  if (f.symbols.length === 0 && f.finishedAt === null) lines.push([seg('  cancelling open orders, reading positions…', 'yellow')]);
  for (const x of f.symbols) {
    lines.push([seg(`  ${flattenRowLabel(x, f.symbols).padEnd(9)} `), seg(x.status.padEnd(11), STATUS_COLOR[x.status], { bold: true }), seg(x.detail ?? '', x.status === 'failed' ? 'red' : 'gray')]);
  }
  if (f.finishedAt === null) lines.push([seg('closing…', 'yellow')]);
  else lines.push(f.flat ? [seg('FLAT: no position and no open order left', 'green', { bold: true })] : [seg('finished, NOT flat: see above', 'red', { bold: true })]);
  return lines;
}

export interface ConfirmView {
  readonly what: ConfirmKind;
  readonly typed: string;
  readonly error: string | null;
  readonly stage: 'typing' | 'sent' | 'answered';
  readonly result: { readonly status: 'accepted'; readonly message: string } | { readonly status: 'refused'; readonly code: string; readonly reason: string } | null;
}

/** The modal's view of the moment the word was typed: the plan then, and the kill switch run then. */
export interface ConfirmSnapshot {
  readonly plan: Lines;
  readonly before: FlattenProgress | null;
}

/** The kill switch run this modal started (or joined, when one was already running), once the state has it. */
function ownRun(s: EngineState, before: FlattenProgress | null): FlattenProgress | null {
  const f = s.flatten;
  if (!f) return null;
  return before === null || f.startedAt !== before.startedAt || f.finishedAt === null ? f : null;
}

export function confirmLines(c: ConfirmView, s: EngineState, snap: ConfirmSnapshot): Lines {
  const word = CONFIRM[c.what].word;
  const lines = [...snap.plan, []];
  if (c.stage === 'typing') {
    lines.push([seg(`Type ${word} and press Enter (Esc cancels): `), seg(`${c.typed}▏`, 'cyan', { bold: true })]);
    if (c.error) lines.push([seg(c.error, 'red', { bold: true })]);
    return lines;
  }
  const run = c.what === 'flatten' ? ownRun(s, snap.before) : null;
  const progress = run ? progressLines(run) : [];
  if (c.stage === 'sent') return [...lines, ...(run ? progress : [[seg('sent, waiting for the engine…', 'yellow')]])];
  const r = c.result;
  if (r?.status === 'refused') return [...lines, [seg('REFUSED: ', 'red', { bold: true }), seg(r.reason, 'red')], ...progress, [seg(`(${r.code}) ${run ? 'trading stays HALTED' : 'nothing was done'}. Esc closes.`, 'gray')]];
  const done = [...lines, [seg(r?.message ?? 'accepted', 'green', { bold: true })]];
  return c.what === 'flatten' ? [...done, ...progress, [seg('Esc closes (progress continues in the header and panels).', 'gray')]] : [...done, [seg('Esc closes.', 'gray')]];
}
