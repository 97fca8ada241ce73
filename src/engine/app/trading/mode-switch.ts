/**
 * `mode.set`: paper <-> live. Live needs credentials, a live broker that answers, and a
 * successful reconciliation (positions and open orders fetched; positions this console did
 * not open are adopted as external); the typed word is checked by the gateway. A switch is
 * refused while the current mode still has positions or open orders (flatten or close
 * them first), so positions of two modes are never mixed in one book.
 */
import { accepted, refused, type CommandResult } from '../../core/spine/command.js';
import type { TradingMode } from '../../core/spine/engine-state.js';
import type { Exchange } from '../../ports/exchange.js';
import { errorMessage } from '../error-message.js';
import type { OrderManager } from './order-manager.js';
import type { PositionKeeper } from './position-keeper.js';
import type { SwitchableBroker } from './switchable-broker.js';
import type { TradingDeps } from './trading-deps.js';

export interface ModeSources {
  readonly broker: SwitchableBroker;
  readonly paper: Exchange;
  /** Connect the live broker; throws with the reason it cannot (missing key named, venue error). */
  readonly connectLive: () => Promise<Exchange>;
  /** A broker no longer used (switched away from, or never switched to): stop what it runs. */
  readonly release?: (b: Exchange) => Promise<void>;
}

export async function switchMode(deps: TradingDeps, om: OrderManager, keeper: PositionKeeper, src: ModeSources, to: TradingMode, by: string): Promise<CommandResult> {
  const from = src.broker.mode;
  if (to === from) return accepted(`already in ${from} mode`);
  const busy = keeper.all().length + om.open().length;
  if (busy > 0) return refused('MODE.BUSY', `${from} mode still has ${keeper.all().length} position(s) and ${om.open().length} open order(s): close or flatten them first; still ${from}`);
  const prev = src.broker.current();
  let next: Exchange;
  try {
    next = to === 'live' ? await src.connectLive() : src.paper;
  } catch (err) {
    return refused('MODE.LIVE_UNAVAILABLE', `live trading refused: ${errorMessage(err)}; still ${from}`);
  }
  try {
    const [positions] = await Promise.all([next.positions(), next.openOrders()]);
    src.broker.switchTo(next);
    keeper.load((await deps.store?.loadPositions(to)) ?? []);
    await om.recover((await deps.store?.loadOpenOrders(to)) ?? []);
    keeper.adopt(positions);
  } catch (err) {
    src.broker.switchTo(prev);
    if (next !== prev) await src.release?.(next).catch(() => {});
    return refused('MODE.RECONCILE_FAILED', `reconciliation with the ${to} venue failed: ${errorMessage(err)}; still ${from}`);
  }
  if (prev !== next) await src.release?.(prev).catch((err: unknown) => deps.logger.warn('mode.release_failed', { error: errorMessage(err) }));
  deps.spine.emit({ type: 'mode.changed', at: deps.clock.now(), mode: to, by });
  await keeper.refreshAccount();
  deps.logger.warn('mode.changed', { from, to, by });
  return accepted(`now trading ${to}`);
}
