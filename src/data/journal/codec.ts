import { crc32 } from 'node:zlib';
import { NexwaveError } from '../../engine/core/errors.js';
import type { Side, Tick, TradeCause, Venue } from '../../engine/core/types.js';

/**
 * One journal record is one line: `<crc32 as 8 hex> <JSON array of tick tuples>\n`.
 * The checksum covers the JSON bytes, so a record cut short by a killed process
 * (or a block of zeros left by a crash) never parses as data. Tuples, not
 * objects, keep a 200k-tick spill near 60 bytes a tick. JSON numbers round-trip
 * doubles exactly, so a replayed tick equals the pushed one (except `receivedAt`,
 * which is a local lag metric and is not kept).
 */
type TickTuple = [number, string, number, number, number, Side, Venue] | [number, string, number, number, number, Side, Venue, TradeCause];

/** Ticks per record: bounds the size of one line (and of one torn write). */
export const RECORD_TICKS = 1000;

const SIDES: ReadonlySet<string> = new Set(['buy', 'sell']);
const VENUES: ReadonlySet<string> = new Set(['pacifica', 'simulator']);
const CAUSES: ReadonlySet<string> = new Set(['normal', 'market_liquidation', 'backstop_liquidation', 'settlement']);

const toTuple = (t: Tick): TickTuple =>
  t.cause === undefined
    ? [t.time, t.symbol, t.tradeId, t.price, t.volume, t.side, t.venue]
    : [t.time, t.symbol, t.tradeId, t.price, t.volume, t.side, t.venue, t.cause];

/** Encode ticks as complete record lines (several when there are more than RECORD_TICKS). */
export function encodeRecords(ticks: readonly Tick[]): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < ticks.length; i += RECORD_TICKS) {
    const json = JSON.stringify(ticks.slice(i, i + RECORD_TICKS).map(toTuple));
    const sum = crc32(json).toString(16).padStart(8, '0');
    lines.push(`${sum} ${json}\n`);
  }
  return Buffer.from(lines.join(''), 'utf8');
}

/** Result of checking one complete line: its ticks, or `null` when the checksum fails. */
export function decodeLine(line: Buffer, where: string): Tick[] | null {
  if (line.length < 10 || line[8] !== 0x20) return null;
  const json = line.subarray(9);
  const sum = Number.parseInt(line.subarray(0, 8).toString('latin1'), 16);
  if (!Number.isFinite(sum) || crc32(json) !== sum) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString('utf8'));
  } catch (cause) {
    throw new NexwaveError('JOURNAL.CORRUPT', `journal record at ${where} has a valid checksum but is not JSON`, { cause });
  }
  if (!Array.isArray(parsed)) throw new NexwaveError('JOURNAL.CORRUPT', `journal record at ${where} is not a list of ticks`);
  return parsed.map((row: unknown) => fromTuple(row, where));
}

function fromTuple(row: unknown, where: string): Tick {
  const bad = (): never => {
    throw new NexwaveError('JOURNAL.CORRUPT', `journal record at ${where} holds a malformed tick: ${JSON.stringify(row).slice(0, 120)}`);
  };
  if (!Array.isArray(row) || row.length < 7 || row.length > 8) return bad();
  const [time, symbol, tradeId, price, volume, side, venue, cause] = row as unknown[];
  const finite = [time, tradeId, price, volume].every((n) => typeof n === 'number' && Number.isFinite(n));
  if (!finite || typeof symbol !== 'string' || !SIDES.has(side as string) || !VENUES.has(venue as string)) return bad();
  if (cause !== undefined && !CAUSES.has(cause as string)) return bad();
  const base = {
    time: time as number,
    symbol,
    tradeId: tradeId as number,
    price: price as number,
    volume: volume as number,
    side: side as Side,
    venue: venue as Venue,
  };
  return cause === undefined ? base : { ...base, cause: cause as TradeCause };
}
