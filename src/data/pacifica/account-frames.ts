/**
 * Account channel frames (pacifica-api.md §1.4) for dispatch.ts: each account channel's data
 * parsed by parse-account-channels.ts into one typed frame, or `malformed` with its channel
 * as the kind, so the account stream counts it and carries on.
 */
import type { VenueAccount, VenueOrder, VenuePosition } from '../../engine/ports/exchange.js';
import { parseAccountInfo, parseAccountTrades, parseOrderUpdates, parsePositionPush, type AccountFill } from './parse-account-channels.js';
import { sampleOf } from './schema-primitives.js';

export const ACCOUNT_CHANNELS = ['account_info', 'account_positions', 'account_order_updates', 'account_trades'] as const;
export type AccountChannel = (typeof ACCOUNT_CHANNELS)[number];

/** Elements of a list that failed validation (the good ones are kept). */
interface Invalid {
  readonly invalid: number;
  readonly sample: string | null;
}

export type AccountFrame =
  | ({ readonly kind: 'account_order_updates'; readonly orders: VenueOrder[] } & Invalid)
  | ({ readonly kind: 'account_trades'; readonly fills: AccountFill[] } & Invalid)
  | ({ readonly kind: 'account_positions'; readonly positions: VenuePosition[] } & Invalid)
  | { readonly kind: 'account_info'; readonly account: VenueAccount };

export type AccountDispatch = AccountFrame | { readonly kind: 'malformed'; readonly reason: AccountChannel; readonly sample: string };

export const isAccountChannel = (channel: string): channel is AccountChannel => (ACCOUNT_CHANNELS as readonly string[]).includes(channel);

/** Parse the data of one account channel frame. */
export function dispatchAccount(channel: AccountChannel, data: unknown): AccountDispatch {
  const bad = (): AccountDispatch => ({ kind: 'malformed', reason: channel, sample: sampleOf(data) });
  switch (channel) {
    case 'account_order_updates': {
      const r = parseOrderUpdates(data);
      return r ? { kind: channel, orders: r.items, invalid: r.invalid, sample: r.sample } : bad();
    }
    case 'account_trades': {
      const r = parseAccountTrades(data);
      return r ? { kind: channel, fills: r.items, invalid: r.invalid, sample: r.sample } : bad();
    }
    case 'account_positions': {
      const r = parsePositionPush(data);
      return r ? { kind: channel, positions: r.items, invalid: r.invalid, sample: r.sample } : bad();
    }
    case 'account_info': {
      const account = parseAccountInfo(data);
      return account ? { kind: channel, account } : bad();
    }
  }
}
