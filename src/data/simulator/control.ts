/**
 * Fault controls, in-process and over HTTP under /control (POST JSON). Each one has an effect
 * a client test can observe: dropped sockets, silence (no data, no pong), junk frames, REST
 * 429/500, slower answers, a symbol that stops trading, arbitrary frames (hostile trades: a
 * print stamped in 2100, a price of 1e29, a flood of unknown symbols), a hostile /info and a
 * price shock (`move`: resting orders the new price crosses fill on the next step).
 * GET /control/ledger exposes the ledger (injected trades are not in it: the venue never
 * printed them).
 */
import type { VenueEngine } from './engine.js';
import type { FaultState, RestFault } from './faults.js';
import { fail, ok, type Handler } from './http.js';
import type { WsHub } from './ws-server.js';

/** In-process fault controls (the same operations as the /control endpoints). */
export interface SimulatorControl {
  /** Terminate every WS connection at once (like a network drop); returns how many. */
  dropConnections(): number;
  /** Send no data and no pongs for `ms` real milliseconds. */
  stall(ms: number): void;
  /** Send `count` junk frames to every connection; returns the connection count. */
  sendMalformed(count: number): number;
  /** Answer REST with 429 or 500 for the next `count` requests or for `durationMs`; null clears. */
  failRest(fault: RestFault | null): void;
  /** Add `ms` of latency to every REST answer and WS send. */
  setLatency(ms: number): void;
  /** Handle REST requests at once but answer `ms` later (a client that dies meanwhile never learns the outcome). */
  delayReplies(ms: number): void;
  pause(symbol: string): void;
  resume(symbol: string): void;
  /** Shift a market's price by `pct` percent at once (a price shock: resting orders it crosses fill). */
  move(symbol: string, pct: number): void;
  /** Send these text frames, as they are, to every connection; returns the connection count. */
  inject(frames: readonly string[]): number;
  /** Serve `data` as the /info data array (null: the real markets again). */
  setInfo(data: readonly unknown[] | null): void;
}

/** Build the controls over the engine, hub and fault state. */
export function createControl(engine: VenueEngine, hub: WsHub, faults: FaultState, realNow: () => number): SimulatorControl {
  const setPaused = (symbol: string, paused: boolean): void => {
    const rt = engine.markets.get(symbol);
    if (!rt) throw new RangeError(`unknown symbol ${symbol}`);
    rt.paused = paused;
  };
  return {
    dropConnections: () => hub.dropAll(),
    stall: (ms) => faults.stall(ms, realNow()),
    sendMalformed: (count) => hub.sendMalformed(count),
    failRest: (fault) => faults.setRest(fault, realNow()),
    setLatency: (ms) => {
      faults.latencyMs = Math.max(0, ms);
    },
    delayReplies: (ms) => {
      faults.replyDelayMs = Math.max(0, ms);
    },
    pause: (symbol) => setPaused(symbol, true),
    move: (symbol, pct) => {
      const rt = engine.markets.get(symbol);
      if (!rt) throw new RangeError(`unknown symbol ${symbol}`);
      if (!(pct > -100) || !Number.isFinite(pct)) throw new RangeError(`move: pct must be > -100, got ${pct}`);
      rt.state.logPrice += Math.log1p(pct / 100);
    },
    resume: (symbol) => setPaused(symbol, false),
    inject: (frames) => hub.inject(frames),
    setInfo: (data) => {
      faults.info = data;
    },
  };
}

const field = (body: unknown, key: string): unknown => (body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined);
const num = (body: unknown, key: string): number | null => {
  const v = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
};
const str = (body: unknown, key: string): string | null => {
  const v = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : null;
};

/** HTTP routes for the controls, keyed "METHOD /control/...". */
export function controlRoutes(control: SimulatorControl, engine: VenueEngine, hub: WsHub, simNow: () => number): Map<string, Handler> {
  const symbolAction = (fn: (s: string) => void): Handler => (req) => {
    const symbol = str(req.body, 'symbol');
    if (symbol === null || !engine.markets.has(symbol)) return fail(400, 'symbol must be a simulated market');
    fn(symbol);
    return ok({ symbol });
  };
  return new Map<string, Handler>([
    ['POST /control/drop', () => ok({ dropped: control.dropConnections() })],
    ['POST /control/stall', (req) => {
      const ms = num(req.body, 'ms');
      if (ms === null) return fail(400, 'body must be {"ms": <non-negative number>}');
      control.stall(ms);
      return ok({ ms });
    }],
    ['POST /control/malformed', (req) => ok({ connections: control.sendMalformed(Math.floor(num(req.body, 'count') ?? 1)) })],
    ['POST /control/rest', (req) => {
      const status = num(req.body, 'status');
      if (status === 0) {
        control.failRest(null);
        return ok({ cleared: true });
      }
      if (status !== 429 && status !== 500) return fail(400, 'status must be 429, 500 or 0 (clear)');
      const fault: RestFault = { status, count: num(req.body, 'count') ?? undefined, durationMs: num(req.body, 'durationMs') ?? undefined, retryAfterSec: num(req.body, 'retryAfterSec') ?? undefined };
      control.failRest(fault);
      return ok(fault);
    }],
    ['POST /control/latency', (req) => {
      const ms = num(req.body, 'ms');
      if (ms === null) return fail(400, 'body must be {"ms": <non-negative number>}');
      control.setLatency(ms);
      return ok({ ms });
    }],
    ['POST /control/inject', (req) => {
      const frames = field(req.body, 'frames');
      if (!Array.isArray(frames) || frames.length === 0) return fail(400, 'body must be {"frames": [<frame object or JSON text>, ...]}');
      return ok({ connections: control.inject(frames.map((f) => (typeof f === 'string' ? f : JSON.stringify(f)))), frames: frames.length });
    }],
    ['POST /control/info', (req) => {
      const data = field(req.body, 'data');
      if (data !== null && !Array.isArray(data)) return fail(400, 'body must be {"data": [<market>, ...]} or {"data": null} (real markets)');
      control.setInfo(data);
      return ok({ markets: data === null ? 'real' : data.length });
    }],
    ['POST /control/pause', symbolAction(control.pause)],
    ['POST /control/move', (req) => {
      const pct = field(req.body, 'pct');
      if (typeof pct !== 'number' || !(pct > -100) || !Number.isFinite(pct)) return fail(400, 'body must be {"symbol": <market>, "pct": <number > -100>}');
      return symbolAction((s) => control.move(s, pct))(req);
    }],
    ['POST /control/resume', symbolAction(control.resume)],
    ['GET /control/ledger', (req) => {
      const symbol = req.query.get('symbol');
      const trades = symbol ? engine.ledger.bySymbol(symbol) : engine.ledger.all();
      return ok({ count: trades.length, trades });
    }],
    ['GET /control/status', () => ok({ simTime: simNow(), connections: hub.connectionCount(), trades: engine.ledger.count() })],
  ]);
}
