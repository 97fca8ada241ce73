import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../../src/engine/ports/store.js';
import { defaultMigrationsDir } from '../../../src/data/sql/migrations-dir.js';

export type Row = Record<string, unknown>;

/** A store on its own fresh database, plus raw SQL access for checks the port does not offer. */
export interface StoreHarness {
  /** The current store (replaced by `reopen`). */
  readonly store: Store;
  /** Close the store and open a new one on the same database. */
  reopen(migrationsDir?: string): Promise<Store>;
  /** Raw SQL on the same database (PGlite: briefly closes the store, which owns the directory). */
  raw(text: string, params?: unknown[]): Promise<Row[]>;
  dispose(): Promise<void>;
}

export type OpenHarness = (migrationsDir?: string) => Promise<StoreHarness>;

/** A private copy of the real migrations, to edit or extend in a test. */
export function copyMigrations(): { dir: string; add(name: string, sql: string): void; edit(name: string): void; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'nexwave-migrations-'));
  cpSync(defaultMigrationsDir(), dir, { recursive: true });
  return {
    dir,
    add: (name, sql) => writeFileSync(join(dir, name), sql),
    edit: (name) => appendFileSync(join(dir, name), '\n-- an innocent-looking edit\n'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
