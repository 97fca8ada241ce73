/**
 * Exponential backoff with "full jitter" (AWS architecture blog): the delay for
 * attempt n is uniform in [base·2^n / 2, base·2^n], capped. `rand` is a number in
 * [0, 1) supplied by the caller, so the function stays pure and testable.
 */
export interface BackoffPolicy {
  /** First delay (ms) before jitter. */
  readonly baseMs: number;
  /** Upper bound on any delay (ms). */
  readonly capMs: number;
  /** False: the plain doubling base·2^n, capped, with no jitter (default true). */
  readonly jitter?: boolean;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000 };

/** Retrying a local write (the database coming back): soon at first, never more than 5 s apart. */
export const WRITE_RETRY_BACKOFF: BackoffPolicy = { baseMs: 100, capMs: 5_000 };

/** Delay before retry `attempt` (0 = first retry). Always in (0, capMs] (with jitter; without, exactly the capped doubling). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, rand: number): number {
  if (!Number.isFinite(attempt) || attempt < 0) throw new RangeError(`bad attempt ${attempt}`);
  if (!(rand >= 0 && rand < 1)) throw new RangeError(`rand must be in [0,1): ${rand}`);
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  if (policy.jitter === false) return exp;
  return Math.max(1, Math.round(exp / 2 + (exp / 2) * rand));
}
