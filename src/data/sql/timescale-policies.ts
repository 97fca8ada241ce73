import type { SqlClient } from './sql-client.js';

/**
 * Apply the configured tick ages to TimescaleDB's own jobs (migration 005 installs the
 * defaults: compress after 7 days, drop after 90). Only called when the extension is in
 * use; like 005 itself, NOT exercised by the test suite (TimescaleDB cannot be installed
 * on the machines that run it).
 */
export async function applyTimescalePolicies(db: SqlClient, p: { retentionDays: number; compressionDays: number }): Promise<void> {
  await db.query("SELECT remove_compression_policy('ticks', if_exists => true)");
  await db.query("SELECT add_compression_policy('ticks', make_interval(days => $1::int))", [p.compressionDays]);
  await db.query("SELECT remove_retention_policy('ticks', if_exists => true)");
  await db.query("SELECT add_retention_policy('ticks', make_interval(days => $1::int))", [p.retentionDays]);
}
