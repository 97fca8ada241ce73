/**
 * EngineEvent: what happened, past tense, as plain data. The state is what the events
 * leave behind (see state-reducer.ts); tests and the control socket listen to them.
 */
import type { Candle, WhaleActivity } from '../types.js';
import type { CommandOrigin, CommandResult, Command } from './command.js';
import type {
  AlertView, ConnectionStateName, FlattenProgress, OrderView, PositionView, SignalView, StorageStateName, TradingMode, TradingStatus, WarmupState,
} from './engine-state.js';

export type EngineEvent =
  | { readonly type: 'candle.closed'; readonly at: number; readonly candle: Candle }
  | { readonly type: 'signal.evaluated'; readonly at: number; readonly symbol: string; readonly signal: SignalView }
  | { readonly type: 'whale.detected'; readonly at: number; readonly whale: WhaleActivity }
  | { readonly type: 'order.updated'; readonly at: number; readonly order: OrderView }
  /** `position` is the position after the change; `closed` when it went flat (then it leaves the list). */
  | { readonly type: 'position.changed'; readonly at: number; readonly position: PositionView; readonly closed: boolean }
  | { readonly type: 'trading_state.changed'; readonly at: number; readonly trading: TradingStatus; readonly previous: TradingStatus }
  | { readonly type: 'mode.changed'; readonly at: number; readonly mode: TradingMode; readonly by: string }
  | { readonly type: 'warmup.progressed'; readonly at: number; readonly warmup: WarmupState }
  | { readonly type: 'feed.state_changed'; readonly at: number; readonly connectionId: string; readonly from: ConnectionStateName | null; readonly to: ConnectionStateName }
  | { readonly type: 'storage.state_changed'; readonly at: number; readonly from: StorageStateName; readonly to: StorageStateName; readonly error: string | null }
  | { readonly type: 'flatten.progressed'; readonly at: number; readonly progress: FlattenProgress }
  | { readonly type: 'alert.raised'; readonly at: number; readonly alert: AlertView }
  | { readonly type: 'command.executed'; readonly at: number; readonly command: Command; readonly origin: CommandOrigin; readonly result: CommandResult };

export type EngineEventType = EngineEvent['type'];
