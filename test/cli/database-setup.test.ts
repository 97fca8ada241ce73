/**
 * A server database that does not exist yet. `--sim` creates `<name>_sim` from the
 * server's maintenance database (the base database need not exist); anywhere else the
 * error says how to create the missing database.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/built.js';
import { startCli } from '../helpers/cli-child.js';
import { hasPg, TEST_DATABASE_URL } from '../helpers/pg.js';

const home = mkdtempSync(join(tmpdir(), 'nexwave-dbsetup-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe.skipIf(!hasPg)('a database that does not exist yet (PostgreSQL)', () => {
  const name = `nxmissing_${randomBytes(4).toString('hex')}`;
  const server = new URL(TEST_DATABASE_URL ?? 'postgres://localhost');
  const missing = new URL(server.toString());
  missing.pathname = `/${name}`;
  let admin: postgres.Sql;

  beforeAll(() => {
    ensureBuilt();
    admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}_sim" WITH (FORCE)`);
    await admin.end();
  });

  it('migrate --sim creates <name>_sim although <name> itself does not exist', async () => {
    const child = startCli(['migrate', '--sim', '--database-url', missing.toString()], { HOME: home });
    expect(await child.exit(60_000)).toBe(0);
    expect(child.stdout()).toMatch(/^applied 001_core\.sql$/m);
    expect(await admin`SELECT 1 FROM pg_database WHERE datname = ${`${name}_sim`}`).toHaveLength(1);
    expect(await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`).toHaveLength(0);
  });

  it('migrate on a missing database says how to create it (exit 1)', async () => {
    const child = startCli(['migrate', '--database-url', missing.toString()], { HOME: home });
    expect(await child.exit(60_000)).toBe(1);
    const user = decodeURIComponent(server.username);
    expect(child.stderr()).toContain(`database "${name}" does not exist`);
    expect(child.stderr()).toContain(`create it with: createdb -h ${server.hostname} -p ${server.port || '5432'}${user ? ` -U ${user}` : ''} ${name}`);
    expect(child.stderr()).toContain(`CREATE DATABASE "${name}";`);
  });
});
