/**
 * The simulated book of a backtest run: cash, open positions, last closes and the fills
 * so far. Local to one `runBacktest` call (which stays pure: same input, same output).
 * Cash pays the entry fee at entry and books gross PnL minus the exit fee at each exit,
 * so cash after the last exit = start + Σ trade pnl.
 */
import type { Exposure } from './strategy.js';
import type { BacktestTrade, EquityPoint, ExitReason, FillModel } from './backtest-types.js';
import { closePart, type SimPosition } from './backtest-fills.js';

export class SimBook {
  cash: number;
  readonly positions = new Map<string, SimPosition>();
  readonly lastClose = new Map<string, number>();
  /** Close time of the last traded candle per symbol (for the end-of-test close). */
  readonly lastTime = new Map<string, number>();
  readonly trades: BacktestTrade[] = [];
  readonly equity: EquityPoint[] = [];
  private nextId = 1;

  constructor(
    startEquity: number,
    private readonly fill: FillModel,
    private readonly lotSize: (symbol: string) => number,
  ) {
    this.cash = startEquity;
  }

  /** Record a new position and pay its entry fee. */
  open(make: (id: number) => SimPosition): SimPosition {
    const pos = make(this.nextId++);
    this.positions.set(pos.symbol, pos);
    this.cash -= pos.entryFee;
    return pos;
  }

  /** Close `size` of the symbol's position at `price` (before slippage); returns what stays open. */
  close(pos: SimPosition, size: number, price: number, time: number, reason: ExitReason): SimPosition | null {
    const part = closePart(pos, size, price, time, reason, this.fill, this.lotSize(pos.symbol));
    this.trades.push(part.trade);
    this.cash += part.trade.grossPnl - part.exitFee;
    if (part.rest === null) this.positions.delete(pos.symbol);
    else this.positions.set(pos.symbol, part.rest);
    return part.rest;
  }

  /** Replace an open position (trailing stop moved, partial flag set). */
  update(pos: SimPosition): void {
    this.positions.set(pos.symbol, pos);
  }

  /** Open notional per side at the last closes, for the strategy's direction cap. */
  exposure(): Exposure {
    let longUsd = 0;
    let shortUsd = 0;
    for (const p of this.positions.values()) {
      const usd = p.size * (this.lastClose.get(p.symbol) ?? p.entryPrice);
      if (p.side === 'long') longUsd += usd;
      else shortUsd += usd;
    }
    return { longUsd, shortUsd };
  }

  /** Cash plus open positions marked at their last close (exit costs not yet paid). */
  markToMarket(): number {
    let eq = this.cash;
    for (const p of this.positions.values()) {
      const dir = p.side === 'long' ? 1 : -1;
      eq += dir * ((this.lastClose.get(p.symbol) ?? p.entryPrice) - p.entryPrice) * p.size;
    }
    return eq;
  }

  recordEquity(time: number, openPositions = this.positions.size): void {
    this.equity.push({ time, equity: this.markToMarket(), openPositions });
  }

  /** Close everything still open at its last close (reason end-of-test). */
  closeAll(): void {
    for (const pos of [...this.positions.values()]) {
      const price = this.lastClose.get(pos.symbol) ?? pos.entryPrice;
      this.close(pos, pos.size, price, this.lastTime.get(pos.symbol) ?? pos.entryTime, 'end-of-test');
    }
  }
}
