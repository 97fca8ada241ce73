import type { Tick } from '../core/types.js';

/** Ticks waiting for the database, with when each arrived (for lag). */
export interface QueuedBatch {
  readonly ticks: readonly Tick[];
  /** Clock time the oldest of these ticks reached the writer. */
  readonly since: number;
}

/**
 * FIFO of pushed ticks, kept as the arrays callers pushed (no per-tick copying
 * on the hot path); `take` cuts a batch of at most `n` rows off the front.
 */
export class TickQueue {
  private chunks: QueuedBatch[] = [];
  private head = 0;
  private rows = 0;

  get depth(): number {
    return this.rows;
  }

  /** Arrival time of the oldest queued tick, or null when empty. */
  get oldestSince(): number | null {
    return this.chunks[this.head]?.since ?? null;
  }

  push(ticks: readonly Tick[], since: number): void {
    if (ticks.length === 0) return;
    this.chunks.push({ ticks, since });
    this.rows += ticks.length;
  }

  /** Put a batch back at the front (a write that must be retried keeps its place). */
  unshift(batch: QueuedBatch): void {
    if (batch.ticks.length === 0) return;
    this.compact();
    this.chunks.unshift(batch);
    this.rows += batch.ticks.length;
  }

  /** Remove up to `n` rows from the front as one batch, or null when empty. */
  take(n: number): QueuedBatch | null {
    const first = this.chunks[this.head];
    if (!first) return null;
    const since = first.since;
    const out: Tick[] = [];
    while (out.length < n) {
      const c = this.chunks[this.head];
      if (!c) break;
      const room = n - out.length;
      if (c.ticks.length <= room) {
        for (const t of c.ticks) out.push(t);
        this.head++;
      } else {
        for (let i = 0; i < room; i++) out.push(c.ticks[i] as Tick);
        this.chunks[this.head] = { ticks: c.ticks.slice(room), since: c.since };
      }
    }
    this.rows -= out.length;
    if (this.head > 1024) this.compact();
    return { ticks: out, since };
  }

  /** Remove everything, oldest first. */
  drain(): QueuedBatch[] {
    const all = this.chunks.slice(this.head);
    this.chunks = [];
    this.head = 0;
    this.rows = 0;
    return all;
  }

  private compact(): void {
    this.chunks = this.chunks.slice(this.head);
    this.head = 0;
  }
}
