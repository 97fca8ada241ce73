/**
 * When the market feed is silent: no message for longer than `silentAfterMs`, counted from
 * the last message, or from when the feed started connecting if none ever came (a feed that
 * never delivers is the silence that matters most).
 */
import type { FeedState } from '../../core/spine/engine-state.js';

export type SilenceChange = { readonly silent: true; readonly message: string } | { readonly silent: false };

/** Feed it every sample; it answers when the feed goes silent or speaks again, else null. */
export type FeedSilenceWatch = (feed: Pick<FeedState, 'connections' | 'lastMessageAt'>, now: number) => SilenceChange | null;

export function createFeedSilenceWatch(silentAfterMs: number): FeedSilenceWatch {
  let watchingSince: number | null = null;
  let silent = false;
  return (feed, now) => {
    if (watchingSince === null && feed.connections.length > 0) watchingSince = now;
    const from = feed.lastMessageAt ?? watchingSince;
    const quiet = from !== null && now - from > silentAfterMs;
    if (quiet === silent) return null;
    silent = quiet;
    if (!quiet) return { silent: false };
    const secs = Math.round((now - (from ?? now)) / 1000);
    return { silent: true, message: feed.lastMessageAt === null ? `no market data at all ${secs} s after the feed started connecting` : `no market data for ${secs} s` };
  };
}
