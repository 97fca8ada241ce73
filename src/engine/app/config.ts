/**
 * Every setting of the console in ONE zod schema, read from environment-style strings
 * (dotenv file, process env, CLI flags mapped to env names). The seed's names and values
 * are kept (the seed system's operations log) except PAPER_TRADING, which defaults to
 * true here: live trading needs an explicit opt-in.
 *
 * `parseConfig` is pure (no I/O, no process access): the CLI loads files and the process
 * environment and hands the merged strings in.
 */
import type { VwmParams } from '../core/vwm-params.js';
import bs58 from 'bs58';
import { z } from 'zod';
import { TIMEFRAMES } from '../core/types.js';
import { describeSecret, redactUrl } from './redact.js';
import type { SanityConfig } from './sanity-settings.js';

/** Documentation attached to each setting; drives error lines and the .env.example check. */
export interface SettingInfo {
  readonly key: string;
  /** Default as written in .env (undefined = unset by default). */
  readonly def: string | undefined;
  readonly doc: string;
  /** Human rule used in error lines ("an integer >= 2"). */
  readonly rule: string;
  readonly secret: boolean;
}

type Meta = Omit<SettingInfo, 'key'>;
const registry = z.registry<Meta>();

interface Rule<T> {
  readonly text: string;
  readonly schema: z.ZodType<T, string>;
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A finite decimal number within bounds; "abc", "" and "1e999" are errors, never NaN/Infinity. */
function num(b: { min?: number; gt?: number; max?: number; int?: boolean }): Rule<number> {
  const parts = [b.int ? 'an integer' : 'a number'];
  if (b.gt !== undefined) parts.push(`> ${b.gt}`);
  if (b.min !== undefined) parts.push(`>= ${b.min}`);
  if (b.max !== undefined) parts.push(`<= ${b.max}`);
  const ok = (s: string): boolean => {
    if (!DECIMAL.test(s)) return false;
    const n = Number(s);
    if (!Number.isFinite(n) || (b.int && !Number.isInteger(n))) return false;
    return (b.gt === undefined || n > b.gt) && (b.min === undefined || n >= b.min) && (b.max === undefined || n <= b.max);
  };
  return { text: parts.join(' '), schema: z.string().refine(ok).transform(Number) };
}

const bool: Rule<boolean> = {
  text: 'true or false (or 1 / 0)',
  schema: z
    .string()
    .refine((s) => /^(true|false|1|0)$/i.test(s))
    .transform((s) => /^(true|1)$/i.test(s)),
};

function oneOf<const T extends readonly [string, ...string[]]>(values: T): Rule<T[number]> {
  return { text: `one of ${values.join(', ')}`, schema: z.enum(values) as unknown as z.ZodType<T[number], string> };
}

function url(protocols: readonly string[]): Rule<string> {
  const ok = (s: string): boolean => URL.canParse(s) && protocols.includes(new URL(s).protocol);
  return { text: `a ${protocols.map((p) => `${p}//`).join(' or ')} URL`, schema: z.string().refine(ok) };
}

/** Base58 keys whose decoded length is one of `sizes` bytes (Solana-style Ed25519 keys). */
function base58(what: string, sizes: readonly number[]): Rule<string> {
  const ok = (s: string): boolean => {
    try {
      return sizes.includes(bs58.decode(s).length);
    } catch {
      return false;
    }
  };
  return { text: `a base58 ${what} (${sizes.join(' or ')} bytes)`, schema: z.string().refine(ok) };
}

const text: Rule<string> = { text: 'a non-empty string', schema: z.string().min(1) };
const absPath: Rule<string> = { text: 'an absolute path', schema: z.string().refine((s) => s.startsWith('/')) };

function setting<T>(rule: Rule<T>, def: string, doc: string): z.ZodType<T, string> {
  // clone: rules are shared between settings and the registry is keyed by schema instance
  return rule.schema.clone().register(registry, { def, doc, rule: rule.text, secret: false });
}

function optional<T>(rule: Rule<T>, doc: string, secret = false): z.ZodOptional<z.ZodType<T, string>> {
  return rule.schema.optional().register(registry, { def: undefined, doc, rule: rule.text, secret });
}

const pct = num({ gt: 0, max: 100 });
const positive = num({ gt: 0 });
const atrMultiple = num({ gt: 0, max: 100 });

const SHAPE = {
  STRATEGY: setting(oneOf(['volume_weighted_momentum']), 'volume_weighted_momentum', 'Strategy to run'),
  STRATEGY_ID: setting(text, 'vwm_momentum_1', 'Strategy instance id written on signals and orders'),
  PAPER_TRADING: setting(bool, 'true', 'Paper trading (true) or live orders on Pacifica (false: explicit opt-in)'),
  VWM_MOMENTUM_THRESHOLD: setting(num({ gt: 0, max: 1 }), '0.0005', 'Entry when |(price - VWAP) / VWAP| exceeds this (0.05%)'),
  VWM_EXIT_THRESHOLD: setting(num({ min: 0, max: 1 }), '0.0003', 'Exit when momentum falls back through this (0.03%)'),
  VWM_VOLUME_MULTIPLIER: setting(num({ min: 0 }), '1.0', 'Entry needs volume ratio >= this times the lookback mean'),
  VWM_LOOKBACK_PERIOD: setting(num({ int: true, min: 2, max: 1000 }), '20', 'Closed candles in the VWAP / volume lookback'),
  VWM_BASE_POSITION_PCT: setting(pct, '5.0', 'Position size at strength 0, % of portfolio value'),
  VWM_MAX_POSITION_PCT: setting(pct, '15.0', 'Position size at strength 1, % of portfolio value'),
  VWM_TIMEFRAME: setting(oneOf(TIMEFRAMES), '15m', 'Candle timeframe the strategy reads'),
  VWM_ATR_PERIOD: setting(num({ int: true, min: 1, max: 1000 }), '14', 'ATR period (candles) for stops'),
  VWM_STOP_LOSS_ATR_MULTIPLIER: setting(atrMultiple, '2.0', 'Stop-loss distance in ATRs'),
  VWM_TAKE_PROFIT_ATR_MULTIPLIER: setting(atrMultiple, '4.0', 'Take-profit distance in ATRs'),
  VWM_TRAILING_ACTIVATION_ATR: setting(atrMultiple, '2.0', 'Trailing stop activates at this profit in ATRs'),
  VWM_TRAILING_DISTANCE_ATR: setting(atrMultiple, '1.5', 'Trailing stop distance in ATRs'),
  VWM_PARTIAL_TAKE_PROFIT_ATR: setting(atrMultiple, '2.0', 'Half the position is taken at this profit in ATRs'),
  VWM_STRENGTH_SCALE: setting(positive, '3', 'strength = min(1, |momentum| / (scale x threshold))'),
  MAX_DIRECTION_EXPOSURE_PCT: setting(pct, '70', 'No side (long/short) above this % of open exposure'),
  PORTFOLIO_VALUE: setting(positive, '100000', 'Portfolio value in USD used for sizing (paper balance)'),
  SCAN_INTERVAL: setting(num({ min: 1 }), '60', 'Seconds between scans of every pair'),
  BACKFILL: setting(bool, 'true', 'Warm up from the venue /kline history at start'),
  PACIFICA_API_URL: setting(url(['https:', 'http:']), 'https://api.pacifica.fi/api/v1', 'Pacifica REST base URL'),
  PACIFICA_WS_URL: setting(url(['wss:', 'ws:']), 'wss://ws.pacifica.fi/ws', 'Pacifica WebSocket URL'),
  PACIFICA_API_KEY: optional(text, 'API config key (rate-limit tier); optional', true),
  PACIFICA_ACCOUNT: optional(base58('account public key', [32]), 'Main account address (live trading)'),
  PACIFICA_AGENT_WALLET_PUBKEY: optional(base58('public key', [32]), 'Agent wallet public key (live trading)'),
  PACIFICA_AGENT_WALLET_PRIVKEY: optional(base58('Ed25519 secret key', [32, 64]), 'Agent wallet secret key (live trading)', true),
  DATABASE_URL: optional(url(['postgres:', 'postgresql:']), 'PostgreSQL server URL; unset = embedded PGlite in the data dir'),
  NEXWAVE_DATA_DIR: optional(absPath, 'Data dir (embedded database, journal); default $XDG_DATA_HOME/nexwave or ~/.local/share/nexwave'),
  WRITER_BATCH_ROWS: setting(num({ int: true, min: 1 }), '1000', 'Batch writer flushes at this many rows'),
  WRITER_FLUSH_MS: setting(num({ int: true, min: 1 }), '250', 'Batch writer flushes at least this often (ms)'),
  WRITER_MEMORY_ROWS: setting(num({ int: true, min: 1 }), '200000', 'Rows held in memory while the database is down, then journaled'),
  WRITER_OUTAGE_JOURNAL_MS: setting(num({ int: true, min: 1, max: 60_000 }), '1000', 'Ticks not yet stored (database down or hanging) are journaled once they waited this long (ms)'),
  TICK_RETENTION_DAYS: setting(num({ int: true, min: 1 }), '90', 'Ticks older than this are deleted'),
  TICK_COMPRESSION_DAYS: setting(num({ int: true, min: 1 }), '7', 'TimescaleDB compresses tick chunks older than this'),
  TICK_MAX_AHEAD_SEC: setting(positive, '60', 'Market data stamped further ahead of the venue clock than this is quarantined (seconds; x speed on the simulator)'),
  TICK_MAX_BEHIND_SEC: setting(positive, '86400', 'Market data stamped further behind the venue clock than this is quarantined (seconds; x speed on the simulator)'),
  TICK_MAX_CLOCK_SKEW_SEC: setting(positive, '300', 'Venue only: exchange time further than this ahead of the local clock (or behind it beyond the behind band) is quarantined (seconds)'),
  TICK_CLOCK_REBASE_SEC: setting(positive, '10', 'The market clock follows the venue after this long with every timestamp out of band (seconds)'),
  TICK_PRICE_BAND_PCT: setting(num({ gt: 0, max: 10000 }), '25', 'A trade price further than this % from both the last price and the mark is quarantined'),
  TICK_PRICE_REBASE_TICKS: setting(num({ int: true, min: 1 }), '20', 'This many agreeing out-of-band prices in a row become the new reference'),
  TICK_MAX_NOTIONAL_USD: setting(positive, '100000000', 'A trade worth more than this (price x amount, USD) is quarantined'),
  QUARANTINE_MAX_MB: setting(positive, '64', 'quarantine.jsonl is rotated to quarantine.jsonl.1 at this size (MB); with both full, quarantined ticks are counted, not written'),
  WHALE_DETECTION_INTERVAL: setting(positive, '5', 'Seconds between whale scans of the books'),
  WHALE_IMPACT_MINUTES: setting(positive, '15', 'Minutes after detection when market impact is measured'),
  PAPER_TAKER_FEE: setting(num({ min: 0, max: 0.1 }), '0.0004', 'Paper fill taker fee (fraction of notional)'),
  PAPER_MAKER_FEE: setting(num({ min: 0, max: 0.1 }), '0.00015', 'Paper fill maker fee for resting limit orders (fraction of notional)'),
  PAPER_SLIPPAGE_BPS: setting(num({ min: 0, max: 1000 }), '5', 'Paper fill slippage in basis points'),
  LOG_LEVEL: setting(oneOf(['debug', 'info', 'warn', 'error', 'silent']), 'info', 'Lowest log level written'),
};

type Flat = z.infer<z.ZodObject<typeof SHAPE>>;

/** Every setting with its default, rule and one-line doc, in schema order. */
export const SETTINGS: readonly SettingInfo[] = Object.entries(SHAPE).map(([key, schema]) => {
  const meta = registry.get(schema);
  if (!meta) throw new Error(`setting ${key} has no metadata`);
  return { key, ...meta };
});

const KNOWN = new Set(SETTINGS.map((s) => s.key));
const WATCHED_PREFIXES = ['NEXWAVE_', 'VWM_', 'PACIFICA_'];

export type LogLevel = Flat['LOG_LEVEL'];

/** The validated configuration, grouped by concern. Units are in the names. */
export interface Config {
  readonly strategy: { readonly name: 'volume_weighted_momentum'; readonly id: string };
  readonly paperTrading: boolean;
  readonly portfolioValue: number;
  /** The strategy's parameters, named as in core/vwm-params.ts (env names in VWM_ENV_NAMES). */
  readonly vwm: Omit<VwmParams, 'minElapsedFraction' | 'partialFraction' | 'directionCapPct'>;
  readonly risk: { readonly maxDirectionExposurePct: number };
  readonly scanIntervalSec: number;
  readonly backfill: boolean;
  readonly pacifica: {
    readonly apiUrl: string;
    readonly wsUrl: string;
    readonly apiKey: string | undefined;
    readonly account: string | undefined;
    readonly agentWalletPubkey: string | undefined;
    readonly agentWalletPrivkey: string | undefined;
  };
  /** PostgreSQL server URL; undefined = embedded PGlite under `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Absolute data dir (embedded database, journal). */
  readonly dataDir: string;
  readonly writer: { readonly batchRows: number; readonly flushMs: number; readonly memoryRows: number; readonly outageJournalMs: number };
  readonly retention: { readonly tickRetentionDays: number; readonly tickCompressionDays: number };
  readonly whales: { readonly detectionIntervalSec: number; readonly impactMinutes: number };
  /** Sanity bands for market data (README, Reliability). */
  readonly sanity: SanityConfig;
  /** Size of `quarantine.jsonl` (and of its one rotated predecessor), in MB. */
  readonly quarantineMaxMb: number;
  /** Paper fills (core/trading/fills.ts): taker for market orders and limits crossing on arrival, maker for resting limits. */
  readonly paper: { readonly takerFee: number; readonly makerFee: number; readonly slippageBps: number };
  readonly logLevel: LogLevel;
}

export type ParseConfigResult =
  | { readonly ok: true; readonly config: Config; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly errors: readonly string[]; readonly warnings: readonly string[] };

/**
 * Validate environment-style strings into a Config. Empty strings count as unset (dotenv
 * writes `KEY=` for blanks). On failure: one line per bad key naming the key, the rule and
 * the value, with secrets and URL passwords redacted. Unknown NEXWAVE_/VWM_/PACIFICA_ keys
 * give warnings (typo guard) but do not fail.
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): ParseConfigResult {
  const warnings = unknownKeyWarnings(env);
  const input: Record<string, string | undefined> = {};
  for (const s of SETTINGS) {
    const raw = env[s.key]?.trim();
    input[s.key] = raw === undefined || raw === '' ? s.def : raw;
  }
  const parsed = z.object(SHAPE).safeParse(input);
  const errors = new Map<string, string>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      const info = SETTINGS.find((s) => s.key === key);
      if (info && !errors.has(key)) errors.set(key, `${key}: must be ${info.rule}, got ${show(info, input[key])}`);
    }
  } else {
    for (const [key, line] of crossChecks(parsed.data)) if (!errors.has(key)) errors.set(key, line);
  }
  const dataDir = parsed.success ? resolveDataDir(parsed.data.NEXWAVE_DATA_DIR, env) : undefined;
  if (parsed.success && dataDir === undefined && !errors.has('NEXWAVE_DATA_DIR')) {
    errors.set('NEXWAVE_DATA_DIR', 'NEXWAVE_DATA_DIR: must be set when neither XDG_DATA_HOME nor HOME is set');
  }
  if (!parsed.success || errors.size > 0 || dataDir === undefined) {
    return { ok: false, errors: [...errors.values()], warnings };
  }
  return { ok: true, config: toConfig(parsed.data, dataDir), warnings };
}

function show(info: SettingInfo, value: string | undefined): string {
  if (value === undefined) return '(unset)';
  if (info.secret) return describeSecret(value);
  return JSON.stringify(redactUrl(value));
}

/** Rules that span several keys; each failure is reported on the key a user should change. */
function crossChecks(f: Flat): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (f.VWM_MAX_POSITION_PCT < f.VWM_BASE_POSITION_PCT) {
    out.push(['VWM_MAX_POSITION_PCT', `VWM_MAX_POSITION_PCT: must be >= VWM_BASE_POSITION_PCT (${f.VWM_BASE_POSITION_PCT}), got "${f.VWM_MAX_POSITION_PCT}"`]);
  }
  if (f.VWM_EXIT_THRESHOLD > f.VWM_MOMENTUM_THRESHOLD) {
    out.push(['VWM_EXIT_THRESHOLD', `VWM_EXIT_THRESHOLD: must be <= VWM_MOMENTUM_THRESHOLD (${f.VWM_MOMENTUM_THRESHOLD}), got "${f.VWM_EXIT_THRESHOLD}"`]);
  }
  if (f.WRITER_MEMORY_ROWS < f.WRITER_BATCH_ROWS) {
    out.push(['WRITER_MEMORY_ROWS', `WRITER_MEMORY_ROWS: must be >= WRITER_BATCH_ROWS (${f.WRITER_BATCH_ROWS}), got "${f.WRITER_MEMORY_ROWS}"`]);
  }
  if (!f.PAPER_TRADING) {
    const missing = (['PACIFICA_ACCOUNT', 'PACIFICA_AGENT_WALLET_PRIVKEY'] as const).filter((k) => f[k] === undefined);
    if (missing.length > 0) out.push(['PAPER_TRADING', `PAPER_TRADING: live trading (false) needs ${missing.join(' and ')}, got "false"`]);
  }
  const mismatch = pubkeyMismatch(f.PACIFICA_AGENT_WALLET_PRIVKEY, f.PACIFICA_AGENT_WALLET_PUBKEY);
  if (mismatch) out.push(['PACIFICA_AGENT_WALLET_PUBKEY', `PACIFICA_AGENT_WALLET_PUBKEY: must match the public half of PACIFICA_AGENT_WALLET_PRIVKEY, got "${f.PACIFICA_AGENT_WALLET_PUBKEY}"`]);
  return out;
}

/** A 64-byte Solana secret key is seed || public key; a mismatching pubkey would sign as someone else. */
function pubkeyMismatch(priv: string | undefined, pub: string | undefined): boolean {
  if (priv === undefined || pub === undefined) return false;
  const secret = bs58.decode(priv);
  if (secret.length !== 64) return false;
  return bs58.encode(secret.subarray(32)) !== pub;
}

/** XDG base directory spec: XDG_DATA_HOME only counts when absolute. */
function resolveDataDir(explicit: string | undefined, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (explicit !== undefined) return explicit.replace(/\/+$/, '') || '/';
  const xdg = env.XDG_DATA_HOME?.trim();
  if (xdg?.startsWith('/')) return `${xdg.replace(/\/+$/, '')}/nexwave`;
  const home = env.HOME?.trim();
  return home?.startsWith('/') ? `${home.replace(/\/+$/, '')}/.local/share/nexwave` : undefined;
}

function unknownKeyWarnings(env: Readonly<Record<string, string | undefined>>): string[] {
  const out: string[] = [];
  for (const key of Object.keys(env).sort()) {
    if (KNOWN.has(key) || !WATCHED_PREFIXES.some((p) => key.startsWith(p))) continue;
    const near = nearestKey(key);
    out.push(`unknown setting ${key} ignored${near ? ` (did you mean ${near}?)` : ''}`);
  }
  return out;
}

function nearestKey(key: string): string | undefined {
  let best: { key: string; d: number } | undefined;
  for (const k of KNOWN) {
    const d = editDistance(key, k);
    if (d <= 3 && (!best || d < best.d)) best = { key: k, d };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, sub));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

function toConfig(f: Flat, dataDir: string): Config {
  return {
    strategy: { name: f.STRATEGY, id: f.STRATEGY_ID },
    paperTrading: f.PAPER_TRADING,
    portfolioValue: f.PORTFOLIO_VALUE,
    vwm: {
      momentumThreshold: f.VWM_MOMENTUM_THRESHOLD,
      exitThreshold: f.VWM_EXIT_THRESHOLD,
      volumeMultiplier: f.VWM_VOLUME_MULTIPLIER,
      lookbackPeriod: f.VWM_LOOKBACK_PERIOD,
      basePositionPct: f.VWM_BASE_POSITION_PCT,
      maxPositionPct: f.VWM_MAX_POSITION_PCT,
      timeframe: f.VWM_TIMEFRAME,
      atrPeriod: f.VWM_ATR_PERIOD,
      stopLossAtrMultiplier: f.VWM_STOP_LOSS_ATR_MULTIPLIER,
      takeProfitAtrMultiplier: f.VWM_TAKE_PROFIT_ATR_MULTIPLIER,
      trailingActivationAtr: f.VWM_TRAILING_ACTIVATION_ATR,
      trailingDistanceAtr: f.VWM_TRAILING_DISTANCE_ATR,
      partialTakeProfitAtr: f.VWM_PARTIAL_TAKE_PROFIT_ATR,
      strengthScale: f.VWM_STRENGTH_SCALE,
    },
    risk: { maxDirectionExposurePct: f.MAX_DIRECTION_EXPOSURE_PCT },
    scanIntervalSec: f.SCAN_INTERVAL,
    backfill: f.BACKFILL,
    pacifica: {
      apiUrl: f.PACIFICA_API_URL,
      wsUrl: f.PACIFICA_WS_URL,
      apiKey: f.PACIFICA_API_KEY,
      account: f.PACIFICA_ACCOUNT,
      agentWalletPubkey: f.PACIFICA_AGENT_WALLET_PUBKEY,
      agentWalletPrivkey: f.PACIFICA_AGENT_WALLET_PRIVKEY,
    },
    databaseUrl: f.DATABASE_URL,
    dataDir,
    writer: { batchRows: f.WRITER_BATCH_ROWS, flushMs: f.WRITER_FLUSH_MS, memoryRows: f.WRITER_MEMORY_ROWS, outageJournalMs: f.WRITER_OUTAGE_JOURNAL_MS },
    retention: { tickRetentionDays: f.TICK_RETENTION_DAYS, tickCompressionDays: f.TICK_COMPRESSION_DAYS },
    whales: { detectionIntervalSec: f.WHALE_DETECTION_INTERVAL, impactMinutes: f.WHALE_IMPACT_MINUTES },
    sanity: {
      maxAheadSec: f.TICK_MAX_AHEAD_SEC, maxBehindSec: f.TICK_MAX_BEHIND_SEC, maxClockSkewSec: f.TICK_MAX_CLOCK_SKEW_SEC,
      clockRebaseSec: f.TICK_CLOCK_REBASE_SEC, priceBandPct: f.TICK_PRICE_BAND_PCT, priceRebaseTicks: f.TICK_PRICE_REBASE_TICKS,
      maxNotionalUsd: f.TICK_MAX_NOTIONAL_USD,
    },
    quarantineMaxMb: f.QUARANTINE_MAX_MB,
    paper: { takerFee: f.PAPER_TAKER_FEE, makerFee: f.PAPER_MAKER_FEE, slippageBps: f.PAPER_SLIPPAGE_BPS },
    logLevel: f.LOG_LEVEL,
  };
}
