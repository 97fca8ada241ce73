/**
 * Start-up recovery and reconciliation, per mode. The book holds the positions of both
 * modes (a switch back to paper leaves live positions open), so a restart loads both, and
 * each mode that has positions is compared with its own venue until they are closed.
 */
import type { TradingMode } from '../../core/spine/engine-state.js';
import { errorMessage } from '../../core/error-message.js';
import type { ModeSources } from './mode-switch.js';
import type { BrokerOf, OrderManager } from './order-manager.js';
import type { PositionKeeper } from './position-keeper.js';
import type { TradingDeps } from './trading-deps.js';

const MODES: readonly TradingMode[] = ['paper', 'live'];

/** The modes with positions or open orders in the book, and the current one (current first). */
export function modesInUse(deps: TradingDeps, om: OrderManager, keeper: PositionKeeper): TradingMode[] {
  const now = deps.broker.mode;
  const used = new Set<TradingMode>([now, ...keeper.all().map((p) => p.mode), ...om.open().map((o) => o.mode)]);
  return [now, ...MODES.filter((m) => m !== now && used.has(m))];
}

/**
 * Load the stored positions and orders of every mode this runtime can trade (both with a
 * switchable broker) and resolve the orders with their venue. Live positions found while
 * trading paper connect the live broker to manage them; when it cannot connect they are
 * shown anyway and an alert says they are not managed.
 */
export async function restoreBooks(deps: TradingDeps, om: OrderManager, keeper: PositionKeeper, brokerOf: BrokerOf, modes?: ModeSources): Promise<void> {
  const kept: readonly TradingMode[] = modes ? MODES : [deps.broker.mode];
  for (const mode of kept) {
    const positions = (await deps.store?.loadPositions(mode)) ?? [];
    const orders = (await deps.store?.loadOpenOrders(mode)) ?? [];
    if (positions.length + orders.length === 0) continue;
    if (!brokerOf(mode) && modes && mode === 'live') await attachLive(deps, modes, positions.length + orders.length);
    keeper.load(positions);
    const r = await om.recover(orders);
    if (r.resolved > 0) deps.logger.info('orders.recovered', { mode, ...r });
  }
}

async function attachLive(deps: TradingDeps, modes: ModeSources, count: number): Promise<void> {
  try {
    modes.broker.attach(await modes.connectLive());
    deps.logger.warn('mode.live_kept', { note: `${count} live position(s)/order(s) restored while trading ${deps.broker.mode}: managed on the live venue` });
  } catch (err) {
    deps.alerts.raise('error', 'trading.live_unmanaged', `${count} live position(s)/order(s) restored but the live venue is unavailable (${errorMessage(err)}): shown, NOT managed`);
  }
}

/** Compare each mode in use with its venue: adopt what the current mode's venue has that the book does not; alert on what the book has that a venue does not. */
export async function reconcileBooks(deps: TradingDeps, om: OrderManager, keeper: PositionKeeper, brokerOf: BrokerOf): Promise<void> {
  for (const mode of modesInUse(deps, om, keeper)) {
    const broker = brokerOf(mode);
    if (!broker) continue;
    const venue = await broker.positions();
    // Only the mode traded now adopts: the other mode's account is watched for our own positions, not taken over.
    const adopted = mode === deps.broker.mode ? keeper.adopt(venue, mode) : [];
    if (adopted.length > 0) deps.alerts.raise('warn', 'reconcile.external', `adopted ${adopted.length} ${mode} position(s) not opened here: ${adopted.map((p) => p.symbol).join(', ')}`);
    const missing = keeper.inMode(mode).filter((p) => !venue.some((v) => v.symbol === p.symbol));
    if (missing.length > 0) deps.alerts.raise('error', 'reconcile.mismatch', `database has ${mode} positions the venue does not: ${missing.map((p) => p.symbol).join(', ')}`);
  }
}
