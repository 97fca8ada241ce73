/**
 * Process entry for `nexwave` (bin/nexwave.js and `npm start` run the compiled file). Owns
 * the process globals: argv, env, signals and the exit code; everything else is runCli.
 */
import { runCli } from './run-cli.js';

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

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
process.exitCode = code;
