import { readFile } from 'node:fs/promises';
import type { Tick } from '../../engine/core/types.js';

/** What a dead-letter file holds: the ticks it can give back, and lines it cannot read. */
export interface DeadLetters {
  readonly ticks: Tick[];
  /** The line each tick came from (to put it back unchanged when it cannot be replayed now). */
  readonly lineOf: Map<Tick, string>;
  /** Lines that are not a dead letter (kept for the operator as they are). */
  readonly unreadable: string[];
}

const SIDES = new Set(['buy', 'sell']);
const VENUES = new Set(['pacifica', 'simulator']);
const CAUSES = new Set(['normal', 'market_liquidation', 'backstop_liquidation', 'settlement']);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The tick of one dead-letter line (`{"at":...,"reason":...,"tick":{...}}`, see dead-letter.ts), or null. */
export function parseDeadLetter(line: string): Tick | null {
  let t: Record<string, unknown>;
  try {
    const row = JSON.parse(line) as { tick?: unknown };
    if (typeof row.tick !== 'object' || row.tick === null) return null;
    t = row.tick as Record<string, unknown>;
  } catch {
    return null;
  }
  const ok = finite(t.time) && typeof t.symbol === 'string' && finite(t.tradeId) && finite(t.price) && finite(t.volume)
    && SIDES.has(t.side as string) && VENUES.has(t.venue as string) && (t.cause === undefined || CAUSES.has(t.cause as string));
  if (!ok) return null;
  const base = { time: t.time, symbol: t.symbol, tradeId: t.tradeId, price: t.price, volume: t.volume, side: t.side, venue: t.venue } as Tick;
  return t.cause === undefined ? base : { ...base, cause: t.cause as Tick['cause'] };
}

/** Read a whole dead-letter file (they are small: rows rejected for good are rare). */
export async function readDeadLetters(path: string): Promise<DeadLetters> {
  const ticks: Tick[] = [];
  const lineOf = new Map<Tick, string>();
  const unreadable: string[] = [];
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (line.trim() === '') continue;
    const tick = parseDeadLetter(line);
    if (!tick) unreadable.push(line);
    else (ticks.push(tick), lineOf.set(tick, line));
  }
  return { ticks, lineOf, unreadable };
}
