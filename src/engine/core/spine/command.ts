/**
 * Command: everything a trader can do, one discriminated union through one gateway
 * (`engine.execute`). The dangerous ones carry a typed confirmation word, checked by the
 * engine (not only by the surface that asked), so a socket client or a script cannot skip it.
 */
import type { FlattenProgress, TradingMode } from './engine-state.js';

/** Words a person types to confirm a dangerous command. */
export const CONFIRM_WORDS = { flatten: 'FLATTEN', live: 'LIVE', resume: 'RESUME' } as const;

export type Command =
  /** Pause entries: ACTIVE -> REDUCING (exits and reduce-only orders still run). */
  | { readonly type: 'entries.pause' }
  /** Resume entries: REDUCING -> ACTIVE. */
  | { readonly type: 'entries.resume' }
  /** Kill switch: HALTED, cancel every order, close every position reduce-only. */
  | { readonly type: 'positions.flatten'; readonly confirm: string }
  /** Paper/live switch; live needs `confirm` = CONFIRM_WORDS.live. */
  | { readonly type: 'mode.set'; readonly mode: TradingMode; readonly confirm?: string }
  /** Leave HALTED (to ACTIVE). */
  | { readonly type: 'halt.leave'; readonly confirm: string };

export type CommandType = Command['type'];

/** Where a person sent a command from: a console key, or a CLI command. */
export type ClaimedOrigin =
  | { readonly kind: 'console'; readonly key?: string }
  | { readonly kind: 'cli'; readonly command: string };

/**
 * Who sent a command (logged with it). Over the control socket, `claimed` is what the client
 * says it is (a console key in `nexwave attach`, `nexwave flatten`), and pid/uid are the
 * socket peer as the engine checked it (`verified` false when /proc could not confirm it).
 */
export type CommandOrigin =
  | ClaimedOrigin
  | { readonly kind: 'socket'; readonly pid: number | null; readonly uid: number | null; readonly verified?: boolean; readonly claimed?: ClaimedOrigin }
  | { readonly kind: 'engine'; readonly reason: string };

export type CommandResult =
  | { readonly status: 'accepted'; readonly message: string; readonly flatten?: FlattenProgress }
  /** `code` is stable ("COMMAND.CONFIRMATION", "COMMAND.UNAVAILABLE"); `reason` is for a person. */
  | { readonly status: 'refused'; readonly code: string; readonly reason: string };

export function describeOrigin(o: CommandOrigin): string {
  switch (o.kind) {
    case 'console':
      return o.key ? `console (${o.key})` : 'console';
    case 'socket': {
      const peer = `socket pid ${o.pid ?? '?'} uid ${o.uid ?? '?'}${o.verified === false ? ' (unverified)' : ''}`;
      return o.claimed ? `${describeOrigin(o.claimed)} over ${peer}` : peer;
    }
    case 'cli':
      return `cli (${o.command})`;
    case 'engine':
      return `engine (${o.reason})`;
  }
}

export const refused = (code: string, reason: string): CommandResult => ({ status: 'refused', code, reason });
export const accepted = (message: string): CommandResult => ({ status: 'accepted', message });
