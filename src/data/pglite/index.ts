import { dirname, resolve } from 'node:path';
import { silentLogger, type Logger } from '../../engine/ports/logger.js';
import type { Store } from '../../engine/ports/store.js';
import { createSqlStore } from '../sql/sql-store.js';
import { ensureOwnerDir, restrictTree } from '../files/owner-only.js';
import { inspectDataDir, invalidDataDir, lockDataDir, writeMarker } from './data-dir.js';
import { seedFromTemplate } from './template.js';
import { startWorker } from './worker-proxy.js';
import { errorMessage } from '../../engine/core/error-message.js';

export interface PgliteStoreOptions {
  /** Directory holding the embedded database (created when missing). */
  readonly dataDir: string;
  readonly logger?: Logger;
  /** Another migrations directory (tests). */
  readonly migrationsDir?: string;
}

/**
 * The embedded store: PGlite persisted in `dataDir`, running in a worker thread so a slow query
 * never blocks the UI. A directory that is not ours, or that PGlite cannot open, is refused
 * with STORE.DATA_DIR_INVALID naming the path and what to do.
 */
export async function createPgliteStore(opts: PgliteStoreOptions): Promise<Store> {
  const logger = opts.logger ?? silentLogger;
  const dir = resolve(opts.dataDir);
  const state = inspectDataDir(dir);
  let seeded = false;
  if (state === 'fresh') {
    ensureOwnerDir(dirname(dir));
    const mark = (d: string): void => writeMarker(d, new Date());
    seeded = seedFromTemplate(dir, mark);
    if (seeded) restrictTree(dir);
    else {
      logger.info('store.initialising', { store: `pglite ${dir}`, note: 'no prebuilt template (run npm run build); the first open takes a few seconds' });
      ensureOwnerDir(dir);
      // Marked before PGlite writes anything, so a half-initialised dir reads as ours-but-broken.
      mark(dir);
    }
  }
  const release = lockDataDir(dir);
  const client = await startWorker(dir).catch((err: unknown) => {
    release();
    const why = errorMessage(err);
    throw invalidDataDir(dir, `could not be opened by the embedded database (${why}); it may be corrupted or from an incompatible version`, err);
  });
  // PGlite creates its files 0666 less the umask (often 0644 or 0666), and a template copy
  // keeps the template's modes: owner-only, at open and again at close for the files it
  // created meanwhile.
  restrictTree(dir);
  logger.debug('store.pglite_opened', { store: `pglite ${dir}`, fresh: state === 'fresh', fromTemplate: seeded });
  return createSqlStore({
    kind: 'pglite',
    description: `pglite ${dir}`,
    client,
    migrationsDir: opts.migrationsDir,
    // One worker owns the directory, and its proxy already runs one call at a time.
    withMigrationLock: (fn) => fn(client),
    close: async () => {
      await client.close();
      restrictTree(dir);
      release();
    },
  });
}
