/** What a key (or a command's answer) asks the console to do; see bindings.ts and ui-reducer.ts. */
import type { CommandResult } from '../engine/core/spine/command.js';

export type ConfirmKind = 'flatten' | 'live' | 'resume';

export type UiAction =
  | { readonly type: 'move'; readonly by: number }
  | { readonly type: 'focus'; readonly by: number }
  | { readonly type: 'details' }
  | { readonly type: 'timeframe' }
  | { readonly type: 'filter.start' }
  | { readonly type: 'pause' }
  | { readonly type: 'mode' }
  | { readonly type: 'confirm.open'; readonly what: ConfirmKind }
  | { readonly type: 'detach' }
  | { readonly type: 'help' }
  | { readonly type: 'quit' }
  | { readonly type: 'quit.confirm' }
  | { readonly type: 'type'; readonly text: string }
  | { readonly type: 'erase' }
  | { readonly type: 'submit' }
  | { readonly type: 'cancel' }
  /** A command sent from an overlay or a key was answered. */
  | { readonly type: 'result'; readonly result: CommandResult };
