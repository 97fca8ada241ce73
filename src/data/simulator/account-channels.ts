/**
 * The account channels of the simulated venue (pacifica-api.md §1.4): `account_trades`,
 * `account_order_updates`, `account_positions` and `account_info`, subscribed with
 * `{"source":"account_positions","account":"<pubkey>"}` and no signature.
 *
 * What the simulator chose where the venue's docs are silent:
 * - a well-formed address is acknowledged even when the simulator has never seen the account;
 *   such an account gets no positions snapshot (it has nothing) and its pushes start once it
 *   trades. A malformed address gets no ack, like any bad params (topics.ts);
 * - each change pushes, in this order: the fill on `account_trades`, the order on
 *   `account_order_updates`, the positions it changed on `account_positions` (one message per
 *   symbol: the position, or `[]` when it closed, as the docs' example shows), then `account_info`;
 * - only `account_positions` sends a snapshot on subscribe.
 */
import type { AccountSink, OrderEvent, TradeEvent } from './account-events.js';
import { usd } from './account-views.js';
import { exposure, type Account, type Position } from './accounts.js';
import { formatFloat, formatScaled } from './decimal.js';
import type { VenueEngine } from './engine.js';
import { accountTopicKey, type AccountChannel, type Topic } from './topics.js';
import type { Conn, WsHub } from './ws-server.js';

export interface AccountChannels {
  readonly sink: AccountSink;
  /** After a subscribe ack: the positions snapshot for a known account. */
  subscribed(conn: Conn, topic: Topic, acct: Account | undefined): void;
}

const px = (x: number): string => formatFloat(x, 8);

export function createAccountChannels(engine: VenueEngine, hub: WsHub, simNow: () => number): AccountChannels {
  let historyId = 90_000_000;
  const lotExp = (symbol: string): number => engine.markets.get(symbol)?.spec.lotExp ?? 0;
  const push = (channel: AccountChannel, acct: Account, data: unknown, li?: number): void => {
    const subs = hub.subscribers(accountTopicKey(channel, acct.id));
    if (!subs || subs.size === 0) return;
    const text = JSON.stringify(li === undefined ? { channel, data } : { channel, data, li });
    for (const c of subs) hub.send(c, text);
  };

  /** {"i":1500000123,"I":"5f0c…","u":"42trU9A5…","s":"ETH","d":"bid","p":"3012.4","ip":"3012.4","a":"0.5","f":"0.5","oe":"fulfill_limit","os":"filled","ot":"limit","sp":null,"si":null,"r":false,"ct":1764133203991,"ut":1764133656974,"li":1500000124} */
  const orderItem = (acct: Account, o: OrderEvent): Record<string, unknown> => ({
    i: o.orderId, I: o.clientOrderId, u: acct.id, s: o.symbol, d: o.side, p: o.filledLots > 0 ? px(o.avgPrice) : '0', ip: px(o.price),
    a: formatScaled(o.lots, lotExp(o.symbol)), f: formatScaled(o.filledLots, lotExp(o.symbol)), oe: o.event, os: o.status, ot: o.type,
    sp: null, si: null, r: o.reduceOnly, ct: o.createdAt, ut: o.updatedAt, li: engine.lastOrderId(),
  });

  /** {"h":90000001,"i":1500000123,"I":"5f0c…","u":"42trU9A5…","s":"ETH","p":"3012.4","o":"3012.4","a":"0.5","te":"fulfill_maker","ts":"open_long","tc":"normal","f":"0.22593","n":"0","t":1764133656974,"li":1500000124,"it":0} */
  const tradeItem = (acct: Account, t: TradeEvent): Record<string, unknown> => ({
    h: ++historyId, i: t.orderId, I: t.clientOrderId, u: acct.id, s: t.symbol, p: px(t.price), o: px(t.entry), a: formatScaled(t.lots, lotExp(t.symbol)),
    te: t.maker ? 'fulfill_maker' : 'fulfill_taker', ts: t.tradeSide, tc: 'normal', f: px(t.fee), n: px(t.pnl), t: t.time, li: engine.lastOrderId(), it: 0,
  });

  /** {"s":"BTC","d":"bid","a":"0.00022","p":"87185","m":"0","f":"0","i":false,"l":null,"t":1764133203991} */
  const positionItem = (symbol: string, p: Position): Record<string, unknown> => ({
    s: symbol, d: p.side, a: formatScaled(p.lots, lotExp(symbol)), p: px(p.entry), m: '0', f: '0', i: false, l: null, t: p.updatedAt,
  });

  /** {"ae":"10012.5","as":"9800.1","aw":"9800.1","b":"10000","f":0,"mu":"212.4","cm":"106.2","oc":1,"pb":"0","pc":1,"sc":0,"sb":[],"t":1764133656974} */
  const infoItem = (acct: Account): Record<string, unknown> => {
    const { upnl, marginUsed } = exposure(engine, acct);
    const equity = acct.balance + upnl;
    const free = usd(Math.max(0, equity - marginUsed));
    return {
      ae: usd(equity), as: free, aw: free, b: usd(acct.balance), f: 0, mu: usd(marginUsed), cm: usd(marginUsed / 2), oc: acct.orders.size, pb: '0',
      pc: acct.positions.size, sc: 0, sb: [], t: simNow(),
    };
  };

  const sink: AccountSink = {
    traded: (acct, t) => push('account_trades', acct, [tradeItem(acct, t)]),
    orderChanged: (acct, o) => push('account_order_updates', acct, [orderItem(acct, o)]),
    changed(acct, symbols) {
      for (const s of symbols) {
        const p = acct.positions.get(s);
        push('account_positions', acct, p ? [positionItem(s, p)] : [], engine.lastOrderId());
      }
      push('account_info', acct, infoItem(acct));
    },
  };

  return {
    sink,
    subscribed(conn, topic, acct) {
      if (topic.channel !== 'account_positions' || !acct) return;
      const data = [...acct.positions].map(([s, p]) => positionItem(s, p));
      hub.send(conn, JSON.stringify({ channel: 'account_positions', data, li: engine.lastOrderId() }));
    },
  };
}
