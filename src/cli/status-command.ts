/**
 * `nexwave status [--json] [--sim]`: what the engine on this data dir is doing, for a
 * person, a script or a phone over SSH. With an engine running it asks it over the control
 * socket (read-only); without one it says so plainly and reads what the database holds.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { within } from '../engine/app/within.js';
import { errorMessage } from '../engine/core/error-message.js';
import { systemClock } from '../engine/ports/clock.js';
import type { CommandContext } from './context.js';
import { suggesterOf, type Suggester } from './invocation.js';
import { connectEngine } from './control.js';
import { openStore } from './open-store.js';
import { duration, STATUS_EXIT, statusExitCode, statusText } from './status-text.js';

const DB_DEADLINE_MS = 5_000;

export async function runStatus(ctx: CommandContext): Promise<number> {
  const client = await connectEngine(ctx, { readOnly: true });
  if (client === null) return offlineStatus(ctx);
  const state = client.source.getState();
  client.close();
  const now = Date.now();
  ctx.stdout.write(ctx.args.json ? `${JSON.stringify(state)}\n` : statusText(state, now, ctx.dataDir));
  return statusExitCode(state, now);
}

/** What the database says while no engine runs. */
export interface OfflineStatus {
  readonly running: false;
  readonly dataDir: string;
  readonly database: { readonly location: string; readonly reachable: boolean; readonly error: string | null };
  readonly pairs: number | null;
  readonly lastTickAt: number | null;
  readonly signals: readonly { readonly symbol: string; readonly decision: string; readonly reason: string | null; readonly at: number }[];
}

async function offlineStatus(ctx: CommandContext): Promise<number> {
  const status = await readDatabase(ctx);
  ctx.stdout.write(ctx.args.json ? `${JSON.stringify(status)}\n` : offlineText(status, Date.now(), suggesterOf(ctx), ctx.args.sim));
  return STATUS_EXIT.notRunning;
}

async function readDatabase(ctx: CommandContext): Promise<OfflineStatus> {
  const base = { running: false as const, dataDir: ctx.dataDir, pairs: null, lastTickAt: null, signals: [] };
  const embedded = join(ctx.dataDir, ...(ctx.args.sim ? ['sim'] : []), 'pglite');
  if (ctx.config.databaseUrl === undefined && !existsSync(embedded)) {
    return { ...base, database: { location: `pglite ${embedded}`, reachable: false, error: 'no database yet (the engine never ran on this data dir)' } };
  }
  let location = ctx.config.databaseUrl === undefined ? `pglite ${embedded}` : 'postgres';
  try {
    const opened = await within(systemClock, DB_DEADLINE_MS, 'opening the database', openStore({ databaseUrl: ctx.config.databaseUrl, dataDir: ctx.dataDir, sim: ctx.args.sim, logger: ctx.logger }), 'STORE.UNAVAILABLE');
    location = opened.location;
    try {
      const ask = <T>(what: string, p: Promise<T>): Promise<T> => within(systemClock, DB_DEADLINE_MS, what, p, 'STORE.UNAVAILABLE');
      const pairs = await ask('pairs', opened.store.loadPairs());
      const last = await ask('last ticks', opened.store.lastTicks());
      const signals = await ask('signals', opened.store.loadSignals({ limit: 5 }));
      const lastTickAt = Math.max(0, ...[...last.values()].map((t) => t.time)) || null;
      return {
        ...base, database: { location, reachable: true, error: null }, pairs: pairs.filter((p) => p.isActive).length, lastTickAt,
        signals: signals.map((s) => ({ symbol: s.symbol, decision: s.decision, reason: s.reason, at: s.time })),
      };
    } finally {
      await opened.store.close().catch(() => {});
    }
  } catch (err) {
    return { ...base, database: { location, reachable: false, error: errorMessage(err) } };
  }
}

/** `sim`: the status read the simulation database, so the engine to start is a simulated one. */
export function offlineText(s: OfflineStatus, now: number, suggest: Suggester, sim = false): string {
  const ago = (t: number): string => {
    const when = `${new Date(t).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
    // A simulator at --speed 60 stamps trades ahead of the wall clock.
    return t > now ? `${when} (simulated time)` : `${when} (${duration(now - t)} ago)`;
  };
  const lines = [
    `engine      NOT RUNNING on data dir ${s.dataDir} (start it with \`${suggest.command(sim ? '--sim' : '')}\` or \`${suggest.command(sim ? 'headless --sim' : 'headless')}\`)`,
    `database    ${s.database.location} · ${s.database.reachable ? 'reachable' : `UNREACHABLE: ${s.database.error ?? ''}`}`,
  ];
  if (s.database.reachable) {
    lines.push(`pairs       ${s.pairs ?? 0} active`, `last tick   ${s.lastTickAt === null ? 'none stored' : ago(s.lastTickAt)}`);
    s.signals.forEach((g, i) => lines.push(`${i === 0 ? 'signals' : ''}`.padEnd(12) + `${ago(g.at)} ${g.symbol} ${g.decision}${g.reason ? ` (${g.reason})` : ''}`));
  }
  return `${lines.join('\n')}\n`;
}
