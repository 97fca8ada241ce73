/**
 * Backtest, pure: the live strategy code replayed over stored candles
 * with the paper fill model.
 *
 * Candles of all symbols are merged by bucket time (symbols in name order inside a
 * bucket, as the scanner walks its pairs). For each traded candle i of a symbol:
 *  1. an open position (opened at an earlier close) is checked intrabar against its
 *     stops with the candle's high and low (backtest-stops.ts: stop-loss first when both
 *     are touched);
 *  2. at the close, position management runs with the close and the ATR of the candles
 *     up to i (partial take-profit, trailing stop);
 *  3. the strategy evaluates exactly as the scanner would at the end of that bucket:
 *     now = candle.time + tf − 1, closed = candles before i, forming = candle i, price =
 *     candle i's close, with the simulated position and exposure. Its intents fill at
 *     that close (backtest-fills.ts).
 * Every fill of a candle carries the bucket's end (its close): intrabar exits happened at
 * some unknown moment before it, so "by the close of this bucket" is what we can say.
 * A missing bucket stays missing: the strategy's readiness refuses to trade across it.
 * Positions open at the end close at their last close with reason end-of-test (one
 * opened at the very last close pays its round trip at that close: the test ends there).
 * The strategy sizes from the fixed portfolio value, as live.
 */
import type { Candle, Pair } from './types.js';
import type { BacktestInput, BacktestResult } from './backtest-types.js';
import { intrabarExit } from './backtest-stops.js';
import { openPosition, type SimPosition } from './backtest-fills.js';
import { SimBook } from './backtest-book.js';
import { summarize } from './backtest-summary.js';
import { managePosition } from './position-management.js';
import { atr } from './indicators.js';
import { timeframeMs } from './buckets.js';
import { assertNonNegative, assertPositive } from './guards.js';

interface Step {
  readonly time: number;
  readonly symbol: string;
  readonly index: number;
}

interface Run {
  readonly input: BacktestInput;
  readonly tfMs: number;
  readonly pairs: ReadonlyMap<string, Pair>;
  readonly book: SimBook;
  evaluations: number;
}

/** Replay `input` and return the trades, the summary and the equity curve. */
export function runBacktest(input: BacktestInput): BacktestResult {
  const pairs = checkInput(input);
  const tfMs = timeframeMs(input.strategy.timeframe);
  const book = new SimBook(input.portfolioValue, input.fill, (s) => pairs.get(s)?.lotSize ?? 1);
  const run: Run = { input, tfMs, pairs, book, evaluations: 0 };
  const steps = timeline(input);
  steps.forEach((step, k) => {
    onCandle(run, step);
    const next = steps[k + 1];
    if (next !== undefined && next.time === step.time) return;
    const open = book.positions.size;
    if (next === undefined) book.closeAll();
    book.recordEquity(step.time + tfMs, open);
  });
  return { trades: book.trades, summary: summarize(book.trades, book.equity, input.portfolioValue), equity: book.equity, evaluations: run.evaluations };
}

function checkInput(input: BacktestInput): ReadonlyMap<string, Pair> {
  assertPositive(input.portfolioValue, 'portfolioValue');
  assertNonNegative(input.fill.takerFee, 'fill.takerFee');
  assertNonNegative(input.fill.slippageBps, 'fill.slippageBps');
  if (!(input.from < input.to)) throw new RangeError(`backtest range is empty: from ${input.from} >= to ${input.to}`);
  const pairs = new Map(input.pairs.map((p) => [p.symbol, p]));
  for (const [symbol, candles] of input.candles) {
    if (!pairs.has(symbol)) throw new RangeError(`no pair (lot size, minimum order) for ${symbol}`);
    for (const c of candles) {
      if (c.symbol !== symbol || c.timeframe !== input.strategy.timeframe) {
        throw new RangeError(`candle ${c.symbol} ${c.timeframe} in the ${symbol} ${input.strategy.timeframe} series`);
      }
    }
  }
  return pairs;
}

/** Traded candles of every symbol in time order, symbols by name inside a bucket. */
function timeline(input: BacktestInput): Step[] {
  const steps: Step[] = [];
  for (const [symbol, candles] of input.candles) {
    candles.forEach((c, index) => {
      if (c.time >= input.from && c.time < input.to) steps.push({ time: c.time, symbol, index });
    });
  }
  return steps.sort((a, b) => a.time - b.time || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

function onCandle(run: Run, step: Step): void {
  const candles = run.input.candles.get(step.symbol) ?? [];
  const c = candles[step.index];
  if (c === undefined) return;
  const closeTime = c.time + run.tfMs;
  run.book.lastClose.set(step.symbol, c.close);
  run.book.lastTime.set(step.symbol, closeTime);
  const held = run.book.positions.get(step.symbol);
  if (held !== undefined) {
    const exit = intrabarExit(held, c);
    if (exit !== null) run.book.close(held, held.size, exit.price, closeTime, exit.reason);
    else manageAtClose(run, held, candles, step.index, closeTime);
  }
  evaluate(run, candles, step.index, closeTime);
}

/** Partial take-profit and trailing stop at the candle's close. */
function manageAtClose(run: Run, held: SimPosition, candles: readonly Candle[], i: number, closeTime: number): void {
  const p = run.input.params;
  const c = candles[i];
  if (c === undefined) return;
  const window = candles.slice(Math.max(0, i - p.atrPeriod), i + 1);
  const lot = run.pairs.get(held.symbol)?.lotSize;
  let pos: SimPosition | null = held;
  for (const intent of managePosition(held, c.close, atr(window, p.atrPeriod) ?? 0, p, lot)) {
    if (pos === null) return;
    if (intent.type === 'close') {
      // Not reached today: the intrabar check saw this bar's whole range, close included.
      // Handled anyway so a future rule in managePosition cannot leave a close unfilled.
      const exit = intrabarExit(pos, { open: c.close, high: c.close, low: c.close });
      pos = run.book.close(pos, pos.size, c.close, closeTime, exit?.reason ?? 'stop-loss');
    } else if (intent.type === 'partial_close') {
      pos = run.book.close(pos, intent.size, c.close, closeTime, 'partial');
      if (pos !== null) run.book.update((pos = { ...pos, partialTaken: true }));
    } else {
      run.book.update((pos = { ...pos, trailingStop: intent.stop }));
    }
  }
}

/** The strategy at the end of the bucket, as the scanner runs it live. */
function evaluate(run: Run, candles: readonly Candle[], i: number, closeTime: number): void {
  const c = candles[i];
  const pair = c === undefined ? undefined : run.pairs.get(c.symbol);
  if (c === undefined || pair === undefined) return;
  const strategy = run.input.strategy;
  // Readiness looks at the contiguous run of `requiredCandles`; twice that keeps a hole at
  // the window's edge visible without copying the whole history on every candle.
  const closed = candles.slice(Math.max(0, i - 2 * strategy.requiredCandles), i);
  const position = run.book.positions.get(c.symbol) ?? null;
  const result = strategy.evaluate({
    // The scanner's last evaluation inside the bucket: 1 ms before it closes.
    pair, now: closeTime - 1, price: c.close, closed, forming: c, position,
    exposure: run.book.exposure(), portfolioValue: run.input.portfolioValue,
  });
  run.evaluations++;
  const intent = result.orderIntent;
  if (intent?.type === 'open' && position === null) {
    run.book.open((id) => openPosition(intent, closeTime, id, result.reason, run.input.fill));
  } else if (intent?.type === 'close' && position !== null) {
    run.book.close(position, position.size, c.close, closeTime, 'signal-exit');
  }
}
