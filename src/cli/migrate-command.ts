/**
 * `nexwave migrate`: open the store, apply pending migrations, print each one applied (or
 * "schema up to date"), exit 0. A failing migration was rolled back by the store; its
 * error names the file and carries the database's message, printed here with exit 1.
 */
import { isStopped, unlessStopped } from '../engine/app/within.js';
import type { CommandContext } from './context.js';
import { interruptedExitCode } from './exit-codes.js';
import { openStore } from './open-store.js';

/** Run the migrate command; resolves to the process exit code. */
export async function runMigrate(ctx: CommandContext): Promise<number> {
  ctx.stdout.write(`data dir: ${ctx.dataDir}\nopening the ${ctx.config.databaseUrl === undefined ? 'embedded database' : 'database server'}...\n`);
  const { store, location, prepare } = await openStore({
    databaseUrl: ctx.config.databaseUrl,
    dataDir: ctx.dataDir,
    sim: ctx.args.sim,
    logger: ctx.logger,
    prepareNow: false,
  });
  try {
    ctx.stdout.write(`database: ${location}\n`);
    // A server may keep us waiting (up to its deadlines); the first Ctrl-C ends the wait. Each
    // migration is its own transaction, so nothing is left half-applied. The embedded
    // database's migrations are local and are let finish.
    const waitable = <T>(p: Promise<T>): Promise<T> => (store.kind === 'postgres' ? unlessStopped(ctx.signal, p, 'migrating') : p);
    await waitable(prepare());
    const report = await waitable(store.migrate());
    for (const m of report.applied) ctx.stdout.write(`applied ${m.name}\n`);
    const total = report.applied.length + report.alreadyApplied;
    const timescale = report.timescale ? 'TimescaleDB in use' : 'TimescaleDB absent: plain tables';
    if (report.applied.length === 0) ctx.stdout.write(`schema up to date (${total} migrations; ${timescale})\n`);
    else ctx.stdout.write(`${report.applied.length} migration(s) applied, ${total} in all (${timescale})\n`);
    return 0;
  } catch (err) {
    if (!isStopped(err)) throw err;
    ctx.stderr.write('nexwave migrate: stopped before the migrations finished (each one is applied whole or not at all)\n');
    return interruptedExitCode(ctx.signal);
  } finally {
    // Not awaited when stopped: a server that never answers must not hold the stop up.
    const closing = store.close();
    if (!ctx.signal.aborted) await closing;
    else closing.catch(() => undefined);
  }
}
