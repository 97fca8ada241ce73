/**
 * The built CLI run as a user runs it: `node dist/src/cli/main.js ...` in a child process,
 * with HOME and the working directory in a temp dir so nothing touches the real data dir.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, hasPg } from '../helpers/pg.js';

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'dist/src/cli/main.js');
/** Suggestions name the bin by its absolute path here: the tests run outside the checkout. */
const BIN = join(ROOT, 'bin/nexwave.js');
const home = mkdtempSync(join(tmpdir(), 'nexwave-cli-'));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function nexwave(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [MAIN, ...args], { cwd: home, env: { PATH: process.env.PATH ?? '', HOME: home, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      done({ code: child.exitCode ?? (err ? 1 : 0), stdout, stderr });
    });
  });
}

beforeAll(() => {
  // The suite tests the built file, as `npm start` runs it; tsc emits even when another
  // engineer's in-progress file has a type error, so only the output's presence is checked.
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    // type errors are reported by `npm run typecheck`; the emitted JavaScript is still current
  }
  expect(existsSync(MAIN)).toBe(true);
}, 120_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('nexwave --help', () => {
  it('lists every command and the shared options', async () => {
    const r = await nexwave(['--help']);
    expect(r.code).toBe(0);
    for (const word of ['console', 'headless', 'migrate', 'sim', 'backtest', '--database-url', '--data-dir', '--env-file', '--ws-url', '--api-url', '--log-level']) expect(r.stdout).toContain(word);
  });

  it.each([
    ['console', '--no-backfill'],
    ['headless', '--duration <s>'],
    ['attach', '--read-only'],
    ['status', '--json'],
    ['flatten', '--confirm <word>'],
    ['migrate', '--sim'],
    ['sim', '--port <p>'],
    ['backtest', '--from <date>'],
  ])('nexwave %s --help shows %s', async (command, flag) => {
    const r = await nexwave([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: nexwave ${command}`);
    expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain('--database-url <url>');
  });
});

describe('bad usage exits 2 with one line and a hint', () => {
  it.each([
    [['bogus'], "nexwave: unknown command 'bogus' (commands: console, headless, attach, status, flatten, migrate, replay-dead-letters, sim, backtest)", `Run '${BIN} --help' for usage.`],
    [['headless', '--duration', 'abc'], "nexwave headless: --duration must be a number > 0, got 'abc'", `Run '${BIN} headless --help' for usage.`],
    [['migrate', '--frobnicate'], 'nexwave migrate: unknown option --frobnicate', `Run '${BIN} migrate --help' for usage.`],
    [['backtest', '--from', 'yesterday'], "nexwave backtest: --from must be a UTC date like 2025-11-14 or 2025-11-14T16:00Z, got 'yesterday'", `Run '${BIN} backtest --help' for usage.`],
    [['backtest', '--from', '2025-11-15', '--to', '2025-11-14'], 'nexwave backtest: --from must be before --to (got 2025-11-15T00:00:00.000Z >= 2025-11-14T00:00:00.000Z)', `Run '${BIN} backtest --help' for usage.`],
  ])('%j', async (args, message, hint) => {
    const r = await nexwave(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${message}\n${hint}\n`);
    expect(r.stdout).toBe('');
  });
});

describe('configuration', () => {
  it('a bad config exits 2 with one line per bad key, no secret, nothing written', async () => {
    const dataDir = join(home, 'never-created');
    const r = await nexwave(['migrate', '--data-dir', dataDir], {
      PORTFOLIO_VALUE: 'abc',
      VWM_LOOKBACK_PERIOD: '0',
      PACIFICA_AGENT_WALLET_PRIVKEY: 'hunter2hunter2',
      DATABASE_URL: 'mysql://me:hunter2@db/x',
    });
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('nexwave: invalid configuration (nothing was started):');
    expect(lines.slice(1).map((l) => l.trim()).sort()).toEqual([
      'DATABASE_URL: must be a postgres:// or postgresql:// URL, got "mysql://me:***@db/x"',
      'PACIFICA_AGENT_WALLET_PRIVKEY: must be a base58 Ed25519 secret key (32 or 64 bytes), got [redacted] (14 chars)',
      'PORTFOLIO_VALUE: must be a number > 0, got "abc"',
      'VWM_LOOKBACK_PERIOD: must be an integer >= 2 <= 1000, got "0"',
    ]);
    expect(r.stderr + r.stdout).not.toContain('hunter2');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('reads an explicit --env-file; a missing one fails', async () => {
    writeFileSync(join(home, 'custom.env'), `NEXWAVE_DATA_DIR=${join(home, 'from-env-file')}\n`);
    // A piped stdout is not a terminal: the console exits 2 with its hint, after the config was read.
    const ok = await nexwave(['console', '--env-file', 'custom.env']);
    expect(ok.code).toBe(2);
    expect(ok.stderr).toContain(`data dir: ${join(home, 'from-env-file')}`);
    // Node 20 itself scans script arguments for --env-file (nodejs/node#54232) and exits 9
    // on a missing file before our code runs; run-cli.test.ts checks our own exit 2.
    const missing = await nexwave(['console', '--env-file', 'nope.env']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('nope.env');
  });

  it('warns about unknown keys with the nearest known one', async () => {
    const typo = await nexwave(['console'], { VWM_LOOKBAK_PERIOD: '30' });
    expect(typo.code).toBe(2);
    expect(typo.stderr.split('\n')[0]).toBe('nexwave: warning: unknown setting VWM_LOOKBAK_PERIOD ignored (did you mean VWM_LOOKBACK_PERIOD?)');
  });
});

describe('nexwave console', () => {
  it('on a stdout that is not a terminal: a clear hint to use headless with the same flags, exit 2, nothing started', async () => {
    const r = await nexwave(['--sim', '--speed', '60']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('stdout is not a terminal');
    expect(r.stderr).toContain(`${BIN} headless --sim --speed 60 --seed 1`);
    expect(r.stderr).toContain(`data dir: ${join(home, '.local/share/nexwave')}`);
    expect(existsSync(join(home, '.local/share/nexwave/logs'))).toBe(false);
  });

  it('suggests a command that runs as typed, with the shared flags the user gave', async () => {
    const dataDir = join(home, 'my data');
    const r = await nexwave(['--sim', '--speed', '60', '--data-dir', dataDir, '--log-level', 'warn']);
    const suggested = /Run the same engine without it: {2}(.+)/.exec(r.stderr)?.[1] ?? '';
    expect(suggested).toBe(`${BIN} headless --sim --speed 60 --seed 1 --data-dir '${dataDir}' --log-level warn`);
    const ran = await new Promise<Run>((done) => {
      const child = execFile('bash', ['-c', `${suggested} --duration 1`], { cwd: home, env: { PATH: process.env.PATH ?? '', HOME: home }, timeout: 60_000 }, (err, stdout, stderr) => done({ code: child.exitCode ?? (err ? 1 : 0), stdout, stderr }));
    });
    expect(ran.stdout).toContain('"event":"run.summary"');
    expect(ran.stdout).not.toContain('"level":"info"');
    expect(existsSync(join(dataDir, 'sim', 'pglite'))).toBe(true);
  });

  it('from the checkout, suggestions start with ./bin/nexwave.js (as npm start runs it)', async () => {
    const r = await new Promise<Run>((done) => {
      const child = execFile(process.execPath, [join(ROOT, 'bin/nexwave.js')], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: home }, timeout: 60_000 }, (err, stdout, stderr) => done({ code: child.exitCode ?? (err ? 1 : 0), stdout, stderr }));
    });
    expect(r.stderr).toContain('Run the same engine without it:  ./bin/nexwave.js headless\n');
  });
});

describe('nexwave migrate on PGlite', () => {
  it('builds the schema in the data dir, then says it is up to date', async () => {
    const dataDir = join(home, 'pglite-data');
    const first = await nexwave(['migrate', '--data-dir', dataDir]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`data dir: ${dataDir}\n`);
    expect(first.stdout).toMatch(/^applied 001_core\.sql$/m);
    expect(first.stdout).toMatch(/migration\(s\) applied/);
    expect(existsSync(join(dataDir, 'pglite'))).toBe(true);
    const second = await nexwave(['migrate', '--data-dir', dataDir]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^schema up to date \(\d+ migrations; TimescaleDB absent: plain tables\)$/m);
    expect(second.stdout).not.toContain('applied ');
  });

  it('--sim keeps simulated data in its own embedded database', async () => {
    const dataDir = join(home, 'pglite-sim');
    const r = await nexwave(['migrate', '--sim', '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`database: pglite ${join(dataDir, 'sim', 'pglite')}`);
    expect(readdirSync(dataDir)).toEqual(['sim']);
  });
});

describe('nexwave migrate failures', () => {
  it('a foreign embedded data dir exits 1 naming the path, and is left untouched', async () => {
    const dataDir = join(home, 'foreign');
    mkdirSync(join(dataDir, 'pglite'), { recursive: true });
    writeFileSync(join(dataDir, 'pglite', 'holiday-photo.jpg'), 'not a database');
    const r = await nexwave(['migrate', '--data-dir', dataDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(join(dataDir, 'pglite'));
    expect(readdirSync(join(dataDir, 'pglite'))).toEqual(['holiday-photo.jpg']);
  });

  it('an unreachable server exits 1 with a message and no password', async () => {
    const r = await nexwave(['migrate', '--database-url', 'postgres://me:hunter2@127.0.0.1:1/nexwave']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^nexwave migrate: .+/);
    expect(r.stderr + r.stdout).not.toContain('hunter2');
  });
});

describe.skipIf(!hasPg)('nexwave migrate on PostgreSQL', () => {
  let db: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    db = await createTempDatabase('nxcli');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('builds the schema on a fresh database; a second run changes nothing', async () => {
    const first = await nexwave(['migrate', '--database-url', db.url]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^applied 001_core\.sql$/m);
    const second = await nexwave(['migrate', '--database-url', db.url]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^schema up to date/m);
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      expect((await sql`SELECT COUNT(*)::int AS n FROM ticks`)[0]?.n).toBe(0);
      expect((await sql`SELECT COUNT(*)::int AS n FROM pairs`)[0]?.n).toBe(34);
      // The seed's own check: 15-minute candles per symbol from its view (empty on a fresh schema).
      expect(await sql`SELECT symbol, COUNT(*) AS candles FROM candles_15m_ohlcv GROUP BY symbol`).toHaveLength(0);
    } finally {
      await sql.end();
    }
  });

  it('--sim uses the same server with the database name suffixed _sim, created when missing', async () => {
    const simName = `${new URL(db.url).pathname.slice(1)}_sim`;
    const admin = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      const r = await nexwave(['migrate', '--sim', '--database-url', db.url]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`/${simName}`);
      expect(await admin`SELECT 1 FROM pg_database WHERE datname = ${simName}`).toHaveLength(1);
      const again = await nexwave(['migrate', '--sim', '--database-url', db.url]);
      expect(again.stdout).toMatch(/^schema up to date/m);
    } finally {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${simName}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
