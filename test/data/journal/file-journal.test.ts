import { appendFile, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileDeadLetter, openFileJournal } from '../../../src/data/journal/index.js';
import { encodeRecords } from '../../../src/data/journal/codec.js';
import type { Tick } from '../../../src/engine/core/types.js';
import type { Journal } from '../../../src/engine/ports/journal.js';
import { RecordingLogger, makeTicks } from '../../engine/app/batch-writer-fakes.js';

async function collect(j: Journal, batchSize: number): Promise<(readonly Tick[])[]> {
  const out: (readonly Tick[])[] = [];
  for await (const b of j.replay(batchSize)) out.push(b);
  return out;
}

describe('file journal', () => {
  let dir: string;
  let jdir: string;
  let logger: RecordingLogger;
  const open = () => openFileJournal({ dir: jdir, logger });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nx-journal-'));
    jdir = join(dir, 'journal');
    logger = new RecordingLogger();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('round-trips ticks exactly, oldest first, in batches of the asked size', async () => {
    const j = await open();
    const odd: Tick = { time: 1_700_000_000_123, symbol: 'kBONK', tradeId: -42, price: 0.1 + 0.2, volume: 1e-9, side: 'sell', venue: 'pacifica', cause: 'market_liquidation' };
    const ticks = [...makeTicks(2500), odd];
    await j.append(ticks.slice(0, 1200));
    await j.append(ticks.slice(1200));
    expect(j.size().rows).toBe(2501);
    const files = await readdir(jdir);
    expect(files).toHaveLength(1);
    expect(j.size().bytes).toBe((await stat(join(jdir, files[0] ?? ''))).size);
    const batches = await collect(j, 1000);
    expect(batches.map((b) => b.length)).toEqual([1000, 1000, 501]);
    expect(batches.flat()).toEqual(ticks);
    await j.close();
  });

  it('truncates only segments a replay pulled past; an interrupted replay keeps its segment', async () => {
    const j = await open();
    await j.append(makeTicks(30, 1));
    for await (const b of j.replay(10)) {
      expect(b[0]?.tradeId).toBe(1);
      break;
    }
    await j.truncate();
    expect(j.size().rows).toBe(30);
    expect((await collect(j, 10)).flat()).toHaveLength(30);
    await j.truncate();
    expect(j.size()).toEqual({ bytes: 0, rows: 0 });
    expect(await readdir(jdir)).toEqual([]);
    await j.close();
  });

  it('an interrupted replay resumes after the batches it had committed (no re-send, no double count)', async () => {
    const j = await open();
    await j.append(makeTicks(30, 1));
    let n = 0;
    for await (const b of j.replay(10)) {
      // The first batch is committed (pulled past); the second fails (the database went away).
      if (++n === 2) {
        expect(b[0]?.tradeId).toBe(11);
        break;
      }
    }
    expect((await collect(j, 10)).flat().map((t) => t.tradeId)).toEqual(Array.from({ length: 20 }, (_, i) => i + 11));
    await j.truncate();
    expect(j.size().rows).toBe(0);
    await j.close();
  });

  it('keeps ticks appended during a replay for the next one', async () => {
    const j = await open();
    await j.append(makeTicks(20, 1));
    const seen: number[] = [];
    for await (const b of j.replay(10)) {
      seen.push(...b.map((t) => t.tradeId));
      await j.append(makeTicks(5, 100 + seen.length));
    }
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await j.truncate();
    expect(j.size().rows).toBe(10);
    expect((await collect(j, 100)).flat().map((t) => t.tradeId)).toEqual([110, 111, 112, 113, 114, 120, 121, 122, 123, 124]);
    await j.close();
  });

  it('reopens with earlier segments in order and never appends to them', async () => {
    const a = await open();
    await a.append(makeTicks(3, 1));
    await a.close();
    const b = await open();
    expect(b.size().rows).toBe(3);
    await b.append(makeTicks(3, 4));
    expect(await readdir(jdir)).toEqual(['seg-0000000001.jsonl', 'seg-0000000002.jsonl']);
    expect((await collect(b, 100)).flat().map((t) => t.tradeId)).toEqual([1, 2, 3, 4, 5, 6]);
    await b.close();
  });

  it.each([
    ['a record cut short (no newline)', (line: string) => line.slice(0, 40)],
    ['a block of zeros', () => '\0'.repeat(512)],
  ])('skips a torn last write with a warning: %s', async (_name, damage) => {
    const a = await open();
    await a.append(makeTicks(5, 1));
    await a.close();
    const [seg] = await readdir(jdir);
    const path = join(jdir, seg ?? '');
    await appendFile(path, damage(encodeRecords(makeTicks(5, 6)).toString('utf8')));
    const b = await open();
    expect(b.size().rows).toBe(5);
    expect(logger.events.find((e) => e.event === 'journal.torn_tail')?.fields).toMatchObject({ path, offset: expect.any(Number) });
    expect((await collect(b, 100)).flat().map((t) => t.tradeId)).toEqual([1, 2, 3, 4, 5]);
    await b.close();
  });

  it('quarantines a damaged last record that has its newline: a whole record, not a torn append', async () => {
    const a = await open();
    await a.append(makeTicks(5, 1));
    await a.close();
    const [seg] = await readdir(jdir);
    const path = join(jdir, seg ?? '');
    const from = (await readFile(path)).length;
    const last = encodeRecords(makeTicks(5, 6)).toString('utf8').replace('"BTC"', '"ETH"');
    await appendFile(path, last);
    const b = await open();
    expect(b.size().rows).toBe(5);
    expect(logger.events.some((e) => e.event === 'journal.torn_tail')).toBe(false);
    const to = from + Buffer.byteLength(last);
    expect(logger.events.find((e) => e.event === 'journal.quarantined')?.fields).toMatchObject({ path, from, to });
    expect(await readFile(join(`${jdir}.quarantine`, `${seg}@${from}-${to}.bad`), 'utf8')).toBe(last);
    expect((await collect(b, 100)).flat().map((t) => t.tradeId)).toEqual([1, 2, 3, 4, 5]);
    await b.close();
  });

  it('skips a record damaged in the middle, quarantines its bytes beside the journal, replays the rest', async () => {
    const a = await open();
    await a.append(makeTicks(2500, 1));
    await a.close();
    const [seg] = await readdir(jdir);
    const path = join(jdir, seg ?? '');
    const text = await readFile(path, 'utf8');
    // Garbage inside the second record (ticks 1001-2000): its checksum fails, data follows.
    const second = text.indexOf('\n') + 1;
    const secondEnd = text.indexOf('\n', second) + 1;
    await writeFile(path, text.slice(0, second + 30) + 'GARBAGE' + text.slice(second + 37));
    const b = await open();
    expect(b.size().rows).toBe(1500);
    const q = logger.events.find((e) => e.event === 'journal.quarantined')?.fields;
    expect(q).toMatchObject({ path, from: second, to: secondEnd, bytes: secondEnd - second });
    const file = join(`${jdir}.quarantine`, `${seg}@${second}-${secondEnd}.bad`);
    expect(q?.file).toBe(file);
    expect((await readFile(file, 'utf8')).length).toBe(secondEnd - second);
    const ids = (await collect(b, 700)).flat().map((t) => t.tradeId);
    expect(ids).toEqual([...Array.from({ length: 1000 }, (_, i) => i + 1), ...Array.from({ length: 500 }, (_, i) => i + 2001)]);
    // Collecting goes on: appends and truncation work as usual.
    await b.append(makeTicks(3, 9001));
    await b.truncate();
    expect(b.size().rows).toBe(3);
    await b.close();
  });

  it('quarantines a record whose checksum holds but whose tick is malformed', async () => {
    const line = encodeRecords(makeTicks(1)).toString('utf8').replace('"buy"', '"sideways"').replace('"sell"', '"sideways"');
    const { crc32 } = await import('node:zlib');
    const json = line.slice(9, -1);
    await openFileJournal({ dir: jdir, logger }).then((j) => j.close());
    const good = encodeRecords(makeTicks(2, 5)).toString('utf8');
    await writeFile(join(jdir, 'seg-0000000001.jsonl'), `${crc32(json).toString(16).padStart(8, '0')} ${json}\n${good}`);
    const j = await open();
    expect(j.size().rows).toBe(2);
    expect(logger.events.some((e) => e.event === 'journal.quarantined')).toBe(true);
    await j.close();
  });

  it('writes dead letters as JSON lines with the reason', async () => {
    const path = join(dir, 'dead-letter.jsonl');
    const sink = createFileDeadLetter(path, () => 0);
    await sink.write(makeTicks(2), 'STORE.QUERY_FAILED: bad symbol');
    const lines = (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ at: '1970-01-01T00:00:00.000Z', reason: 'STORE.QUERY_FAILED: bad symbol', tick: { tradeId: 1 } });
  });
});
