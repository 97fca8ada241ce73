/**
 * A fresh, migrated store per benchmark run on either backend, with the insert path the
 * app's writer uses (compose-runtime.ts: store.insertTicks, unnest batches, on both).
 */
import { join } from 'node:path';
import type { InsertFn } from '../../src/engine/app/batch-writer.js';
import type { Store } from '../../src/engine/ports/store.js';
import { createPgliteStore } from '../../src/data/pglite/index.js';
import { createPostgresStore } from '../../src/data/postgres/index.js';
import { freshDir, freshPostgres } from './databases.js';

export type Backend = 'postgres' | 'pglite';

/** An opened, migrated store and its cleanup. */
export interface BenchStore {
  readonly store: Store;
  readonly insert: InsertFn;
  close(): Promise<void>;
}

/** Open a fresh store; `serverUrl` is required for PostgreSQL. */
export async function openBenchStore(backend: Backend, label: string, serverUrl?: string): Promise<BenchStore> {
  if (backend === 'postgres') {
    if (!serverUrl) throw new Error('openBenchStore: PostgreSQL needs a server URL');
    const db = await freshPostgres(serverUrl, label);
    const store = createPostgresStore({ url: db.value });
    await store.migrate();
    return {
      store, insert: (t) => store.insertTicks(t),
      close: async () => {
        await store.close();
        await db.dispose();
      },
    };
  }
  const dir = freshDir('pglite');
  const store = await createPgliteStore({ dataDir: join(dir.value, 'db') });
  await store.migrate();
  return {
    store, insert: (t) => store.insertTicks(t),
    close: async () => {
      await store.close();
      await dir.dispose();
    },
  };
}
