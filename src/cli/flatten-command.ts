/**
 * `nexwave flatten [--confirm FLATTEN]`: the kill switch from any shell. With an engine
 * running on the data dir, it asks that engine over the control socket (never races it),
 * prints the per-symbol report and exits 0 only when flat. Without one, it hands over to
 * `flattenWithoutEngine` (order management acting directly on the account).
 */
import { createInterface } from 'node:readline/promises';
import type { ControlClient } from '../data/control-socket/client.js';
import { CONFIRM_WORDS } from '../engine/core/spine/command.js';
import type { FlattenProgress } from '../engine/core/spine/engine-state.js';
import { NexwaveError } from '../engine/core/errors.js';
import type { CommandContext } from './context.js';
import { suggesterOf } from './invocation.js';
import { connectEngine } from './control.js';
import { flattenDirect } from './flatten-direct.js';
import { STATUS_EXIT } from './status-text.js';
import { flattenRowLabel } from '../engine/core/spine/flatten-label.js';

/** Exit codes of `nexwave flatten` (README "Commands"). */
export const FLATTEN_EXIT = { flat: 0, notFlat: 1, usage: 2, notRunning: STATUS_EXIT.notRunning } as const;
/** Longest wait for the engine's kill switch to finish (its own retries are bounded well inside this). */
const FLATTEN_DEADLINE_MS = 180_000;

export async function runFlatten(ctx: CommandContext): Promise<number> {
  const client = await connectEngine(ctx, { readOnly: false });
  if (client === null) return flattenWithoutEngine(ctx);
  try {
    const word = ctx.args.confirm ?? (await ask(ctx, engineScope(client)));
    return await flattenThrough(ctx, client, word);
  } finally {
    client.close();
  }
}

/**
 * No engine on this data dir: the same typed word as the engine asks for (from --confirm, or
 * typed on a terminal), then order management acts on the account directly, through a command
 * gateway of its own (flatten-direct.ts).
 */
export async function flattenWithoutEngine(ctx: CommandContext): Promise<number> {
  const account = ctx.args.live ? 'the live Pacifica account' : 'the paper account';
  const word = ctx.args.confirm ?? (await ask(ctx, `No engine is running on ${ctx.dataDir}: every open order of ${account} would be cancelled and every position closed.\n`));
  return flattenDirect(ctx, word);
}

function engineScope(client: ControlClient): string {
  const s = client.source.getState();
  return `Engine pid ${s.run.pid} (${s.run.mode}): ${s.positions.length} positions and ${s.orders.open.length} open orders would be closed and cancelled.\n`;
}

/** The typed word, asked for on a terminal; without one, a usage error (exit 2) naming the flag. */
async function ask(ctx: CommandContext, scope: string): Promise<string> {
  if (process.stdin.isTTY !== true) throw new NexwaveError('CLI.USAGE', `no terminal to ask for confirmation: pass --confirm ${CONFIRM_WORDS.flatten}; nothing was done`);
  ctx.stdout.write(scope);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(`Type ${CONFIRM_WORDS.flatten} to flatten everything: `)).trim();
  } catch (err) {
    // Ctrl-C at the prompt (readline's AbortError): a cancel, not a failure.
    if (err instanceof Error && err.name === 'AbortError') throw new NexwaveError('APP.STOPPED', 'cancelled at the prompt: nothing was done');
    throw err;
  } finally {
    rl.close();
  }
}

async function flattenThrough(ctx: CommandContext, client: ControlClient, word: string): Promise<number> {
  const sentAt = Date.now();
  const result = await client.sink.execute({ type: 'positions.flatten', confirm: word }, { kind: 'cli', command: 'nexwave flatten' });
  if (result.status === 'refused') {
    ctx.stderr.write(`nexwave flatten: refused by the engine (${result.code}): ${result.reason}\n`);
    return FLATTEN_EXIT.notFlat;
  }
  ctx.stdout.write(`nexwave flatten: ${result.message}\n`);
  const done = await finished(client, sentAt, result.flatten ?? null);
  if (done === null) {
    ctx.stderr.write(`nexwave flatten: the kill switch did not finish within ${FLATTEN_DEADLINE_MS / 1000} s; see \`${suggesterOf(ctx).command('status')}\`\n`);
    return FLATTEN_EXIT.notFlat;
  }
  ctx.stdout.write(flattenReport(done, suggesterOf(ctx).command('status')));
  return done.flat ? FLATTEN_EXIT.flat : FLATTEN_EXIT.notFlat;
}

/** The kill switch's finished run (from the result or, while it runs, from the state), null past the deadline or if the engine went away. */
function finished(client: ControlClient, sentAt: number, first: FlattenProgress | null): Promise<FlattenProgress | null> {
  const pick = (f: FlattenProgress | null): FlattenProgress | null => (f && f.finishedAt !== null && f.startedAt >= sentAt - 1_000 ? f : null);
  const now = pick(first) ?? pick(client.source.getState().flatten);
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const stop = (v: FlattenProgress | null): void => (clearTimeout(timer), unsubscribe(), resolve(v));
    const timer = setTimeout(() => stop(null), FLATTEN_DEADLINE_MS);
    const unsubscribe = client.source.subscribe(() => {
      const f = pick(client.source.getState().flatten);
      if (f) stop(f);
    });
    void client.closed.then(() => stop(pick(client.source.getState().flatten)));
  });
}

export function flattenReport(f: FlattenProgress, statusCommand: string): string {
  const lines = [`cancelled ${f.ordersCancelled} open orders`, ...f.symbols.map((s) => `${flattenRowLabel(s, f.symbols).padEnd(10)} ${s.status}${s.detail ? `: ${s.detail}` : ''}`)];
  lines.push(f.flat ? 'FLAT: no position and no open order left' : `NOT FLAT: see the lines above and \`${statusCommand}\``);
  return `${lines.join('\n')}\n`;
}
