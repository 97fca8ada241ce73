import { describe, expect, it } from 'vitest';
import { NexwaveError } from '../../../src/engine/core/errors.js';
import { startWorker } from '../../../src/data/pglite/worker-proxy.js';

const crashing = new URL('./fixtures/crashing-worker.mjs', import.meta.url);

describe('pglite worker proxy', () => {
  it('rejects every pending and later call with a clear error when the worker dies', async () => {
    const client = await startWorker('/nonexistent/for-this-test', crashing);
    expect(await client.query('SELECT 1')).toEqual([{ ok: 1 }]);
    // A transaction: BEGIN is answered, the statement inside is never answered.
    const inTx = client.transaction((tx) => tx.query('SELECT 2'));
    const queued = client.query('SELECT 3');
    for (const p of [inTx, queued, client.exec('SELECT 4')]) {
      const err = await p.then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(NexwaveError);
      expect(err).toMatchObject({ code: 'STORE.UNAVAILABLE' });
      expect((err as Error).message).toMatch(/pglite worker for \/nonexistent\/for-this-test stopped \(exit code 3\)/);
    }
    await expect(client.query('SELECT 5')).rejects.toMatchObject({ code: 'STORE.UNAVAILABLE' });
    await client.close();
  });
});
