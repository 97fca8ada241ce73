/**
 * A fresh, migrated store per benchmark run on either backend, with the insert path the
 * app uses (compose-runtime.ts: COPY on PostgreSQL, insertTicks on PGlite).
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
  /** Where it lives (no secrets): "postgres nxbench_..." or "pglite /tmp/...". */
  readonly where: string;
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
      store, insert: (t) => store.copyTicks(t), where: `postgres ${new URL(db.value).pathname.slice(1)}`,
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
    store, insert: (t) => store.insertTicks(t), where: `pglite ${dir.value}`,
    close: async () => {
      await store.close();
      await dir.dispose();
    },
  };
}
