/**
 * `nexwave flatten [--live]`: the kill switch from any shell, without an engine. It refuses
 * to race a running engine on the same data dir (that engine's kill switch is the one to
 * use). Paper: the paper account in the database is closed at the venue's current book
 * (fetched over REST). Prints one line per symbol; exit 0 only when flat.
 */
import { createPaperBroker } from '../data/paper/paper-broker.js';
import type { PaperDoc } from '../data/paper/paper-doc.js';
import { createPacificaRest } from '../data/pacifica/rest-client.js';
import { errorMessage } from '../engine/app/error-message.js';
import { assembleTradingDeps } from '../engine/app/trading/assemble.js';
import { createTrading } from '../engine/app/trading/trading-service.js';
import type { FlattenProgress } from '../engine/core/spine/engine-state.js';
import type { BookSnapshot } from '../engine/core/types.js';
import { systemClock } from '../engine/ports/clock.js';
import { createRuntimeControl, runtimeVenue } from './compose-runtime.js';
import { liveUnavailable } from './compose-trading.js';
import type { CommandContext } from './context.js';
import { lockEngine } from './engine-lock.js';
import { openStore } from './open-store.js';

/** The per-symbol report, one line each, then the verdict. */
export function formatFlatten(p: FlattenProgress): string {
  const lines = p.symbols.map((s) => `${s.symbol.padEnd(10)} ${s.status}${s.detail ? `  ${s.detail}` : ''}`);
  const verdict = p.flat ? `FLAT: ${p.symbols.length} position(s) closed, ${p.ordersCancelled} order(s) cancelled; trading HALTED` : 'NOT FLAT: see the failed symbols above; trading HALTED';
  return `${[...lines, verdict].join('\n')}\n`;
}

export async function runFlatten(ctx: CommandContext): Promise<number> {
  if (ctx.args.live) {
    ctx.stderr.write(`nexwave flatten --live: refused: ${liveUnavailable(ctx.config)}\n`);
    return 1;
  }
  let release: () => void;
  try {
    release = lockEngine(ctx.dataDir, 'nexwave flatten refused (it will not race a running engine)');
  } catch (err) {
    ctx.stderr.write(`${errorMessage(err)}\n`);
    return 2;
  }
  try {
    return await flattenPaper(ctx);
  } finally {
    release();
  }
}

async function flattenPaper(ctx: CommandContext): Promise<number> {
  const venue = runtimeVenue(ctx);
  const opened = await openStore({ databaseUrl: ctx.config.databaseUrl, dataDir: ctx.dataDir, sim: venue === 'simulator', logger: ctx.logger });
  const store = opened.store;
  try {
    await store.migrate();
    const control = createRuntimeControl(ctx);
    const rest = createPacificaRest({ baseUrl: ctx.config.pacifica.apiUrl, logger: ctx.logger, apiKey: ctx.config.pacifica.apiKey });
    const books = new Map<string, BookSnapshot>();
    const t = store.trading ?? null;
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
    const deps = assembleTradingDeps({ control, clock: systemClock, broker, store: t, strategyId: ctx.config.strategy.id, mark: () => undefined });
    const trading = createTrading(deps, { liveUnavailable: () => liveUnavailable(ctx.config) });
    await trading.start();
    const progress = await trading.flatten('cli (nexwave flatten)');
    await trading.stop();
    await broker.drain(5_000);
    broker.stop();
    control.close();
    ctx.stdout.write(`paper account (${opened.location})\n${formatFlatten(progress)}`);
    return progress.flat ? 0 : 1;
  } finally {
    await store.close();
  }
}
