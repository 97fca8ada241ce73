/**
 * One round of subscribing a connection's topics: send each, wait for its ack (the venue
 * echoes the params), resend a topic that got none, give up after `maxAttempts`. The venue
 * sends no error for a bad subscription, only silence (pacifica-api.md §1.1), so a missing
 * ack is the only failure signal there is.
 */
import type { Clock } from '../../engine/ports/clock.js';
import type { Topic } from './topics.js';

export interface SubscriptionRoundOptions {
  readonly topics: readonly Topic[];
  readonly ackTimeoutMs: number;
  readonly maxAttempts: number;
  readonly clock: Clock;
  readonly send: (topic: Topic) => void;
  /** A topic got no ack after `maxAttempts` sends. */
  readonly onFailed: (topic: Topic, attempts: number) => void;
  /** Every topic is acked or failed. Called once. */
  readonly onSettled: () => void;
}

export interface SubscriptionRound {
  /** Record an ack by canonical key; false when no pending topic matches. */
  ack(key: string): boolean;
  /** Stop all ack timers (socket closed). */
  cancel(): void;
  acked(): number;
  failed(): readonly string[];
}

export function startSubscriptionRound(o: SubscriptionRoundOptions): SubscriptionRound {
  const pending = new Map<string, { topic: Topic; attempts: number; cancel: () => void }>();
  const failed: string[] = [];
  let acked = 0;
  let settled = false;

  const settleIfDone = (): void => {
    if (settled || pending.size > 0) return;
    settled = true;
    o.onSettled();
  };
  const attempt = (topic: Topic, attempts: number): void => {
    o.send(topic);
    const cancel = o.clock.setTimer(o.ackTimeoutMs, () => {
      if (!pending.has(topic.key)) return;
      if (attempts < o.maxAttempts) return attempt(topic, attempts + 1);
      pending.delete(topic.key);
      failed.push(topic.key);
      o.onFailed(topic, attempts);
      settleIfDone();
    });
    pending.set(topic.key, { topic, attempts, cancel });
  };

  for (const t of o.topics) attempt(t, 1);
  settleIfDone();
  return {
    ack(key) {
      const p = pending.get(key);
      if (!p) return false;
      p.cancel();
      pending.delete(key);
      acked += 1;
      settleIfDone();
      return true;
    },
    cancel() {
      for (const p of pending.values()) p.cancel();
      pending.clear();
      settled = true;
    },
    acked: () => acked,
    failed: () => failed,
  };
}
