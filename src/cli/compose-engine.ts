/**
 * The engine commands besides `headless` (headless-command.ts): `sim` (the
 * Pacifica-compatible simulator alone) and `backtest`.
 */
import { suggesterOf } from './invocation.js';
import { startSimulator } from '../data/simulator/index.js';
import { runBacktestCommand } from './backtest-command.js';
import type { CommandContext } from './context.js';
import { stopSignal, waitForAbort } from './stop-signal.js';

/** `nexwave sim`: serve the simulator on loopback until SIGINT/SIGTERM. */
export async function runSim(ctx: CommandContext): Promise<number> {
  const { port, seed, speed, pairs } = ctx.args;
  const sim = await startSimulator({ port, seed, speed, ...(pairs ? { pairs } : {}) });
  ctx.stdout.write(
    [
      `nexwave sim: seed ${seed}, speed ${speed}x, ${sim.symbols.length} pairs`,
      `  WebSocket  ${sim.wsUrl}`,
      `  REST       ${sim.apiUrl}`,
      `  control    ${sim.controlUrl}`,
      `connect with: ${suggesterOf(ctx).command(`headless --ws-url ${sim.wsUrl} --api-url ${sim.apiUrl}`)}`,
      ...(suggesterOf(ctx).note ? [suggesterOf(ctx).note] : []),
      'Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  const stop = stopSignal(ctx);
  await waitForAbort(stop.signal, 10_000, () => ctx.logger.info('sim.status', { trades: sim.ledger.count() }));
  stop.dispose();
  await sim.stop();
  ctx.stdout.write(`nexwave sim: stopped after ${sim.ledger.count()} trades\n`);
  return 0;
}

/** `nexwave backtest`: the strategy over stored candles with the paper fill model. */
export async function runBacktest(ctx: CommandContext): Promise<number> {
  return runBacktestCommand(ctx);
}
