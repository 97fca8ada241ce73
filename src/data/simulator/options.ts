/**
 * startSimulator options, their defaults and validation. Every bad value fails at once with a
 * CONFIG.INVALID error naming the option, so `nexwave sim` can print it as is.
 */
import { NexwaveError } from '../../engine/core/errors.js';
import type { FaultOptions, RestFault } from './faults.js';
import { DEFAULT_LEDGER_PER_SYMBOL, type LedgerOptions } from './ledger.js';
import { ALL_MARKETS, ALL_SYMBOLS } from './markets.js';

/** Options of startSimulator. */
export interface SimulatorOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  readonly host?: string;
  readonly seed: number;
  /** Simulated ms per real ms (60 = a 15-minute candle every 15 s). */
  readonly speed?: number;
  /** Subset of the 34 symbols (default all). */
  readonly pairs?: readonly string[];
  /** Simulation epoch (ms); default the wall clock at start. */
  readonly startTime?: number;
  /** Overall trades per REAL second across all pairs (benchmarks: 400, 4000, 20000). */
  readonly tradesPerSecond?: number;
  /** Close a connection that sent nothing for this long (real ms; venue: 60 s). */
  readonly idleCutMs?: number;
  /** Close every connection after this long (real ms; venue: 24 h). */
  readonly maxConnectionLifeMs?: number;
  /** Subscriptions per channel per connection (venue: 20). */
  readonly maxSubsPerChannel?: number;
  /** Trades returned by REST /trades. */
  readonly restTradesLimit?: number;
  /** Days of generated /kline history before startTime (at least 2). */
  readonly historyDays?: number;
  /** Starting USD balance of every account. */
  readonly accountBalance?: number;
  readonly faults?: FaultOptions;
  /** Ledger bounds and file (default: the last 100 000 trades in memory, no file). */
  readonly ledger?: LedgerOptions;
}

/** Options with defaults applied. */
export interface ResolvedOptions {
  readonly port: number;
  readonly host: string;
  readonly seed: number;
  readonly speed: number;
  readonly pairs: readonly string[];
  readonly startTime: number;
  readonly tradesPerSecond: number | undefined;
  readonly idleCutMs: number;
  readonly maxConnectionLifeMs: number;
  readonly maxSubsPerChannel: number;
  readonly restTradesLimit: number;
  readonly historyDays: number;
  readonly accountBalance: number;
  readonly faults: FaultOptions | undefined;
  readonly ledger: LedgerOptions;
}

const bad = (message: string): NexwaveError => new NexwaveError('CONFIG.INVALID', `simulator: ${message}`);

function positive(name: string, value: number | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) throw bad(`${name} must be a number in (0, ${max}], got ${String(value)}`);
  return value;
}

function checkPairs(pairs: readonly string[] | undefined): readonly string[] {
  if (pairs === undefined) return ALL_SYMBOLS;
  const unknown = pairs.filter((p) => !ALL_SYMBOLS.includes(p));
  if (unknown.length > 0) throw bad(`unknown pair(s) ${unknown.join(', ')}; known: ${ALL_SYMBOLS.join(', ')}`);
  if (pairs.length === 0) throw bad('pairs must name at least one symbol');
  // Keep /info order (oldest market first) whatever order the caller gave.
  return ALL_MARKETS.map((m) => m.symbol).filter((s) => pairs.includes(s));
}

function checkRestFault(rest: RestFault | undefined): void {
  if (rest && rest.status !== 429 && rest.status !== 500) throw bad(`faults.rest.status must be 429 or 500, got ${String(rest.status)}`);
}

/** Validate and fill in defaults; `wallNow` is the default startTime. */
export function resolveOptions(opts: SimulatorOptions, wallNow: number): ResolvedOptions {
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65_535) throw bad(`port must be an integer 0..65535, got ${String(opts.port)}`);
  if (!Number.isSafeInteger(opts.seed)) throw bad(`seed must be an integer, got ${String(opts.seed)}`);
  if (opts.startTime !== undefined && (!Number.isSafeInteger(opts.startTime) || opts.startTime < 0)) throw bad(`startTime must be epoch ms, got ${String(opts.startTime)}`);
  const historyDays = positive('historyDays', opts.historyDays, 3, 30);
  if (historyDays < 2 || !Number.isInteger(historyDays)) throw bad(`historyDays must be an integer >= 2, got ${historyDays}`);
  checkRestFault(opts.faults?.rest);
  return {
    port: opts.port,
    host: opts.host ?? '127.0.0.1',
    seed: opts.seed,
    speed: positive('speed', opts.speed, 1, 10_000),
    pairs: checkPairs(opts.pairs),
    startTime: opts.startTime ?? wallNow,
    tradesPerSecond: opts.tradesPerSecond === undefined ? undefined : positive('tradesPerSecond', opts.tradesPerSecond, 1, 1_000_000),
    idleCutMs: positive('idleCutMs', opts.idleCutMs, 60_000),
    maxConnectionLifeMs: positive('maxConnectionLifeMs', opts.maxConnectionLifeMs, 24 * 3_600_000),
    maxSubsPerChannel: Math.floor(positive('maxSubsPerChannel', opts.maxSubsPerChannel, 20, 10_000)),
    restTradesLimit: Math.floor(positive('restTradesLimit', opts.restTradesLimit, 100, 100_000)),
    historyDays,
    accountBalance: positive('accountBalance', opts.accountBalance, 10_000),
    faults: opts.faults,
    ledger: ledgerOptions(opts),
  };
}

/** REST /trades serves from the per-symbol memory, so that keeps at least restTradesLimit trades. */
function ledgerOptions(opts: SimulatorOptions): LedgerOptions {
  const l = opts.ledger ?? {};
  if (l.capacity !== undefined) positive('ledger.capacity', l.capacity, 1);
  const perSymbol = Math.max(l.perSymbol ?? DEFAULT_LEDGER_PER_SYMBOL, opts.restTradesLimit ?? 0);
  return { ...l, perSymbol };
}

/**
 * Multiplier on each market's base rate. With tradesPerSecond the whole venue emits that many
 * trades per real second (base rates keep their proportions; speed is divided out).
 */
export function rateScaleOf(o: ResolvedOptions): number {
  if (o.tradesPerSecond === undefined) return 1;
  const base = ALL_MARKETS.filter((m) => o.pairs.includes(m.symbol)).reduce((sum, m) => sum + m.baseRate, 0);
  return o.tradesPerSecond / o.speed / base;
}
