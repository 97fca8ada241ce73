/**
 * Files, locks and the data dir: owner-only modes whatever the umask, a lock whose pid was
 * reused is not a live lock, and a data dir that is someone else's directory (or a symlink
 * to `/`) is refused by name.
 */
import { spawn } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/cli/open-store.js';
import { claimDataDir } from '../../../src/data/files/data-root.js';
import { claimLock, processStart, processStartedAt, removeStale } from '../../../src/data/files/process-lock.js';
import { createFileDeadLetter, openFileJournal } from '../../../src/data/journal/index.js';
import { LOCK_FILE } from '../../../src/data/pglite/data-dir.js';
import { createPgliteStore } from '../../../src/data/pglite/index.js';
import { silentLogger } from '../../../src/engine/ports/logger.js';

const root = mkdtempSync(join(tmpdir(), 'nx-guards-'));
let n = 0;
const fresh = (): string => join(root, `d${++n}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const tick = { time: Date.UTC(2026, 0, 1), symbol: 'BTC', tradeId: 1, price: 100, volume: 1, side: 'buy', venue: 'pacifica' } as const;

/** Every path under `dir` (itself included) whose mode is not 0700 (dirs) / 0600 (files). */
function loose(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    const st = lstatSync(p);
    const want = st.isDirectory() ? 0o700 : 0o600;
    if (!st.isSymbolicLink() && (st.mode & 0o777) !== want) out.push(`${p} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
  };
  walk(dir);
  return out;
}

describe('owner-only data dir', () => {
  it('under umask 000: data dir, embedded database, journal, dead letters and lock are 0700 / 0600', async () => {
    const old = process.umask(0);
    const dataDir = fresh();
    try {
      const { store } = await openStore({ databaseUrl: undefined, dataDir, sim: false, logger: silentLogger });
      await store.migrate();
      await store.insertTicks([tick]);
      expect(loose(join(dataDir, 'pglite', LOCK_FILE))).toEqual([]);
      await store.close();
      const journal = await openFileJournal({ dir: join(dataDir, 'journal'), logger: silentLogger });
      await journal.append([tick]);
      await journal.close();
      await createFileDeadLetter(join(dataDir, 'dead-letter.jsonl')).write([tick], 'test');
      expect(readdirSync(join(dataDir, 'pglite')).length).toBeGreaterThan(5);
      expect(loose(dataDir)).toEqual([]);
    } finally {
      process.umask(old);
    }
  }, 60_000);
});

describe('store lock', () => {
  it('a lock naming our own pid (reused after a container restart) is stale, not ours', async () => {
    const dataDir = fresh();
    await (await createPgliteStore({ dataDir })).close();
    writeFileSync(join(dataDir, LOCK_FILE), `${process.pid}\n`);
    const store = await createPgliteStore({ dataDir });
    await store.close();
  });

  it('a live process with another start time is not the holder; the real holder is', async () => {
    const dataDir = fresh();
    await (await createPgliteStore({ dataDir })).close();
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const pid = child.pid!;
      const start = processStart(pid);
      expect(start).not.toBeNull();
      writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify({ pid, start: String(Number(start) + 1), boot: null, token: 'x' }));
      const store = await createPgliteStore({ dataDir });
      await store.close();
      writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify({ pid, start, boot: null, token: 'x' }));
      await expect(createPgliteStore({ dataDir })).rejects.toThrow(`in use by another Nexwave store (pid ${pid})`);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('lock files of older builds and takeover races', () => {
  const refuse = (h: { pid: number } | null): Error => new Error(`held by ${h?.pid}`);

  it('a bare-pid lock is stale when its pid belongs to a process started after the lock was written', async () => {
    const path = join(mkdtempSync(join(root, 'lock-')), 'x.lock');
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 50));
      expect(processStartedAt(child.pid!)).not.toBeNull();
      writeFileSync(path, `${child.pid}\n`);
      const hourAgo = new Date(Date.now() - 3_600_000);
      utimesSync(path, hourAgo, hourAgo);
      const release = claimLock(path, refuse);
      expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
      release();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a bare-pid lock written after its process started is still live', () => {
    const path = join(mkdtempSync(join(root, 'lock-')), 'x.lock');
    writeFileSync(path, `${process.ppid}\n`);
    expect(() => claimLock(path, refuse)).toThrow(`held by ${process.ppid}`);
  });

  it('a stale lock replaced by another process meanwhile is not removed', () => {
    const path = join(mkdtempSync(join(root, 'lock-')), 'x.lock');
    writeFileSync(path, '{"pid":1,"start":"1","boot":null,"token":"fresh"}\n');
    expect(removeStale(path, '{"pid":1,"start":"1","boot":null,"token":"old"}')).toBe(false);
    expect(readFileSync(path, 'utf8')).toContain('fresh');
    expect(removeStale(path, readFileSync(path, 'utf8').trim())).toBe(true);
    expect(readdirSync(join(path, '..'))).toEqual([]);
  });

  it('files an older build left 0644 (dead letters, journal) are made 0600 when the data dir is claimed', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'journal'), { recursive: true });
    writeFileSync(join(dir, 'dead-letter.jsonl'), '{}\n');
    writeFileSync(join(dir, 'journal', 'seg-0000000001.jsonl'), '');
    chmodSync(join(dir, 'dead-letter.jsonl'), 0o644);
    chmodSync(join(dir, 'journal', 'seg-0000000001.jsonl'), 0o644);
    chmodSync(join(dir, 'journal'), 0o755);
    claimDataDir(dir);
    expect(statSync(join(dir, 'dead-letter.jsonl')).mode & 0o777).toBe(0o600);
    expect(loose(dir)).toEqual([]);
  });
});

describe('data dir that is not ours', () => {
  it('a symlink to / is refused, naming the link and its target', async () => {
    const link = join(fresh());
    symlinkSync('/', link);
    await expect(openStore({ databaseUrl: undefined, dataDir: link, sim: true, logger: silentLogger })).rejects.toMatchObject({
      code: 'STORE.DATA_DIR_INVALID',
      message: expect.stringContaining(`data dir ${link} (a link to /) is not empty and is not a Nexwave data dir`),
    });
  });

  it('a non-empty foreign directory is refused and left untouched; a Nexwave one is used', async () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, 'thesis.tex'), 'mine');
    await expect(openStore({ databaseUrl: 'postgres://u@127.0.0.1:1/x', dataDir: dir, sim: false, logger: silentLogger })).rejects.toThrow(
      `data dir ${dir} is not empty and is not a Nexwave data dir (it holds thesis.tex)`,
    );
    expect(readdirSync(dir)).toEqual(['thesis.tex']);
    const ours = fresh();
    mkdirSync(join(ours, 'journal'), { recursive: true });
    writeFileSync(join(ours, 'dead-letter.jsonl'), '');
    const { store } = await openStore({ databaseUrl: 'postgres://u@127.0.0.1:1/x', dataDir: ours, sim: false, logger: silentLogger });
    await store.close();
  });
});
