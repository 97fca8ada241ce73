/**
 * The live Pacifica broker: signed REST orders (pacifica-api.md §2.5, signed as in §3 with
 * signing.ts), prices and amounts rounded to the tick and lot from `/info`, venue errors
 * typed by rest-errors.ts (retryable or not), every request inside the credit budget.
 * The keys never leave this module: errors and logs carry paths and venue messages only.
 * An order's answer is read back over REST (open orders, then order history by
 * client_order_id); what happens to it later (a resting order filled or cancelled at the
 * venue), positions and account figures come from the account stream, cross-checked by REST
 * polls (account-sync.ts), once `startSync` runs.
 */
import { NexwaveError } from '../../engine/core/errors.js';
import { floorToStep, stepDecimals } from '../../engine/core/guards.js';
import type { BackoffPolicy } from '../../engine/core/backoff.js';
import type { Venue } from '../../engine/core/types.js';
import type { Clock } from '../../engine/ports/clock.js';
import type { Exchange, PlaceOrderRequest, VenueOrder } from '../../engine/ports/exchange.js';
import type { Logger } from '../../engine/ports/logger.js';
import type { ConnectionStatus } from '../../engine/ports/market-feed.js';
import type { MarketInfo } from '../../engine/ports/market-rest.js';
import { createAccountSync, type AccountSync, type CrossCheckTiming } from './account-sync.js';
import { createCreditBudget, DEFAULT_CREDITS, type CreditPolicy } from './credit-budget.js';
import { parseAccount, parseOrders, parsePositions } from './parse-account.js';
import { parseInfo } from './parse-info.js';
import { createRestTransport } from './rest-transport.js';
import { parseSecretKey, signOperation } from './signing.js';

export interface LiveCredentials {
  /** Main account public key (PACIFICA_ACCOUNT). */
  readonly account: string;
  /** Signing secret (PACIFICA_AGENT_WALLET_PRIVKEY): the agent's, or the main key's. */
  readonly secret: string;
  /** The agent public key when an agent wallet signs (PACIFICA_AGENT_WALLET_PUBKEY). */
  readonly agentWallet?: string;
}

export interface LiveBrokerOptions {
  readonly baseUrl: string;
  readonly clock: Clock;
  readonly credentials: LiveCredentials;
  readonly apiKey?: string;
  readonly credits?: CreditPolicy;
  /** Market orders' slippage_percent when the request has none (default 0.5). */
  readonly slippagePct?: number;
  readonly fetchImpl?: typeof fetch;
  /** The account stream's WebSocket (the venue's one endpoint); absent: REST polls only. */
  readonly stream?: { readonly url: string; readonly venue: Venue; readonly pingIntervalMs?: number; readonly staleAfterMs?: number; readonly backoff?: BackoffPolicy };
  readonly crossCheck?: CrossCheckTiming;
  readonly logger?: Logger;
}

export interface LiveBroker extends Exchange {
  /** Read /info (tick and lot per symbol); needed before the first order. */
  loadMarkets(): Promise<void>;
  /** Follow the account: subscribe its stream (when configured) and start the REST cross-check. */
  startSync(): Promise<void>;
  /** Stop the stream and the polls. */
  close(): Promise<void>;
  /** The account stream's connection, for the engine state (empty without one). */
  connections(): readonly ConnectionStatus[];
  syncCounters(): ReturnType<AccountSync['counters']>;
}

const SILENT: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

const fmt = (x: number, step: number): string => x.toFixed(stepDecimals(step));

export function createLiveBroker(o: LiveBrokerOptions): LiveBroker {
  const key = parseSecretKey(o.credentials.secret, 'PACIFICA_AGENT_WALLET_PRIVKEY');
  // Without an agent wallet the main key signs: then its public key must be the account.
  const agent = o.credentials.agentWallet ?? (key.publicKey === o.credentials.account ? undefined : key.publicKey);
  const transport = createRestTransport({ baseUrl: o.baseUrl, clock: o.clock, ...(o.apiKey ? { apiKey: o.apiKey } : {}), ...(o.fetchImpl ? { fetchImpl: o.fetchImpl } : {}) });
  const budget = createCreditBudget(o.credits ?? DEFAULT_CREDITS, o.clock);
  const markets = new Map<string, MarketInfo>();
  let takerFee = 0.0004;

  const get = async (path: string): Promise<unknown> => {
    await budget.take(1);
    return transport.send('GET', path, { account: o.credentials.account }, undefined);
  };
  const post = async (path: string, type: string, payload: Record<string, unknown>, cost = 1): Promise<unknown> => {
    await budget.take(cost);
    const header = signOperation(key, type, payload, o.clock.now());
    return transport.send('POST', path, {}, { account: o.credentials.account, ...(agent ? { agent_wallet: agent } : {}), ...header, ...payload });
  };
  const market = (symbol: string): MarketInfo => {
    const m = markets.get(symbol);
    if (!m) throw new NexwaveError('EXCHANGE.BAD_REQUEST', `${symbol} is not listed in /info`);
    return m;
  };
  const amountText = (m: MarketInfo, amount: number): string => {
    const a = floorToStep(amount, m.lotSize);
    if (!(a > 0)) throw new NexwaveError('EXCHANGE.BAD_REQUEST', `amount ${amount} ${m.symbol} is below one lot (${m.lotSize})`);
    return fmt(a, m.lotSize);
  };
  const priceText = (m: MarketInfo, price: number): string => fmt(Math.round(price / m.tickSize) * m.tickSize, m.tickSize);
  const orders = async (path: string): Promise<VenueOrder[]> => parseOrders(await get(path), takerFee, o.clock.now());

  const pastOrder = async (cid: string): Promise<VenueOrder | null> => (await orders('/orders/history')).find((x) => x.clientOrderId === cid) ?? null;
  const sync = createAccountSync({
    clock: o.clock, logger: o.logger ?? SILENT, takerFee: () => takerFee, crossCheck: o.crossCheck,
    rest: { openOrders: () => orders('/orders'), pastOrder, positions: async () => parsePositions(await get('/positions')) },
    stream: o.stream ? { ...o.stream, account: o.credentials.account } : null,
  });
  const findOrder = async (cid: string, resting = true): Promise<VenueOrder | null> => {
    const open = resting ? (await orders('/orders')).find((x) => x.clientOrderId === cid) : undefined;
    const past = open ? null : await pastOrder(cid);
    // A resting order recorded open but no longer listed has been cancelled (its fills are in the position).
    const found = open ?? (past && past.status === 'open' ? { ...past, status: 'cancelled' as const, reason: 'no longer open at the venue' } : past);
    // The caller applies what it asked for; the stream and the polls will not repeat it.
    if (found) sync.merge.read(found, false);
    return found;
  };

  return {
    mode: 'live',
    async loadMarkets() {
      const parsed = parseInfo(await transport.send('GET', '/info', {}, undefined));
      if (!parsed) throw new NexwaveError('FEED.MALFORMED', '/info did not return a list');
      for (const m of parsed.items) markets.set(m.symbol, m);
      takerFee = (await this.account()).takerFee ?? takerFee;
    },
    async placeOrder(req: PlaceOrderRequest) {
      const m = market(req.symbol);
      const base = { symbol: req.symbol, amount: amountText(m, req.amount), side: req.side === 'buy' ? 'bid' : 'ask', reduce_only: req.reduceOnly, client_order_id: req.clientOrderId };
      if (req.type === 'market') await post('/orders/create_market', 'create_market_order', { ...base, slippage_percent: String(req.slippagePct ?? o.slippagePct ?? 0.5) });
      else {
        if (req.price === null || !(req.price > 0)) throw new NexwaveError('EXCHANGE.BAD_REQUEST', 'limit orders need a price > 0');
        await post('/orders/create', 'create_order', { ...base, price: priceText(m, req.price), tif: 'GTC' });
      }
      // A market order never rests: its outcome is in the history.
      const found = await findOrder(req.clientOrderId, req.type === 'limit');
      if (!found) throw new NexwaveError('EXCHANGE.SERVER', `order ${req.clientOrderId} accepted but not found at the venue yet`);
      return found;
    },
    getOrder: (cid) => findOrder(cid),
    async cancelOrder(symbol, cid) {
      await post('/orders/cancel', 'cancel_order', { symbol, client_order_id: cid }, 0.5);
    },
    async cancelAll() {
      const r = (await post('/orders/cancel_all', 'cancel_all_orders', { all_symbols: true, exclude_reduce_only: false }, 0.5)) as { cancelled_count?: unknown } | null;
      return typeof r?.cancelled_count === 'number' ? r.cancelled_count : 0;
    },
    openOrders: () => orders('/orders'),
    positions: async () => parsePositions(await get('/positions')),
    account: async () => parseAccount(await get('/account')),
    onOrderUpdate: (l) => sync.onOrder(l),
    onPositions: (l) => sync.onPositions(l),
    onAccount: (l) => sync.onAccount(l),
    startSync: () => sync.start(),
    close: () => sync.stop(),
    connections: () => sync.status(),
    syncCounters: () => sync.counters(),
  };
}
