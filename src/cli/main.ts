/**
 * Process entry for `nexwave` (bin/nexwave.js and `npm start` run the compiled file). Owns
 * the process globals: argv, env, signals and the exit code; everything else is runCli.
 */
import { runCli } from './run-cli.js';

// React and Ink run their production builds (development React re-checks every render and
// writes warnings over the screen). run-cli.ts loads no UI module, so this is set before
// the console imports React.
process.env.NODE_ENV ??= 'production';

const controller = new AbortController();
let signals = 0;
const onSignal = (name: NodeJS.Signals): void => {
  signals += 1;
  if (signals === 1) {
    process.stderr.write(`nexwave: ${name} received, stopping gracefully (send it again to force)\n`);
    controller.abort(new Error(name));
    return;
  }
  // A second signal means the user no longer wants to wait for the graceful stop.
  process.exit(130);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

/**
 * postgres.js can throw from a socket callback or leave a rejection unhandled when a
 * connection dies at the wrong moment (porsager/postgres #1154, #1192). The query that
 * owned the connection fails or times out and is retried by its caller; the process
 * must not die with the writer's ticks still in memory. Anything else is a bug: report
 * it and stop gracefully so the writer flushes or journals.
 */
const fromDatabaseDriver = (err: unknown): boolean => err instanceof Error && /node_modules[\\/]postgres[\\/]/.test(err.stack ?? '');
const onStray = (kind: string) => (err: unknown): void => {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level: 'error', event: `process.${kind}`, error: message, fatal: !fromDatabaseDriver(err) })}\n`);
  if (!fromDatabaseDriver(err) && !controller.signal.aborted) {
    process.exitCode = 1;
    controller.abort(new Error(kind));
  }
};
process.on('uncaughtException', onStray('uncaught_exception'));
process.on('unhandledRejection', onStray('unhandled_rejection'));

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
process.exitCode = code !== 0 ? code : (process.exitCode ?? 0);
// Everything is flushed, journaled and closed by now; a venue request still retrying in
// the background (an unreachable host) must not keep the process alive.
setTimeout(() => process.exit(), 3_000).unref();
