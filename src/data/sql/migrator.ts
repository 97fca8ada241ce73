import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NexwaveError } from '../../engine/core/errors.js';
import type { AppliedMigration } from '../../engine/ports/store.js';
import type { SqlClient } from './sql-client.js';
import { num } from './sql-client.js';
import { errorMessage } from '../../engine/core/error-message.js';

/** A numbered SQL file from `migrations/` (e.g. `003_candles.sql`). */
export interface MigrationFile extends AppliedMigration {
  readonly sql: string;
}

export interface MigrationRun {
  readonly applied: readonly AppliedMigration[];
  readonly alreadyApplied: number;
}

const FILE_RE = /^(\d+)_[\w.-]+\.sql$/;

/** Read and checksum every `NNN_name.sql` in `dir`, ordered by version. */
export function loadMigrations(dir: string): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((f) => FILE_RE.test(f))
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      const version = Number(FILE_RE.exec(name)?.[1]);
      return { version, name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    })
    .sort((a, b) => a.version - b.version);
  files.forEach((f, i) => {
    const prev = files[i - 1];
    if (prev && prev.version === f.version) {
      throw new NexwaveError('STORE.MIGRATION_FAILED', `migrations ${prev.name} and ${f.name} share version ${f.version}`);
    }
  });
  return files;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Apply pending migrations, each in its own transaction together with its `schema_migrations`
 * row, so a failure leaves the schema exactly as the previous migration left it. The caller
 * serialises concurrent runs (advisory lock on PostgreSQL, one worker on PGlite).
 */
export async function runMigrations(client: SqlClient, files: readonly MigrationFile[]): Promise<MigrationRun> {
  await client.query(CREATE_TABLE);
  const rows = await client.query('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
  const done = new Map(rows.map((r) => [num(r.version), { name: String(r.name), checksum: String(r.checksum) }]));
  for (const f of files) {
    const prior = done.get(f.version);
    if (prior && (prior.checksum !== f.checksum || prior.name !== f.name)) {
      throw new NexwaveError(
        'STORE.MIGRATION_EDITED',
        `migration ${f.name} was changed after it was applied as ${prior.name} (checksum ${prior.checksum.slice(0, 12)}… ` +
          `now ${f.checksum.slice(0, 12)}…); restore the original file and put the change in a new numbered migration`,
      );
    }
  }
  const applied: AppliedMigration[] = [];
  for (const f of files.filter((m) => !done.has(m.version))) {
    await applyOne(client, f);
    applied.push({ version: f.version, name: f.name, checksum: f.checksum });
  }
  return { applied, alreadyApplied: files.length - applied.length };
}

async function applyOne(client: SqlClient, f: MigrationFile): Promise<void> {
  try {
    await client.transaction(async (tx) => {
      await tx.exec(f.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        f.version,
        f.name,
        f.checksum,
      ]);
    });
  } catch (err) {
    // A lost connection is worth retrying as is; anything else is the migration's own fault.
    if (err instanceof NexwaveError && err.code === 'STORE.UNAVAILABLE') throw err;
    const message = errorMessage(err);
    throw new NexwaveError('STORE.MIGRATION_FAILED', `migration ${f.name} failed and was rolled back: ${message}`, {
      cause: err,
    });
  }
}
