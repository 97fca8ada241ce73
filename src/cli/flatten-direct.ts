/**
 * `nexwave flatten [--live]` with no engine running: the kill switch on the account itself. It refuses
 * to race a running engine on the same data dir (that engine's kill switch is the one to
 * use). Paper: the paper account in the database is closed at the venue's current book
 * (fetched over REST); --live: the Pacifica account, over signed REST. Prints one line per symbol; exit 0 only when flat.
 * The kill switch runs as a `positions.flatten` Command through a command gateway of its own
 * (validated like a socket frame, confirmation word checked, `command.executed` logged with
 * origin `cli`), the same code path a running engine's console key or socket client takes.
 */
import { join } from 'node:path';
import { createFileTradingSpill } from '../data/files/trading-spill.js';
import { createPaperBroker, type PaperBroker } from '../data/paper/paper-broker.js';
import type { PaperDoc } from '../data/paper/paper-doc.js';
import { createPacificaRest, type PacificaRest } from '../data/pacifica/rest-client.js';
import type { TradingStore } from '../engine/ports/trading-store.js';
import { errorMessage } from '../engine/core/error-message.js';
import { CONFIRM_WORDS, type Command } from '../engine/core/spine/command.js';
import { parseCommand } from '../engine/core/spine/command-schema.js';
import { assembleTradingDeps } from '../engine/app/trading/assemble.js';
import { createTrading } from '../engine/app/trading/trading-service.js';
import type { FlattenProgress } from '../engine/core/spine/engine-state.js';
import type { BookSnapshot } from '../engine/core/types.js';
import { systemClock } from '../engine/ports/clock.js';
import { createRuntimeControl, resolveVenue } from './compose-runtime.js';
import { connectLive, liveUnavailable } from './compose-trading.js';
import type { CommandContext } from './context.js';
import { lockEngine } from './engine-lock.js';
import { openStore } from './open-store.js';
import { flattenRowLabel } from '../engine/core/spine/flatten-label.js';

/** The per-symbol report, one line each, then the verdict. */
export function formatFlatten(p: FlattenProgress): string {
  const lines = p.symbols.map((s) => `${flattenRowLabel(s, p.symbols).padEnd(10)} ${s.status}${s.detail ? `  ${s.detail}` : ''}`);
  const verdict = p.flat ? `FLAT: ${p.symbols.length} position(s) closed, ${p.ordersCancelled} order(s) cancelled; trading HALTED` : 'NOT FLAT: see the failed symbols above; trading HALTED';
  return `${[...lines, verdict].join('\n')}\n`;
}

/** The kill switch on the account itself (no engine running): paper, or live with --live; `word` is the typed confirmation. */
export async function flattenDirect(ctx: CommandContext, word: string): Promise<number> {
  const parsed = parseCommand({ type: 'positions.flatten', confirm: word });
  if (!parsed.ok || word !== CONFIRM_WORDS.flatten) {
    // Checked again by the gateway; refused here so a wrong word opens no account at all.
    ctx.stderr.write(`nexwave flatten: confirmation must be "${CONFIRM_WORDS.flatten}" (got "${word.slice(0, 32)}"): nothing was done\n`);
    return 2;
  }
  const missing = ctx.args.live ? liveUnavailable(ctx.config) : null;
  if (missing) {
    ctx.stderr.write(`nexwave flatten --live: refused: ${missing}\n`);
    return 1;
  }
  let release: () => void;
  try {
    release = lockEngine(ctx, 'nexwave flatten refused (it will not race a running engine)');
  } catch (err) {
    ctx.stderr.write(`${errorMessage(err)}\n`);
    return 2;
  }
  try {
    return await flattenAccount(ctx, parsed.command);
  } catch (err) {
    ctx.stderr.write(`nexwave flatten: ${errorMessage(err)}\n`);
    return 1;
  } finally {
    release();
  }
}

async function flattenAccount(ctx: CommandContext, command: Command): Promise<number> {
  const venue = await resolveVenue(ctx);
  const opened = await openStore({ databaseUrl: ctx.config.databaseUrl, dataDir: ctx.dataDir, sim: venue === 'simulator', logger: ctx.logger });
  const store = opened.store;
  try {
    await store.migrate();
    const control = createRuntimeControl(ctx, venue);
    const rest = createPacificaRest({ baseUrl: ctx.config.pacifica.apiUrl, logger: ctx.logger, apiKey: ctx.config.pacifica.apiKey });
    const t = store.trading ?? null;
    const paper = ctx.args.live ? null : await paperAtBook(ctx, t, rest);
    const broker = paper ?? (await connectLive(ctx.config, ctx.config.pacifica.apiUrl, systemClock));
    if (broker.mode === 'live') control.spine.emit({ type: 'mode.changed', at: systemClock.now(), mode: 'live', by: 'cli (nexwave flatten --live)' });
    // The engine's kept-writes file: what the database cannot take now is stored at the next start.
    const spill = createFileTradingSpill(venue === 'simulator' ? join(ctx.dataDir, 'sim') : ctx.dataDir);
    const deps = assembleTradingDeps({ control, clock: systemClock, broker, store: t, strategyId: ctx.config.strategy.id, mark: () => undefined, spill });
    const trading = createTrading(deps, { liveUnavailable: () => 'n/a' });
    trading.register(control.gateway);
    await trading.start();
    const result = await control.sink.execute(command, { kind: 'cli', command: `nexwave flatten${ctx.args.live ? ' --live' : ''}` });
    await trading.stop();
    await paper?.drain(5_000);
    paper?.stop();
    const progress = control.spine.store.getState().flatten;
    control.close();
    if (progress === null || progress.finishedAt === null) {
      ctx.stderr.write(`nexwave flatten: ${result.status === 'refused' ? `refused (${result.code}): ${result.reason}` : 'the kill switch reported no outcome'}\n`);
      return 1;
    }
    ctx.stdout.write(`${broker.mode} account (${opened.location})\n${formatFlatten(progress)}`);
    return result.status === 'accepted' && progress.flat ? 0 : 1;
  } finally {
    await store.close();
  }
}

/** The stored paper account, priced at the venue's current books (fetched over REST). */
async function paperAtBook(ctx: CommandContext, t: TradingStore | null, rest: PacificaRest): Promise<PaperBroker> {
  const books = new Map<string, BookSnapshot>();
  const broker = createPaperBroker({
    clock: systemClock, book: (s) => books.get(s), mark: () => undefined, fees: ctx.config.paper, startingBalance: ctx.config.portfolioValue,
    persist: { load: () => t?.loadPaperState() ?? Promise.resolve(null), save: (d: PaperDoc) => t?.savePaperState(d) ?? Promise.resolve() },
  });
  await broker.load();
  for (const p of await broker.positions()) {
    try {
      books.set(p.symbol, await rest.getBook(p.symbol));
    } catch (err) {
      ctx.stderr.write(`${p.symbol}: no book from ${ctx.config.pacifica.apiUrl} (${errorMessage(err)})\n`);
    }
  }
  return broker;
}
