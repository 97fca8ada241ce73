/**
 * Process entry for `nexwave` (bin/nexwave.js and `npm start` run the compiled file). Owns
 * the process globals: argv, env, signals, stdout/stderr and the exit code; everything else
 * is runCli.
 */
import type { Output } from './context.js';
import { StopRequest, type StopCause } from './exit-codes.js';
import { programName } from './invocation.js';
import { runCli } from './run-cli.js';

// React and Ink run their production builds (development React re-checks every render and
// writes warnings over the screen). run-cli.ts loads no UI module, so this is set before
// the console imports React.
process.env.NODE_ENV ??= 'production';

// Everything nexwave creates (data dir, journal, dead letters, the embedded database's files,
// which PGlite creates 0666 less the umask) is for the owner only; files also set their modes.
process.umask(0o077);

const controller = new AbortController();
const requestStop = (why: StopCause): void => {
  if (!controller.signal.aborted) controller.abort(new StopRequest(why));
};
let signals = 0;
const onSignal = (name: 'SIGINT' | 'SIGTERM'): void => {
  signals += 1;
  if (signals === 1) {
    errOut.write(`nexwave: ${name} received, stopping gracefully (send it again to force)\n`);
    requestStop(name);
    return;
  }
  // A second signal means the user no longer wants to wait for the graceful stop.
  process.exit(130);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

/**
 * A reader that goes away (`nexwave headless | head`) makes the next write fail with EPIPE,
 * reported as an 'error' event on the stream. Without a listener that is an uncaught
 * exception; with this one, writes to that stream are dropped from then on, and a closed
 * stdout stops the run gracefully (the summary then goes to stderr).
 */
function guarded(stream: NodeJS.WriteStream, onClosed: () => void): Output {
  let closed = false;
  stream.on('error', () => {
    if (closed) return;
    closed = true;
    onClosed();
  });
  return {
    write: (text: string) => !closed && stream.write(text),
    get closed() {
      return closed;
    },
    ...(stream.isTTY ? { tty: stream } : {}),
  };
}
const errOut = guarded(process.stderr, () => undefined);
const out = guarded(process.stdout, () => requestStop('stdout closed'));

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
  errOut.write(`${JSON.stringify({ t: new Date().toISOString(), level: 'error', event: `process.${kind}`, error: message, fatal: !fromDatabaseDriver(err) })}\n`);
  if (!fromDatabaseDriver(err) && !controller.signal.aborted) {
    process.exitCode = 1;
    requestStop('fatal');
  }
};
process.on('uncaughtException', onStray('uncaught_exception'));
process.on('unhandledRejection', onStray('unhandled_rejection'));

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: out,
  stderr: errOut,
  signal: controller.signal,
  program: programName(process.argv[1], process.env, process.cwd()),
});
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
process.exitCode = code !== 0 ? code : (process.exitCode ?? 0);
// Everything was stopped and awaited (each with a deadline) before runCli returned, and its
// last line is out: exit as soon as stdout and stderr are flushed, not when a handle still
// winding down lets go (a probe of a silent database, a venue request past its deadline).
await Promise.all([flushed(process.stdout, out), flushed(process.stderr, errOut)]);
process.exit();

/** Resolves once what was written to `stream` has been handed to the OS (at most 1 s). */
function flushed(stream: NodeJS.WriteStream, guard: Output): Promise<void> {
  if (guard.closed === true || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 1_000);
    stream.write('', () => (clearTimeout(timer), resolve()));
  });
}
