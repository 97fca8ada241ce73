/** The console's own state (selection, focus, overlays), apart from the engine's. */
import type { CommandResult } from '../engine/core/spine/command.js';
import type { ConfirmKind } from './ui-action.js';
import type { KeyContext } from './bindings.js';

export type PanelId = 'pairs' | 'signals' | 'positions' | 'orders' | 'whales' | 'alerts' | 'log';
/** Tab order. */
export const PANELS: readonly PanelId[] = ['pairs', 'signals', 'positions', 'orders', 'whales', 'alerts', 'log'];

/** Chart timeframes: the strategy's closes, 4 of them merged, prices sampled live by the console. */
export const TIMEFRAMES = ['strategy', 'x4', 'live'] as const;
export type ChartTimeframe = (typeof TIMEFRAMES)[number];

export type Overlay =
  | { readonly kind: 'none' }
  | { readonly kind: 'help' }
  /** `scroll`: first row shown (the overlay keeps it within its lines). */
  | { readonly kind: 'details'; readonly scroll: number }
  | { readonly kind: 'filter' }
  | { readonly kind: 'quit' }
  | {
      readonly kind: 'confirm';
      readonly what: ConfirmKind;
      readonly typed: string;
      /** Why the last attempt did nothing (wrong word). */
      readonly error: string | null;
      readonly stage: 'typing' | 'sent' | 'answered';
      readonly result: CommandResult | null;
    };

export type Tone = 'ok' | 'warn' | 'error' | 'info';

export interface UiState {
  readonly focus: PanelId;
  /** Selected row per panel (pairs use `selected` instead). */
  readonly cursor: Readonly<Record<PanelId, number>>;
  /** Selected pair, by symbol so it survives re-ordering. */
  readonly selected: string | null;
  readonly filter: string;
  readonly timeframe: ChartTimeframe;
  readonly overlay: Overlay;
  /** The answer to the last key (command result, refusal, wrong word), shown above the footer. */
  readonly message: { readonly text: string; readonly tone: Tone } | null;
}

export const initialUiState: UiState = {
  focus: 'pairs',
  cursor: { pairs: 0, signals: 0, positions: 0, orders: 0, whales: 0, alerts: 0, log: 0 },
  selected: null,
  filter: '',
  timeframe: 'strategy',
  overlay: { kind: 'none' },
  message: null,
};

export function keyContext(ui: UiState): KeyContext {
  return ui.overlay.kind === 'none' ? 'normal' : ui.overlay.kind;
}
