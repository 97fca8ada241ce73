import { TIMEFRAME_MS, type Tick, type Timeframe } from '../../../src/engine/core/types.js';

export interface RefCandle {
  symbol: string;
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  vwap: number;
  trades: number;
  buyVolume: number;
  sellVolume: number;
}

/** Independent, obviously-correct candles from a set of distinct ticks (test oracle). */
export function referenceCandles(ticks: readonly Tick[], tf: Timeframe): RefCandle[] {
  const size = TIMEFRAME_MS[tf];
  const groups = new Map<string, Tick[]>();
  for (const t of ticks) {
    const key = `${t.symbol}|${Math.floor(t.time / size) * size}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const out = [...groups.entries()].map(([key, g]) => {
    const sorted = [...g].sort((a, b) => a.time - b.time || a.tradeId - b.tradeId);
    const volume = g.reduce((s, t) => s + t.volume, 0);
    const pv = g.reduce((s, t) => s + t.price * t.volume, 0);
    const first = sorted[0]!;
    const last = sorted[sorted.length - 1]!;
    return {
      symbol: key.split('|')[0]!,
      time: Number(key.split('|')[1]),
      open: first.price,
      high: Math.max(...g.map((t) => t.price)),
      low: Math.min(...g.map((t) => t.price)),
      close: last.price,
      volume,
      vwap: volume > 0 ? pv / volume : last.price,
      trades: g.length,
      buyVolume: g.filter((t) => t.side === 'buy').reduce((s, t) => s + t.volume, 0),
      sellVolume: g.filter((t) => t.side === 'sell').reduce((s, t) => s + t.volume, 0),
    };
  });
  return out.sort((a, b) => a.symbol.localeCompare(b.symbol) || a.time - b.time);
}

/** Deterministic pseudo-random ticks (mulberry32), with repeated milliseconds on purpose. */
export function makeTicks(symbol: string, start: number, count: number, seed: number, firstId = 1): Tick[] {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let r = Math.imul(s ^ (s >>> 15), 1 | s);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const out: Tick[] = [];
  let time = start;
  let price = 100;
  for (let i = 0; i < count; i++) {
    if (rand() > 0.2) time += Math.floor(rand() * 20_000);
    price = Math.max(1, price + (rand() - 0.5) * 2);
    out.push({
      time,
      symbol,
      tradeId: firstId + i,
      price: Math.round(price * 100) / 100,
      volume: Math.round(rand() * 1000) / 100,
      side: rand() < 0.5 ? 'buy' : 'sell',
      venue: 'simulator',
    });
  }
  return out;
}
