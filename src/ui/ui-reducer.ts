/**
 * Pure UI reducer: (ui, action, view of the engine) -> (ui, effect). Effects are what the
 * console does outside itself: send a command, quit, detach. Typed confirmations are
 * checked here first (a wrong word sends nothing and says so) and again by the engine.
 */
import { CONFIRM_WORDS, type Command } from '../engine/core/spine/command.js';
import type { TradingMode, TradingStateName } from '../engine/core/spine/engine-state.js';
import type { ConfirmKind, UiAction } from './ui-action.js';
import { PANELS, TIMEFRAMES, type PanelId, type UiState } from './ui-state.js';

/** What the reducer needs to know about the engine and the session. */
export interface UiView {
  readonly mode: TradingMode;
  readonly trading: TradingStateName;
  readonly positions: number;
  /** Symbols of the pairs panel as shown (filtered, in order). */
  readonly symbols: readonly string[];
  /** Rows of each other panel. */
  readonly rows: Readonly<Partial<Record<PanelId, number>>>;
  readonly readOnly: boolean;
  readonly attached: boolean;
  /** The last scroll position of the details overlay (its rows less the room for them). */
  readonly detailsMaxScroll?: number;
}

export type UiEffect =
  | { readonly type: 'send'; readonly command: Command; readonly key: string }
  | { readonly type: 'quit' }
  | { readonly type: 'detach' };

export interface UiStep {
  readonly ui: UiState;
  readonly effect: UiEffect | null;
}

export const CONFIRM: Readonly<Record<ConfirmKind, { readonly word: string; readonly key: string; readonly command: (typed: string) => Command }>> = {
  flatten: { word: CONFIRM_WORDS.flatten, key: 'K', command: (confirm) => ({ type: 'positions.flatten', confirm }) },
  live: { word: CONFIRM_WORDS.live, key: 'L', command: (confirm) => ({ type: 'mode.set', mode: 'live', confirm }) },
  resume: { word: CONFIRM_WORDS.resume, key: 'r', command: (confirm) => ({ type: 'halt.leave', confirm }) },
};

const say = (ui: UiState, text: string, tone: 'ok' | 'warn' | 'error' | 'info' = 'info'): UiStep => ({ ui: { ...ui, message: { text, tone } }, effect: null });

/** Send, or in read-only mode say that nothing was sent. */
function send(ui: UiState, view: UiView, command: Command, key: string): UiStep {
  if (view.readOnly) return say(ui, `read-only: ${command.type} was not sent (this console only watches)`, 'warn');
  return { ui: { ...ui, message: { text: `${command.type}: sent…`, tone: 'info' } }, effect: { type: 'send', command, key } };
}

function move(ui: UiState, view: UiView, by: number): UiState {
  if (ui.focus === 'pairs') {
    const list = view.symbols;
    if (list.length === 0) return ui;
    const at = ui.selected === null ? -1 : list.indexOf(ui.selected);
    const next = at < 0 ? 0 : Math.min(list.length - 1, Math.max(0, at + by));
    return { ...ui, selected: list[next] ?? null };
  }
  const n = view.rows[ui.focus] ?? 0;
  const cur = Math.min(Math.max(0, n - 1), Math.max(0, ui.cursor[ui.focus] + by));
  return { ...ui, cursor: { ...ui.cursor, [ui.focus]: cur } };
}

function cycle<T>(list: readonly T[], current: T, by: number): T {
  const i = list.indexOf(current);
  return list[(((i + by) % list.length) + list.length) % list.length] as T;
}

function openConfirm(ui: UiState, view: UiView, what: ConfirmKind): UiStep {
  if (what === 'resume' && view.trading !== 'HALTED') return say(ui, `trading is ${view.trading}, not HALTED: r only leaves HALTED`, 'warn');
  if (view.readOnly) return say(ui, `read-only: ${CONFIRM[what].command('').type} is not available here`, 'warn');
  return { ui: { ...ui, message: null, overlay: { kind: 'confirm', what, typed: '', error: null, stage: 'typing', result: null } }, effect: null };
}

function normal(ui: UiState, a: UiAction, view: UiView): UiStep {
  switch (a.type) {
    case 'move':
      return { ui: move(ui, view, a.by), effect: null };
    case 'focus':
      return { ui: { ...ui, focus: cycle(PANELS, ui.focus, a.by) }, effect: null };
    case 'details':
      return { ui: { ...ui, overlay: { kind: 'details', scroll: 0 } }, effect: null };
    case 'timeframe':
      return { ui: { ...ui, timeframe: cycle(TIMEFRAMES, ui.timeframe, 1) }, effect: null };
    case 'filter.start':
      return { ui: { ...ui, overlay: { kind: 'filter' } }, effect: null };
    case 'help':
      return { ui: { ...ui, overlay: { kind: 'help' } }, effect: null };
    case 'pause':
      if (view.trading === 'HALTED') return say(ui, 'trading is HALTED: p does nothing; r leaves HALTED', 'warn');
      if (view.trading === 'RESTORING') return say(ui, 'trading is RESTORING its saved state (start-up): p works once it is read', 'warn');
      return send(ui, view, { type: view.trading === 'ACTIVE' ? 'entries.pause' : 'entries.resume' }, 'p');
    case 'mode':
      return view.mode === 'paper' ? openConfirm(ui, view, 'live') : send(ui, view, { type: 'mode.set', mode: 'paper' }, 'L');
    case 'confirm.open':
      return openConfirm(ui, view, a.what);
    case 'detach':
      return view.attached ? { ui, effect: { type: 'detach' } } : say(ui, 'd detaches only from `nexwave attach`', 'info');
    case 'quit':
      if (view.mode === 'live' && view.positions > 0) return { ui: { ...ui, overlay: { kind: 'quit' } }, effect: null };
      return { ui, effect: { type: 'quit' } };
    default:
      return { ui, effect: null };
  }
}

function confirmStep(ui: UiState, a: UiAction, view: UiView): UiStep {
  const o = ui.overlay;
  if (o.kind !== 'confirm') return { ui, effect: null };
  if (a.type === 'cancel') return { ui: { ...ui, overlay: { kind: 'none' } }, effect: null };
  if (o.stage !== 'typing') return { ui, effect: null };
  if (a.type === 'type') return { ui: { ...ui, overlay: { ...o, typed: (o.typed + a.text).slice(0, 20), error: null } }, effect: null };
  if (a.type === 'erase') return { ui: { ...ui, overlay: { ...o, typed: o.typed.slice(0, -1) } }, effect: null };
  if (a.type !== 'submit') return { ui, effect: null };
  const spec = CONFIRM[o.what];
  if (o.typed !== spec.word) {
    const error = `wrong confirmation "${o.typed}" (type ${spec.word}): nothing was done`;
    return { ui: { ...ui, message: { text: error, tone: 'error' }, overlay: { ...o, typed: '', error } }, effect: null };
  }
  const step = send(ui, view, spec.command(o.typed), spec.key);
  return { ...step, ui: { ...step.ui, overlay: { ...o, stage: 'sent' } } };
}

function filterStep(ui: UiState, a: UiAction): UiStep {
  if (a.type === 'type') return { ui: { ...ui, filter: (ui.filter + a.text).slice(0, 16) }, effect: null };
  if (a.type === 'erase') return { ui: { ...ui, filter: ui.filter.slice(0, -1) }, effect: null };
  if (a.type === 'cancel') return { ui: { ...ui, filter: '', overlay: { kind: 'none' } }, effect: null };
  if (a.type === 'submit') return { ui: { ...ui, overlay: { kind: 'none' } }, effect: null };
  return { ui, effect: null };
}

function result(ui: UiState, a: Extract<UiAction, { type: 'result' }>): UiState {
  const r = a.result;
  const message = r.status === 'accepted'
    ? { text: r.message, tone: 'ok' as const }
    : { text: `refused (${r.code}): ${r.reason}`, tone: 'error' as const };
  const o = ui.overlay;
  const overlay = o.kind === 'confirm' && o.stage === 'sent' ? { ...o, stage: 'answered' as const, result: r } : o;
  return { ...ui, message, overlay };
}

export function reduceUi(ui: UiState, a: UiAction, view: UiView): UiStep {
  if (a.type === 'result') return { ui: result(ui, a), effect: null };
  switch (ui.overlay.kind) {
    case 'none':
      return normal(ui, a, view);
    case 'confirm':
      return confirmStep(ui, a, view);
    case 'filter':
      return filterStep(ui, a);
    case 'quit':
      if (a.type === 'quit.confirm') return { ui, effect: { type: 'quit' } };
      return { ui: { ...ui, overlay: { kind: 'none' } }, effect: null };
    case 'details':
      if (a.type === 'move') {
        const scroll = Math.min(view.detailsMaxScroll ?? Infinity, Math.max(0, ui.overlay.scroll + a.by));
        return { ui: { ...ui, overlay: { kind: 'details', scroll: Math.max(0, scroll) } }, effect: null };
      }
      return a.type === 'cancel' ? { ui: { ...ui, overlay: { kind: 'none' } }, effect: null } : { ui, effect: null };
    default:
      return a.type === 'cancel' ? { ui: { ...ui, overlay: { kind: 'none' } }, effect: null } : { ui, effect: null };
  }
}
