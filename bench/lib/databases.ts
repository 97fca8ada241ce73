/**
 * Fresh databases per benchmark run, dropped afterwards: a PostgreSQL database
 * `nxbench_<ts>` on the server named by DATABASE_URL (else TEST_DATABASE_URL), and PGlite
 * in a temporary directory. Benchmarks never touch a remote host: the server must be on
 * loopback, so a stray production URL cannot be filled with millions of generated ticks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';

/** A throwaway database or directory and how to get rid of it. */
export interface Fresh<T> {
  readonly value: T;
  dispose(): Promise<void>;
}

/** The PostgreSQL server URL to benchmark on, or a reason there is none. */
export function benchServerUrl(env: NodeJS.ProcessEnv = process.env): { url: string } | { skip: string } {
  const url = env.DATABASE_URL || env.TEST_DATABASE_URL;
  if (!url) return { skip: 'PostgreSQL half skipped: set DATABASE_URL or TEST_DATABASE_URL (a server on loopback) to run it' };
  const host = new URL(url).hostname;
  if (!(host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host === '::1')) {
    return { skip: `PostgreSQL half skipped: ${host} is not a loopback host and benchmarks never write to remote servers` };
  }
  return { url };
}

/** Create `nxbench_<ts>_<n>` next to the server URL's database; dispose drops it (FORCE). */
export async function freshPostgres(serverUrl: string, label: string): Promise<Fresh<string>> {
  const name = `nxbench_${Date.now().toString(36)}_${label.replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    value: u.toString(),
    dispose: async () => {
      const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        // openRuntime keeps simulated data apart in `<db>_sim`: drop that too when a run made it.
        await a.unsafe(`DROP DATABASE IF EXISTS ${name}_sim WITH (FORCE)`);
        await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end({ timeout: 5 });
      }
    },
  };
}

/** A temporary directory (PGlite data dir, journal); dispose removes it. */
export function freshDir(label: string): Fresh<string> {
  const dir = mkdtempSync(join(tmpdir(), `nxbench-${label}-`));
  return { value: dir, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}
