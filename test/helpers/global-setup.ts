/**
 * Runs once around the suite.
 * - Says plainly whether the PostgreSQL suites run. Set TEST_DATABASE_URL (e.g.
 *   postgres://postgres@127.0.0.1:5432/test) to run them.
 * - Gives the run its own temp dir: TMPDIR points at a fresh directory that the test workers
 *   (and the processes they spawn with process.env) inherit, so every mkdtemp(tmpdir()) of a
 *   test lands inside it, and it is removed when the run ends, whatever a test left behind.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Prefix of the per-run temp dir (test/helpers/temp-dir.test.ts checks the workers see it). */
export const RUN_TMP_PREFIX = 'nexwave-test-run-';

export default function setup(): () => void {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    process.stdout.write(`[nexwave tests] PostgreSQL suites: RUNNING against TEST_DATABASE_URL (${url.replace(/\/\/.*@/, '//***@')})\n`);
  } else {
    process.stdout.write('[nexwave tests] PostgreSQL suites: SKIPPED (TEST_DATABASE_URL not set); PGlite suites run.\n');
  }
  const before = process.env.TMPDIR;
  const runDir = mkdtempSync(join(tmpdir(), RUN_TMP_PREFIX));
  process.env.TMPDIR = runDir;
  return () => {
    const left = readdirSync(runDir).length;
    rmSync(runDir, { recursive: true, force: true });
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    if (left > 0) process.stdout.write(`[nexwave tests] removed ${left} temp entries the tests left in ${runDir}\n`);
  };
}
