import postgres from 'postgres';
import { randomBytes } from 'node:crypto';

/** The server PostgreSQL test URL, or undefined (PostgreSQL suites are then skipped). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** `describe.skipIf(!hasPg)` for suites that need the server PostgreSQL. */
export const hasPg = Boolean(TEST_DATABASE_URL);

/**
 * Create a fresh, empty database next to TEST_DATABASE_URL's and return its URL and a
 * drop function (which drops its `_sim` twin too). Every test file gets its own database, so suites can run in parallel.
 */
export async function createTempDatabase(prefix = 'nxt'): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const a = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      // A --sim run on this URL keeps its data in <name>_sim: it goes too.
      await a.unsafe(`DROP DATABASE IF EXISTS ${name}_sim WITH (FORCE)`);
      await a.end();
    },
  };
}
