/**
 * A Pacifica-compatible exchange on loopback: one HTTP server serving REST
 * under /api/v1, the WebSocket at /ws (market and account channels) and fault controls under /control, all speaking the
 * venue protocol of pacifica-api.md §1-§2 so the real client runs against it unchanged.
 */
import { createServer, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { NexwaveError } from '../../engine/core/errors.js';
import { createAccountChannels } from './account-channels.js';
import type { Account } from './accounts.js';
import { createBroadcaster } from './broadcaster.js';
import { controlRoutes, createControl, type SimulatorControl } from './control.js';
import { createEngine } from './engine.js';
import { createFaultState } from './faults.js';
import { createRequestHandler } from './http.js';
import type { Ledger } from './ledger.js';
import { rateScaleOf, resolveOptions, type SimulatorOptions } from './options.js';
import { accountRoutes } from './rest-account.js';
import { marketRoutes } from './rest-market.js';
import { createSimClock, type SimClock } from './sim-clock.js';
import { createWsHub } from './ws-server.js';

export type { SimulatorOptions } from './options.js';
export type { SimulatorControl } from './control.js';
export type { Ledger, LedgerOptions, LedgerTrade } from './ledger.js';
export { readLedgerFile } from './ledger.js';
export type { RestFault, FaultOptions } from './faults.js';
export type { SimClock } from './sim-clock.js';
export { ALL_SYMBOLS, ALL_MARKETS, type MarketSpec } from './markets.js';

/** A running simulator. */
export interface Simulator {
  /** e.g. ws://127.0.0.1:40123/ws */
  readonly wsUrl: string;
  /** e.g. http://127.0.0.1:40123/api/v1 */
  readonly apiUrl: string;
  /** e.g. http://127.0.0.1:40123/control */
  readonly controlUrl: string;
  readonly port: number;
  readonly ledger: Ledger;
  readonly control: SimulatorControl;
  /** Simulated time (startTime + realElapsed × speed). */
  readonly clock: SimClock;
  readonly symbols: readonly string[];
  stop(): Promise<void>;
}

/** Simulated ms per engine step: fixed, so a seed's stream never depends on timer jitter. */
export const STEP_MS = 250;
const LOOP_REAL_MS = 20;

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? `port ${port} on ${host} is already in use` : err.code === 'EACCES' ? `no permission to listen on ${host}:${port}` : err.message;
      reject(new NexwaveError('CONFIG.INVALID', `simulator: ${why}`, { cause: err }));
    });
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Start the simulator; resolves once it listens. Invalid options reject with CONFIG.INVALID. */
export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const o = resolveOptions(opts, Date.now());
  const engine = createEngine({ seed: o.seed, startTime: o.startTime, stepMs: STEP_MS, rateScale: rateScaleOf(o), steadyRate: o.tradesPerSecond !== undefined, symbols: o.pairs, historyDays: o.historyDays, ledger: o.ledger });
  const realNow = (): number => performance.now();
  const faults = createFaultState(o.faults, realNow());
  for (const s of o.faults?.pausedSymbols ?? []) {
    const rt = engine.markets.get(s);
    if (rt) rt.paused = true;
  }
  const clock = createSimClock(o.startTime, o.speed);
  const simNow = (): number => clock.now();
  // The accounts exist once their routes do; the hub asks for them only on a subscribe.
  let findAccount: (id: string) => Account | undefined = () => undefined;
  const hub = createWsHub(o, new Set(o.pairs), faults, realNow, (conn, topic) => channels.subscribed(conn, topic, topic.account === undefined ? undefined : findAccount(topic.account)));
  const channels = createAccountChannels(engine, hub, simNow);
  const broadcaster = createBroadcaster(engine, hub);
  const control = createControl(engine, hub, faults, realNow);
  const accounts = accountRoutes(engine, simNow, o.accountBalance, channels.sink);
  findAccount = accounts.find;
  const api = new Map([...marketRoutes(engine, simNow, o.restTradesLimit, faults), ...accounts.routes]);
  const server = createServer(createRequestHandler(api, controlRoutes(control, engine, hub, simNow), faults, realNow));
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://sim').pathname === '/ws') hub.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  const port = await listen(server, o.port, o.host).catch((err: unknown) => {
    hub.close();
    throw err;
  });
  const loop = setInterval(() => {
    engine.advanceTo(clock.now());
    broadcaster.afterAdvance(realNow());
  }, LOOP_REAL_MS);
  const dropper = o.faults?.dropEveryMs ? setInterval(() => hub.dropAll(), o.faults.dropEveryMs) : undefined;
  const base = `${o.host}:${port}`;
  return {
    wsUrl: `ws://${base}/ws`, apiUrl: `http://${base}/api/v1`, controlUrl: `http://${base}/control`, port,
    ledger: engine.ledger, control, clock, symbols: o.pairs,
    stop: () =>
      new Promise<void>((resolve) => {
        clearInterval(loop);
        if (dropper) clearInterval(dropper);
        hub.close();
        engine.ledger.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
