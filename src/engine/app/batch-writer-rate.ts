/**
 * Rows committed per second over a sliding window (default 5 s), from commit
 * events stamped with the injected clock. Buckets of one second keep it O(window).
 */
export class RateWindow {
  private readonly buckets = new Map<number, number>();

  constructor(private readonly windowMs = 5_000) {}

  add(now: number, rows: number): void {
    const key = Math.floor(now / 1000);
    this.buckets.set(key, (this.buckets.get(key) ?? 0) + rows);
    this.prune(now);
  }

  perSecond(now: number): number {
    this.prune(now);
    let sum = 0;
    for (const n of this.buckets.values()) sum += n;
    return sum / (this.windowMs / 1000);
  }

  private prune(now: number): void {
    const oldest = Math.floor((now - this.windowMs) / 1000);
    for (const key of this.buckets.keys()) if (key <= oldest) this.buckets.delete(key);
  }
}
