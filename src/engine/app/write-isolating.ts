/**
 * One bad row must not fail a batch for every other row (a 29-character symbol made every
 * signals insert fail for the whole run). Write the batch in one call; when the store
 * rejects it on its merits (STORE.QUERY_FAILED, not an outage), split it in halves until
 * the rows it rejects are isolated, and hand each of those to `onRejected`. An outage or
 * any other error is rethrown for the caller's own retry path.
 */
import { NexwaveError } from '../core/errors.js';

const rejectedOnMerits = (err: unknown): boolean => err instanceof NexwaveError && err.code === 'STORE.QUERY_FAILED';

/** Returns the number of rows left out. */
export async function writeIsolating<T>(rows: readonly T[], write: (rows: readonly T[]) => Promise<void>, onRejected: (row: T, err: unknown) => void): Promise<number> {
  if (rows.length === 0) return 0;
  try {
    await write(rows);
    return 0;
  } catch (err) {
    if (!rejectedOnMerits(err)) throw err;
    if (rows.length === 1) {
      onRejected(rows[0] as T, err);
      return 1;
    }
    const mid = rows.length >> 1;
    const left = await writeIsolating(rows.slice(0, mid), write, onRejected);
    return left + (await writeIsolating(rows.slice(mid), write, onRejected));
  }
}
