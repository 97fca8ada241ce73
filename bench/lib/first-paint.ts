/**
 * First paint as a user sees it: `bin/nexwave.js --sim` on a fresh data dir in a real
 * pseudo-terminal (util-linux `script`, sized 80x24 with stty), timed from spawn to the
 * header's mode word on the terminal. Node's own start-up and module loading are included;
 * the embedded database is still opening at that moment.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/data/sql/migrations-dir.js';

/** True when `script` (util-linux) is there to give the console a terminal. */
export function canMeasureFirstPaint(): boolean {
  return spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
}

const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;

/** One run: ms from spawn to the header on the terminal, or null if it never came within `deadlineMs`. */
export function firstPaintOnce(deadlineMs = 10_000): Promise<number | null> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nx-bench-paint-'));
  const bin = join(packageRoot(), 'bin', 'nexwave.js');
  const inner = `stty cols 80 rows 24; exec ${quote(process.execPath)} ${quote(bin)} --sim --data-dir ${quote(dataDir)}`;
  const t0 = performance.now();
  const child = spawn('script', ['-qfec', inner, '/dev/null'], { env: { ...process.env, TERM: 'xterm-256color', CI: '' }, stdio: ['pipe', 'pipe', 'ignore'] });
  return new Promise<number | null>((resolve) => {
    let seen = '';
    let result: number | null = null;
    // `q` quits the console as a user would (a killed terminal would leave it running, detached).
    const finish = (): void => {
      clearTimeout(deadline);
      child.stdin.write('q');
      const force = setTimeout(() => {
        spawnSync('pkill', ['-KILL', '-f', dataDir]);
        child.kill('SIGKILL');
      }, 15_000);
      child.once('exit', () => {
        clearTimeout(force);
        rmSync(dataDir, { recursive: true, force: true });
        resolve(result);
      });
    };
    const deadline = setTimeout(finish, deadlineMs);
    child.stdout.on('data', (d: Buffer) => {
      if (result !== null) return;
      seen = (seen + d.toString('utf8')).slice(-4096);
      if (/PAPER|LIVE!/.test(seen)) {
        result = performance.now() - t0;
        finish();
      }
    });
  });
}

/** `runs` measurements one after the other (each its own fresh data dir). */
export async function measureFirstPaint(runs: number): Promise<(number | null)[]> {
  const out: (number | null)[] = [];
  for (let i = 0; i < runs; i++) out.push(await firstPaintOnce());
  return out;
}
