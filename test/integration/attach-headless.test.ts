/**
 * The built CLI as a user runs it: `nexwave headless --sim` serves its control socket;
 * `status`, `status --json`, `flatten` and `attach` reach it; a second engine on the data
 * dir is refused; a SIGKILLed engine leaves a stale socket that the next engine replaces;
 * an attached client is told when the engine goes away.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectControl } from '../../src/data/control-socket/client.js';
import { ensureBuilt, MAIN } from '../helpers/built.js';

const home = mkdtempSync(join(tmpdir(), 'nxa-'));
const dataDir = join(home, 'data');
const socket = join(dataDir, 'control.sock');
const env = { PATH: process.env.PATH ?? '', HOME: home, NEXWAVE_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
const children: ChildProcess[] = [];

function nexwave(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [MAIN, ...args], { cwd: home, env, timeout: 60_000 }, (err, stdout, stderr) => done({ code: child.exitCode ?? (err ? 1 : 0), stdout, stderr }));
  });
}

function startEngine(): { child: ChildProcess; out: () => string } {
  const child = spawn(process.execPath, [MAIN, 'headless', '--sim', '--speed', '60'], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => (out += d.toString()));
  child.stderr?.on('data', (d) => (out += d.toString()));
  children.push(child);
  return { child, out: () => out };
}

const exited = (c: ChildProcess): Promise<number | null> => (c.exitCode !== null ? Promise.resolve(c.exitCode) : new Promise((r) => c.once('exit', (code) => r(code))));

async function waitLive(): Promise<void> {
  // Until the engine listens, the path is absent or (after a SIGKILL) a stale socket nobody accepts on.
  const c = await vi.waitFor(() => connectControl({ path: socket, client: 'test', readOnly: true }), { timeout: 30_000, interval: 200 });
  // Start-up finished (backfill included; under load it outlasts the feed going live): a SIGTERM
  // before that is an interrupted start (exit 143), not the graceful stop this test checks.
  await vi.waitFor(() => {
    const st = c.source.getState();
    expect(st.feed.connections.some((x) => x.state === 'live')).toBe(true);
    expect(st.warmup.phase).toBe('live');
  }, { timeout: 90_000, interval: 200 });
  c.close();
}

beforeAll(() => ensureBuilt(), 120_000);
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

describe('nexwave headless with its control socket', () => {
  it('status, flatten, attach and a second engine against a running engine; stale socket after SIGKILL', async () => {
    const first = startEngine();
    await waitLive();
    expect(lstatSync(socket).mode & 0o777).toBe(0o600);

    const json = await nexwave(['status', '--json']);
    expect(JSON.parse(json.stdout).run.pid).toBe(first.child.pid);
    const text = await nexwave(['status']);
    expect(text.stdout).toMatch(/engine\s+running · pid \d+/);
    expect(text.stdout).toMatch(/readiness\s+\d+\/34 pairs ready/);
    expect([0, 5]).toContain(text.code);

    const second = await nexwave(['headless', '--sim', '--duration', '1']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already running on data dir .* \(pid \d+/);

    // The kill switch through the running engine: flat (exit 0) and HALTED. Until the database
    // is open, order management is still starting and the engine says so (exit 1).
    let flatten = await nexwave(['flatten', '--confirm', 'FLATTEN']);
    for (let i = 0; i < 60 && /still starting/.test(flatten.stderr); i++) {
      await new Promise((r) => setTimeout(r, 500));
      flatten = await nexwave(['flatten', '--confirm', 'FLATTEN']);
    }
    expect({ code: flatten.code, stderr: flatten.stderr }).toMatchObject({ code: 0 });
    expect(flatten.stdout).toMatch(/FLAT: no position and no open order left/);
    expect((await nexwave(['status'])).stdout).toMatch(/trading HALTED .*kill switch/);
    expect((await nexwave(['flatten'])).code).toBe(2);

    const c = await connectControl({ path: socket, client: 'test' });
    expect((await c.sink.execute({ type: 'halt.leave', confirm: 'RESUME' }, { kind: 'console' })).status).toBe('accepted');
    expect((await c.sink.execute({ type: 'entries.pause' }, { kind: 'console' })).status).toBe('accepted');
    c.close();
    const paused = await nexwave(['status']);
    expect(paused.code).toBe(4);
    expect(paused.stdout).toMatch(/trading REDUCING .*by console over socket pid \d+ uid \d+/);

    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(lstatSync(socket).isSocket()).toBe(true);
    const down = await nexwave(['status']);
    expect(down.code).toBe(3);
    expect(down.stdout).toMatch(/NOT RUNNING/);

    const again = startEngine();
    await waitLive();
    expect(again.out()).toMatch(/control\.stale_socket_replaced/);
    const attach = spawn(process.execPath, [MAIN, 'attach', '--read-only'], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(attach);
    let attachErr = '';
    attach.stderr?.on('data', (d) => (attachErr += d.toString()));
    let attachOut = '';
    attach.stdout?.on('data', (d) => (attachOut += d.toString()));
    await vi.waitFor(() => expect(attachOut).toMatch(/attached to pid \d+/), { timeout: 30_000, interval: 100 });
    again.child.kill('SIGTERM');
    expect(await exited(attach)).toBe(3);
    expect(attachErr).toMatch(/the engine \(pid \d+\) went away: the engine stopped/);
    expect(await exited(again.child)).toBe(0);
    expect(existsSync(socket)).toBe(false);
  }, 240_000);
});
