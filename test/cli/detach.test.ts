/**
 * The in-process console outlives its terminal: SIGHUP (and the terminal's pipes closing)
 * unmounts the UI, the engine keeps running and serving its socket, `nexwave attach` gets
 * its state afterwards. And a second `nexwave` on the data dir attaches instead of
 * starting another engine.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serveControl } from '../../src/cli/control.js';
import { attachIfRunning, installDetach } from '../../src/cli/detach.js';
import { connectControl } from '../../src/data/control-socket/client.js';
import { ROOT } from '../helpers/built.js';
import { testContext } from '../helpers/ctx.js';
import { recordingLogger, tempDataDir, testControl } from '../data/control-socket/harness.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('detach', () => {
  it('SIGHUP to a console with an in-process engine: the UI goes, the engine stays, attach gets its state', async () => {
    const dir = tempDataDir();
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const child = spawn(process.execPath, ['--import', './test/fixtures/writer-ts-register.mjs', 'test/fixtures/console-child.ts', dir], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    cleanup.push(() => child.exitCode === null && child.kill('SIGKILL'));
    let err = '';
    child.stderr.on('data', (d) => (err += d.toString()));
    child.stdout.on('data', () => {});
    await vi.waitFor(() => expect(err).toContain('ready'), { timeout: 90_000, interval: 200 });
    // The terminal goes: hang-up, and its pipes close under the process.
    child.kill('SIGHUP');
    child.stdin.destroy();
    child.stdout.destroy();
    await vi.waitFor(() => expect(readFileSync(join(dir, 'logs', 'console.log'), 'utf8')).toMatch(/"event":"console.detached"/), { timeout: 10_000, interval: 100 });
    const c = await connectControl({ path: join(dir, 'control.sock'), client: 'test' });
    cleanup.push(() => c.close());
    expect(c.engine.pid).toBe(child.pid);
    const before = c.source.getState().feed.messages;
    await vi.waitFor(() => expect(c.source.getState().feed.messages).toBeGreaterThan(before), { timeout: 20_000, interval: 100 });
    expect(child.exitCode).toBeNull();
    child.kill('SIGTERM');
    expect(await new Promise((r) => child.once('exit', r))).toBe(0);
  }, 150_000);

  it('a second nexwave on the data dir says an engine runs and attaches to it', async () => {
    const dir = tempDataDir();
    const control = testControl(recordingLogger());
    const served = await serveControl({ dataDir: dir }, control);
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }), () => served.close());
    const stop = new AbortController();
    const { ctx, stderr, stdout } = testContext({ command: 'console', env: { NEXWAVE_DATA_DIR: dir }, signal: stop.signal });
    // The UI is the console's concern; here a stand-in records what attach gave it.
    const given: unknown[] = [];
    const attached = attachIfRunning(ctx, (o) => (given.push(o.attached), { waitUntilExit: () => new Promise(() => {}), unmount: () => {} }));
    await vi.waitFor(() => expect(served.clients()).toBe(1));
    stop.abort();
    expect(await attached).toBe(0);
    expect(given).toEqual([{ pid: process.pid, startedAt: control.source.getState().run.startedAt }]);
    expect(stderr.text).toMatch(/an engine is already running on data dir .* attaching to it instead of starting another/);
    expect(stdout.text).toMatch(/detached; the engine keeps running/);
    expect(await attachIfRunning(testContext({ env: { NEXWAVE_DATA_DIR: tempDataDir() } }).ctx)).toBeNull();
  });

  it('a write error of a vanished terminal (EIO) detaches once; other errors are logged, not detached', () => {
    const out = new EventEmitter();
    const logger = recordingLogger();
    let unmounted = 0;
    const d = installDetach({ ui: { unmount: () => void (unmounted += 1) }, logger, socketPath: '/x/control.sock', attachCommand: './bin/nexwave.js attach --data-dir /x', streams: [out] });
    cleanup.push(() => d.dispose());
    out.emit('error', Object.assign(new Error('write EINVAL'), { code: 'EINVAL' }));
    expect(d.detached()).toBe(false);
    expect(logger.lines.map((l) => l.event)).toEqual(['console.terminal_error']);
    out.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }));
    out.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }));
    expect(d.detached()).toBe(true);
    expect(unmounted).toBe(1);
    expect(logger.lines.filter((l) => l.event === 'console.detached').map((l) => l.fields.attach)).toEqual(['./bin/nexwave.js attach --data-dir /x']);
    const before = process.listenerCount('SIGHUP');
    d.dispose();
    expect(process.listenerCount('SIGHUP')).toBe(before - 1);
  });
});
