/**
 * Runs once before the suite: says plainly whether the PostgreSQL suites run.
 * Set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run them.
 */
export default function setup(): void {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    process.stdout.write(`[nexwave tests] PostgreSQL suites: RUNNING against TEST_DATABASE_URL (${url.replace(/\/\/.*@/, '//***@')})\n`);
  } else {
    process.stdout.write('[nexwave tests] PostgreSQL suites: SKIPPED (TEST_DATABASE_URL not set); PGlite suites run.\n');
  }
}
