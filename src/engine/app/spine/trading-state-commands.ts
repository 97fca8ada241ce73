/**
 * Handlers for the trading-state commands: pause entries (ACTIVE -> REDUCING), resume
 * (REDUCING -> ACTIVE) and leave HALTED (HALTED -> ACTIVE, confirmed by the gateway).
 * The order gateway enforces the state; here it only changes, is persisted when a
 * `persist` function is given, and is announced as `trading_state.changed`.
 */
import { accepted, refused, type CommandResult } from '../../core/spine/command.js';
import type { TradingStateName, TradingStatus } from '../../core/spine/engine-state.js';
import type { Clock } from '../../ports/clock.js';
import type { CommandGateway } from './command-gateway.js';
import type { Spine } from './spine.js';

export interface TradingStateDeps {
  readonly spine: Spine;
  readonly clock: Clock;
  /** Store the new state before it is announced (a restart comes back in it). */
  readonly persist?: (status: TradingStatus) => Promise<void>;
}

/** Change the trading state (persisted first, then announced). Used by commands, risk and the kill switch. */
export async function setTradingState(deps: TradingStateDeps, state: TradingStateName, reason: string, by: string): Promise<TradingStatus> {
  const previous = deps.spine.store.getState().run.trading;
  const next: TradingStatus = { state, since: deps.clock.now(), reason, by };
  await deps.persist?.(next);
  deps.spine.emit({ type: 'trading_state.changed', at: next.since, trading: next, previous });
  return next;
}

/** Pause and resume differ only in the state they move to and the words they answer with. */
interface EntriesMove {
  readonly to: 'ACTIVE' | 'REDUCING';
  readonly reason: string;
  readonly already: string;
  readonly done: string;
}

const PAUSE: EntriesMove = { to: 'REDUCING', reason: 'entries paused', already: 'entries were already paused (REDUCING)', done: 'entries paused: REDUCING (exits and reduce-only orders still run)' };
const RESUME: EntriesMove = { to: 'ACTIVE', reason: 'entries resumed', already: 'entries were already active (ACTIVE)', done: 'entries resumed: ACTIVE' };

export function registerTradingStateCommands(gateway: CommandGateway, deps: TradingStateDeps): void {
  const current = (): TradingStateName => deps.spine.store.getState().run.trading.state;
  const moveEntries = async (m: EntriesMove, by: string): Promise<CommandResult> => {
    const s = current();
    if (s === 'HALTED') return refused('TRADING.HALTED', 'trading is HALTED: leave HALTED first (it needs the typed confirmation)');
    // Until the saved state is read, a change here could overwrite a saved HALTED.
    if (s === 'RESTORING') return refused('TRADING.RESTORING', 'trading is still RESTORING its saved state (start-up): try again in a moment');
    if (s === m.to) return accepted(m.already);
    await setTradingState(deps, m.to, m.reason, by);
    return accepted(m.done);
  };
  gateway.handle('entries.pause', (_c, ctx) => moveEntries(PAUSE, ctx.by));
  gateway.handle('entries.resume', (_c, ctx) => moveEntries(RESUME, ctx.by));
  gateway.handle('halt.leave', async (_c, ctx) => {
    if (current() !== 'HALTED') return refused('TRADING.NOT_HALTED', `trading is ${current()}, not HALTED: nothing to leave`);
    await setTradingState(deps, 'ACTIVE', 'left HALTED', ctx.by);
    return accepted('left HALTED: ACTIVE');
  });
}
