/**
 * `nexwave status` in-process: with an engine on the data dir it asks the engine (text and
 * JSON, exit code from its state); without one it says plainly that no engine runs and
 * reads the database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set), exit 3.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { serveControl } from '../../src/cli/control.js';
import { openStore } from '../../src/cli/open-store.js';
import { runStatus } from '../../src/cli/status-command.js';
import { STATUS_EXIT } from '../../src/cli/status-text.js';
import { silentLogger } from '../../src/engine/ports/logger.js';
import { recordingLogger, tempDataDir, testControl } from '../data/control-socket/harness.js';
import { testContext } from '../helpers/ctx.js';
import { createTempDatabase, hasPg } from '../helpers/pg.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function seed(dataDir: string, databaseUrl: string | undefined): Promise<void> {
  const { store } = await openStore({ databaseUrl, dataDir, sim: false, logger: silentLogger });
  await store.migrate();
  await store.insertTicks([{ time: Date.UTC(2026, 10, 30, 12), symbol: 'BTC', tradeId: 1, price: 95_000, volume: 0.1, side: 'buy', venue: 'pacifica' }]);
  await store.close();
}

async function offline(env: Record<string, string>) {
  const { ctx, stdout } = testContext({ command: 'status', env });
  const code = await runStatus(ctx);
  return { code, text: stdout.text };
}

describe('nexwave status', () => {
  it('asks the running engine: text, JSON, and the exit code of its state', async () => {
    const dir = tempDataDir();
    const control = testControl(recordingLogger());
    const served = await serveControl({ dataDir: dir }, control);
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }), () => served.close());
    const text = testContext({ command: 'status', env: { NEXWAVE_DATA_DIR: dir } });
    expect(await runStatus(text.ctx)).toBe(STATUS_EXIT.feedDown);
    expect(text.stdout.text).toMatch(/feed\s+starting \(starting\)/);
    const json = testContext({ command: 'status', env: { NEXWAVE_DATA_DIR: dir }, args: { json: true } });
    await runStatus(json.ctx);
    expect(JSON.parse(json.stdout.text)).toEqual(control.source.getState());
  });

  it('no engine and no database yet: says so, exit 3, creates nothing', async () => {
    const dir = tempDataDir();
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const r = await offline({ NEXWAVE_DATA_DIR: dir });
    expect(r.code).toBe(STATUS_EXIT.notRunning);
    expect(r.text).toMatch(/engine\s+NOT RUNNING on data dir/);
    expect(r.text).toMatch(/no database yet/);
  });

  it('no engine, --sim: the suggested start keeps --sim and the flags the user gave', async () => {
    const dir = tempDataDir();
    const { ctx, stdout } = testContext({ command: 'status', env: { NEXWAVE_DATA_DIR: dir }, args: { sim: true } });
    expect(await runStatus(ctx)).toBe(STATUS_EXIT.notRunning);
    expect(stdout.text).toContain(`(start it with \`./bin/nexwave.js --sim --data-dir ${dir}\` or \`./bin/nexwave.js headless --sim --data-dir ${dir}\`)`);
  });

  it('no engine: reads the embedded database', async () => {
    const dir = tempDataDir();
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    await seed(dir, undefined);
    const r = await offline({ NEXWAVE_DATA_DIR: dir });
    expect(r.code).toBe(STATUS_EXIT.notRunning);
    expect(r.text).toMatch(/database\s+pglite .* · reachable/);
    expect(r.text).toMatch(/pairs\s+34 active/);
    expect(r.text).toMatch(/last tick\s+2026-11-30 12:00:00 UTC/);
  }, 60_000);

  it.skipIf(!hasPg)('no engine: reads the PostgreSQL database; an unreachable one is said plainly', async () => {
    const dir = tempDataDir();
    const db = await createTempDatabase('nxst');
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }), () => db.drop());
    await seed(dir, db.url);
    const r = await offline({ NEXWAVE_DATA_DIR: dir, DATABASE_URL: db.url });
    expect(r.code).toBe(STATUS_EXIT.notRunning);
    expect(r.text).toMatch(/last tick\s+2026-11-30 12:00:00 UTC/);
    const down = await offline({ NEXWAVE_DATA_DIR: dir, DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none' });
    expect(down.code).toBe(STATUS_EXIT.notRunning);
    expect(down.text).toMatch(/UNREACHABLE/);
    expect(down.text).not.toContain('secret');
  }, 60_000);
});
