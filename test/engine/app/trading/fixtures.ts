import { NexwaveError } from '../../../../src/engine/core/errors.js';
import { createPaperBroker, type PaperBroker } from '../../../../src/data/paper/paper-broker.js';
import type { PaperDoc } from '../../../../src/data/paper/paper-doc.js';
import { createEngineControl, type EngineControl } from '../../../../src/engine/app/spine/engine-control.js';
import { assembleTradingDeps } from '../../../../src/engine/app/trading/assemble.js';
import { createSwitchableBroker, type SwitchableBroker } from '../../../../src/engine/app/trading/switchable-broker.js';
import { createTrading, type Trading } from '../../../../src/engine/app/trading/trading-service.js';
import type { TradingDeps } from '../../../../src/engine/app/trading/trading-deps.js';
import { initialEngineState } from '../../../../src/engine/core/spine/initial-state.js';
import type { OrderView, TradingMode, TradingStatus } from '../../../../src/engine/core/spine/engine-state.js';
import type { BookPosition } from '../../../../src/engine/core/trading/position.js';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../../../src/engine/core/trading/risk.js';
import type { BookSnapshot } from '../../../../src/engine/core/types.js';
import type { Exchange } from '../../../../src/engine/ports/exchange.js';
import type { TradingStore } from '../../../../src/engine/ports/trading-store.js';
import type { TradingSpill, TradingWrite } from '../../../../src/engine/ports/trading-spill.js';
import { FakeClock, RecordingLogger } from '../batch-writer-fakes.js';

/** TradingStore fake at our own port; `down` makes every call fail like a lost database. */
export class MemoryTradingStore implements TradingStore {
  orders = new Map<string, OrderView>();
  positions = new Map<string, BookPosition>();
  states: TradingStatus[] = [];
  paper: unknown = null;
  down = false;
  private ok(): void {
    if (this.down) throw new NexwaveError('STORE.UNAVAILABLE', 'database down');
  }
  async saveOrder(o: OrderView) { this.ok(); this.orders.set(o.clientOrderId, o); }
  async saveFill(o: OrderView, p: BookPosition, closed: boolean) {
    this.ok();
    this.orders.set(o.clientOrderId, o);
    if (closed) this.positions.delete(`${p.mode}|${p.strategyId}|${p.symbol}`);
    else this.positions.set(`${p.mode}|${p.strategyId}|${p.symbol}`, p);
  }
  async loadOpenOrders(mode: TradingMode) { this.ok(); return [...this.orders.values()].filter((o) => o.mode === mode && ['pending', 'submitted', 'open', 'partially_filled'].includes(o.status)); }
  async savePosition(p: BookPosition) { this.ok(); this.positions.set(`${p.mode}|${p.strategyId}|${p.symbol}`, p); }
  async deletePosition(mode: string, s: string, y: string) { this.ok(); this.positions.delete(`${mode}|${s}|${y}`); }
  async loadPositions(mode: TradingMode) { this.ok(); return [...this.positions.values()].filter((p) => p.mode === mode); }
  async saveTradingState(s: TradingStatus) { this.ok(); this.states.push(s); }
  async loadTradingState() { this.ok(); return this.states.at(-1) ?? null; }
  async savePaperState(d: unknown) { this.ok(); this.paper = JSON.parse(JSON.stringify(d)); }
  async loadPaperState() { this.ok(); return this.paper; }
}

export const SYMBOLS = Array.from({ length: 34 }, (_, i) => `S${i}`);
export const bookOf = (symbol: string): BookSnapshot => ({
  symbol, time: 0, bids: [{ price: 99.9, amount: 1_000, orders: 1 }], asks: [{ price: 100.1, amount: 1_000, orders: 1 }],
});

export interface Rig {
  clock: FakeClock;
  control: EngineControl;
  broker: PaperBroker;
  deps: TradingDeps;
  trading: Trading;
  store: MemoryTradingStore;
  logger: RecordingLogger;
}

let seq = 0;

/** The engine control and a loaded paper broker (its account in `store`), as both rigs start. */
async function paperParts(store: MemoryTradingStore, clock: FakeClock): Promise<{ logger: RecordingLogger; control: EngineControl; broker: PaperBroker }> {
  const logger = new RecordingLogger();
  const control = createEngineControl({
    initial: initialEngineState({ venue: 'simulator', mode: 'paper', startedAt: clock.now(), version: 't', pid: 1, timeframe: '15m', storage: { backend: 'pglite', description: 'x' } }),
    clock, logger, notifyMs: 1,
  });
  const broker = createPaperBroker({
    clock, book: bookOf, mark: () => 100, fees: { takerFee: 0.0004, makerFee: 0.00015, slippageBps: 5 }, startingBalance: 100_000,
    persist: { load: () => store.loadPaperState(), save: (d: PaperDoc) => store.savePaperState(d) },
  });
  await broker.load();
  return { logger, control, broker };
}
/** Kept trading writes in memory, through JSON as a file would keep them. */
export function memorySpill(): TradingSpill & { text: string } {
  return {
    where: 'memory',
    text: '',
    load() {
      return this.text === '' ? [] : (JSON.parse(this.text) as TradingWrite[]);
    },
    replace(writes) {
      this.text = writes.length === 0 ? '' : JSON.stringify(writes);
    },
  };
}

export async function rig(store = new MemoryTradingStore(), clock = new FakeClock(), limits: RiskLimits = { ...DEFAULT_RISK_LIMITS, maxConcurrentPositions: 50, cooldownMs: 0, directionCapPct: 100, maxLeverage: 50 }, spill?: TradingSpill): Promise<Rig> {
  const { logger, control, broker } = await paperParts(store, clock);
  const deps = assembleTradingDeps({ control, clock, broker, store, strategyId: 'vwm', mark: () => 100, limits, ids: () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`, ...(spill ? { spill } : {}) });
  const trading = createTrading(deps, { liveUnavailable: () => 'PACIFICA_ACCOUNT is not set', killSwitch: { backoffMs: 10 } });
  trading.register(control.gateway);
  return { clock, control, broker, deps, trading, store, logger };
}

/**
 * A stand-in live venue at our own Exchange port: a paper venue (its own account, filling at
 * the same book) that answers as mode 'live'. It lives outside the rig, like a real venue,
 * so a restarted rig finds its positions again.
 */
export function fakeLiveVenue(clock: FakeClock, startingBalance = 10_000): Exchange & { orders: string[] } {
  const venue = createPaperBroker({ clock, book: bookOf, mark: () => 100, fees: { takerFee: 0.0004, makerFee: 0.00015, slippageBps: 5 }, startingBalance });
  const orders: string[] = [];
  return { ...venue, mode: 'live', orders, placeOrder: (o) => (orders.push(o.clientOrderId), venue.placeOrder(o)) };
}

export interface ModesRig extends Rig {
  switchable: SwitchableBroker;
  /** Times the live broker was connected. */
  connects: () => number;
}

/**
 * The rig with both modes behind a switchable broker, as compose-trading wires them;
 * `liveDown` returns why the live broker cannot connect (missing keys), else null.
 */
export async function modesRig(store: MemoryTradingStore, clock: FakeClock, live: Exchange, liveDown: () => string | null = () => null): Promise<ModesRig> {
  const { logger, control, broker } = await paperParts(store, clock);
  const switchable = createSwitchableBroker(broker);
  let connects = 0;
  const connectLive = async (): Promise<Exchange> => {
    const why = liveDown();
    if (why) throw new Error(why);
    connects++;
    return live;
  };
  const limits = { ...DEFAULT_RISK_LIMITS, maxConcurrentPositions: 50, cooldownMs: 0, directionCapPct: 100, maxLeverage: 50 };
  const deps = assembleTradingDeps({ control, clock, broker: switchable, store, strategyId: 'vwm', mark: () => 100, limits, ids: () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}` });
  const trading = createTrading(deps, { liveUnavailable: () => 'n/a', killSwitch: { backoffMs: 10 }, modes: { broker: switchable, paper: broker, connectLive } });
  trading.register(control.gateway);
  return { clock, control, broker, deps, trading, store, logger, switchable, connects: () => connects };
}

/** Run `p` while advancing the fake clock until it settles. */
export async function drive<T>(clock: FakeClock, p: Promise<T>, stepMs = 50, maxSteps = 2_000): Promise<T> {
  let done = false;
  const out = p.finally(() => (done = true));
  for (let i = 0; i < maxSteps && !done; i++) await clock.advance(stepMs);
  return out;
}
