/**
 * `mode.set`: paper <-> live. Live needs credentials, a live broker that answers, and a
 * successful reconciliation (positions and open orders fetched; positions this console did
 * not open are adopted as external); the typed word is checked by the gateway.
 *
 * A switch only changes where new entries go. Positions and orders of the mode left behind
 * stay in the book, with their mode: they are shown, marked, and their exits, the kill
 * switch and reconciliation keep going to that mode's broker until they are closed. So
 * switching back to paper with live positions open is accepted (the live ones are not
 * abandoned), and so is going live with paper positions open (the paper venue runs in
 * this process and keeps filling them).
 */
import { accepted, refused, type CommandResult } from '../../core/spine/command.js';
import type { TradingMode } from '../../core/spine/engine-state.js';
import type { Exchange } from '../../ports/exchange.js';
import { errorMessage } from '../../core/error-message.js';
import type { PositionKeeper } from './position-keeper.js';
import type { SwitchableBroker } from './switchable-broker.js';
import type { TradingDeps } from './trading-deps.js';

export interface ModeSources {
  readonly broker: SwitchableBroker;
  readonly paper: Exchange;
  /** Connect the live broker; throws with the reason it cannot (missing key named, venue error). */
  readonly connectLive: () => Promise<Exchange>;
  /**
   * Stop what a broker runs (its account stream): for a live broker connected for a switch
   * that then failed. One switched away from is kept, for the positions still open on it.
   */
  readonly release?: (b: Exchange) => Promise<void>;
}

export async function switchMode(deps: TradingDeps, keeper: PositionKeeper, src: ModeSources, to: TradingMode, by: string): Promise<CommandResult> {
  const from = src.broker.mode;
  if (to === from) return accepted(`already in ${from} mode`);
  let next: Exchange;
  try {
    // A live broker kept for live positions still open is reused (it answered before).
    next = to === 'live' ? (src.broker.of('live') ?? (await src.connectLive())) : src.paper;
  } catch (err) {
    return refused('MODE.LIVE_UNAVAILABLE', `live trading refused: ${errorMessage(err)}; still ${from}`);
  }
  let positions;
  try {
    [positions] = await Promise.all([next.positions(), next.openOrders()]);
  } catch (err) {
    // A live broker connected just for this switch is let go again (one kept for open live positions stays).
    if (next !== src.broker.of(to)) await src.release?.(next).catch(() => {});
    return refused('MODE.RECONCILE_FAILED', `reconciliation with the ${to} venue failed: ${errorMessage(err)}; still ${from}`);
  }
  src.broker.switchTo(next);
  keeper.adopt(positions, to);
  deps.spine.emit({ type: 'mode.changed', at: deps.clock.now(), mode: to, by });
  await keeper.refreshAccount();
  const left = keeper.inMode(from).length;
  deps.logger.warn('mode.changed', { from, to, by, leftOpen: left });
  return accepted(left > 0 ? `now trading ${to}; ${left} ${from} position(s) still open stay managed on the ${from} venue` : `now trading ${to}`);
}
