/**
 * `nexwave` / `nexwave console`. The terminal UI arrives with a later issue; until then this
 * says so plainly and points at `nexwave headless` with the same flags, exit 0.
 */
import type { CommandContext } from './context.js';
import { suggesterOf } from './invocation.js';

/** Print where the engine can be run today; resolves to exit code 0. */
export async function runConsole(ctx: CommandContext): Promise<number> {
  const flags = [
    ctx.args.sim ? '--sim' : '',
    ctx.args.sim ? `--speed ${ctx.args.speed} --seed ${ctx.args.seed}` : '',
    ctx.args.backfill ? '' : '--no-backfill',
  ].filter(Boolean);
  const suggest = suggesterOf(ctx);
  const headless = suggest.command(['headless', ...flags].join(' '));
  ctx.stdout.write(
    [
      'nexwave console: the terminal UI is not built yet.',
      `Run the same engine without it:  ${headless}`,
      ...(suggest.note ? [suggest.note] : []),
      `(add --duration <seconds> to stop it by itself; \`${suggest.program} --help\` lists every command)`,
      `data dir: ${ctx.dataDir}`,
      '',
    ].join('\n'),
  );
  return 0;
}
