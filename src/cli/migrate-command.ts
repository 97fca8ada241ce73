/**
 * `nexwave migrate`: open the store, apply pending migrations, print each one applied (or
 * "schema up to date"), exit 0. A failing migration was rolled back by the store; its
 * error names the file and carries the database's message, printed here with exit 1.
 */
import type { CommandContext } from './context.js';
import { openStore } from './open-store.js';

/** Run the migrate command; resolves to the process exit code. */
export async function runMigrate(ctx: CommandContext): Promise<number> {
  ctx.stdout.write(`data dir: ${ctx.dataDir}\nopening the ${ctx.config.databaseUrl === undefined ? 'embedded database' : 'database server'}...\n`);
  const { store, location } = await openStore({
    databaseUrl: ctx.config.databaseUrl,
    dataDir: ctx.dataDir,
    sim: ctx.args.sim,
    logger: ctx.logger,
  });
  try {
    ctx.stdout.write(`database: ${location}\n`);
    const report = await store.migrate();
    for (const m of report.applied) ctx.stdout.write(`applied ${m.name}\n`);
    const total = report.applied.length + report.alreadyApplied;
    const timescale = report.timescale ? 'TimescaleDB in use' : 'TimescaleDB absent: plain tables';
    if (report.applied.length === 0) ctx.stdout.write(`schema up to date (${total} migrations; ${timescale})\n`);
    else ctx.stdout.write(`${report.applied.length} migration(s) applied, ${total} in all (${timescale})\n`);
    return 0;
  } finally {
    await store.close();
  }
}
