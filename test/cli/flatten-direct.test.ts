import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenWithoutEngine } from '../../src/cli/flatten-command.js';
import { flattenDirect } from '../../src/cli/flatten-direct.js';
import { ENGINE_LOCK_FILE } from '../../src/data/files/engine-lock.js';
import { openStore } from '../../src/cli/open-store.js';
import { startSimulator, type Simulator } from '../../src/data/simulator/index.js';
import { silentLogger } from '../../src/engine/ports/logger.js';
import { testContext } from '../helpers/ctx.js';
import { recordingLogger } from '../data/control-socket/harness.js';
import type { CommandContext } from '../../src/cli/context.js';

/** `nexwave flatten` with no engine, as the CLI runs it (the word from --confirm, or asked for). */
const runFlatten = (ctx: CommandContext): Promise<number> => flattenWithoutEngine(ctx);

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 1, speed: 1 });
});
afterAll(async () => sim.stop());

const position = (symbol: string, side: 'long' | 'short') => ({
  symbol, strategyId: 'venue', side, amount: 0.01, entryPrice: 100, markPrice: null, unrealizedPnl: 0, realizedPnl: 0, fees: 0, funding: 0,
  stopLoss: null, takeProfit: null, trailingStop: null, openedAt: 0, mode: 'paper', external: false, partialTaken: false,
});

describe('nexwave flatten', () => {
  it('closes every paper position at the venue book, prints a line per symbol, exits 0 and leaves trading HALTED', async () => {
    const logger = recordingLogger();
    const { ctx, stdout, dataDir } = testContext({ command: 'flatten', logger, args: { confirm: 'FLATTEN' }, env: { PACIFICA_API_URL: sim.apiUrl, PACIFICA_WS_URL: sim.wsUrl } });
    try {
      const opened = await openStore({ databaseUrl: undefined, dataDir, sim: true, logger: silentLogger });
      await opened.store.migrate();
      await opened.store.trading!.savePaperState({ version: 1, balance: 1_000, seq: 2, positions: [position('BTC', 'long'), position('ETH', 'short')], orders: [] });
      await opened.store.close();
      expect(await runFlatten(ctx)).toBe(0);
      expect(stdout.text).toMatch(/BTC\s+closed/);
      expect(stdout.text).toMatch(/ETH\s+closed/);
      expect(stdout.text).toMatch(/FLAT: 2 position/);
      // Through the command gateway, like a console key or a socket client: logged with its origin.
      expect(logger.lines).toContainEqual(expect.objectContaining({ event: 'command.executed', fields: expect.objectContaining({ command: 'positions.flatten', origin: 'cli (nexwave flatten)', status: 'accepted' }) }));
      const after = await openStore({ databaseUrl: undefined, dataDir, sim: true, logger: silentLogger });
      try {
        expect(((await after.store.trading!.loadPaperState()) as { positions: unknown[] }).positions).toEqual([]);
        expect(await after.store.trading!.loadTradingState()).toMatchObject({ state: 'HALTED', reason: 'kill switch' });
      } finally {
        await after.store.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('without --confirm and without a terminal to ask, refuses with a usage error (exit 2) and touches nothing', async () => {
    const { ctx, dataDir } = testContext({ command: 'flatten' });
    try {
      await expect(runFlatten(ctx)).rejects.toMatchObject({ code: 'CLI.USAGE', message: expect.stringMatching(/pass --confirm FLATTEN; nothing was done/) });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a wrong word is refused (exit 2) before any account is opened', async () => {
    const { ctx, stderr, dataDir } = testContext({ command: 'flatten', args: { confirm: 'flatten' } });
    try {
      expect(await flattenDirect(ctx, 'flatten')).toBe(2);
      expect(stderr.text).toMatch(/confirmation must be "FLATTEN" \(got "flatten"\): nothing was done/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to race an engine running on the same data dir, and says so', async () => {
    const { ctx, stderr, dataDir } = testContext({ command: 'flatten', args: { confirm: 'FLATTEN' } });
    // Another live process holds the data dir (an engine, as far as flatten can tell).
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dataDir, ENGINE_LOCK_FILE), `${other.pid}\n`);
      expect(await runFlatten(ctx)).toBe(2);
      expect(stderr.text).toMatch(new RegExp(`an engine is already running on data dir .* \\(pid ${other.pid}\\)`));
    } finally {
      other.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('--live is refused naming the missing keys', async () => {
    const { ctx, stderr, dataDir } = testContext({ command: 'flatten', args: { live: true, confirm: 'FLATTEN' } });
    try {
      expect(await runFlatten(ctx)).toBe(1);
      expect(stderr.text).toMatch(/PACIFICA_ACCOUNT and PACIFICA_AGENT_WALLET_PRIVKEY/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('nexwave flatten --live against the simulator', () => {
  it('closes the live account over signed requests, exits 0, and an engine started again is HALTED', async () => {
    const { keypairFromSeed } = await import('../../src/data/pacifica/signing.js');
    const { createLiveBroker } = await import('../../src/data/pacifica/live-broker.js');
    const { openRuntime } = await import('../../src/cli/compose-runtime.js');
    const { systemClock } = await import('../../src/engine/ports/clock.js');
    const key = keypairFromSeed(new Uint8Array(32).fill(41));
    const env = { PACIFICA_API_URL: sim.apiUrl, PACIFICA_WS_URL: sim.wsUrl, PACIFICA_ACCOUNT: key.publicKey, PACIFICA_AGENT_WALLET_PRIVKEY: key.secretB58 };
    const venue = createLiveBroker({ baseUrl: sim.apiUrl, clock: systemClock, credentials: { account: key.publicKey, secret: key.secretB58 } });
    await venue.loadMarkets();
    await venue.placeOrder({ clientOrderId: '00000000-0000-4000-8000-000000000041', symbol: 'ETH', side: 'buy', type: 'market', amount: 0.1, price: null, reduceOnly: false });
    await venue.placeOrder({ clientOrderId: '00000000-0000-4000-8000-000000000042', symbol: 'SOL', side: 'sell', type: 'market', amount: 1, price: null, reduceOnly: false });
    const { ctx, stdout, stderr, dataDir } = testContext({ command: 'flatten', env, args: { live: true, confirm: 'FLATTEN' } });
    try {
      const code = await runFlatten(ctx);
      expect(stderr.text).toBe('');
      expect(code).toBe(0);
      expect(stdout.text).toMatch(/^live account/);
      expect(stdout.text).toMatch(/ETH\s+closed/);
      expect(stdout.text).toMatch(/SOL\s+closed/);
      expect(await venue.positions()).toEqual([]);
      expect(stdout.text + stderr.text).not.toContain(key.secretB58);
      const again = testContext({ command: 'headless', env: { ...env, NEXWAVE_DATA_DIR: dataDir } });
      const rt = await openRuntime(again.ctx);
      try {
        expect(rt.engine.getState().run.trading).toMatchObject({ state: 'HALTED', reason: expect.stringMatching(/kill switch/) });
      } finally {
        await rt.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
