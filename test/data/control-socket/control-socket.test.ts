/**
 * The control socket with real Unix sockets and a real engine control plane (state store,
 * command gateway, trading-state commands): attach, patches, commands and their refusals,
 * bad frames, versions, permissions, stale sockets and the one-engine-per-data-dir lock.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSuggester } from '../../../src/cli/invocation.js';
import { serveControl, type ServedControl } from '../../../src/cli/control.js';
import { openStore } from '../../../src/cli/open-store.js';
import { connectControl, type ControlClient } from '../../../src/data/control-socket/client.js';
import { controlPaths } from '../../../src/data/control-socket/paths.js';
import { ownSocketInode } from '../../../src/data/control-socket/proc.js';
import { startControlServer } from '../../../src/data/control-socket/server.js';
import { CONTROL_PROTOCOL, MAX_CLIENT_FRAME_BYTES } from '../../../src/engine/core/spine/control-protocol.js';
import { silentLogger } from '../../../src/engine/ports/logger.js';
import { recordingLogger, rawClient, spawnChild, tempDataDir, testControl } from './harness.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function engine(notifyMs = 20) {
  const dir = tempDataDir();
  const logger = recordingLogger();
  const control = testControl(logger, notifyMs);
  const served: ServedControl = await serveControl({ dataDir: dir }, control);
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }), () => control.close(), () => served.close());
  return { dir, logger, control, served, path: controlPaths(dir).socket };
}

/** A raw connection past hello (state received). */
async function helloRaw(path: string) {
  const raw = await rawClient(path);
  const inode = ownSocketInode((raw.socket as unknown as { _handle: { fd: number } })._handle.fd);
  raw.send(`${JSON.stringify({ t: 'hello', protocol: CONTROL_PROTOCOL, pid: process.pid, uid: process.getuid?.(), inode, readOnly: false, client: 'raw' })}\n`);
  await vi.waitFor(() => expect(raw.frames.some((f) => f.t === 'state')).toBe(true));
  return raw;
}

async function attach(path: string, readOnly = false): Promise<ControlClient> {
  const c = await connectControl({ path, readOnly, client: 'test' });
  cleanup.push(() => c.close());
  return c;
}

describe('control socket', () => {
  it('a client receives the full state on attach, then every change', async () => {
    const e = await engine();
    const c = await attach(e.path);
    expect(c.source.getState()).toEqual(e.control.source.getState());
    expect(c.engine.pid).toBe(process.pid);
    e.control.phase('live');
    e.control.spine.sample((s) => ({ ...s, feed: { ...s.feed, ticksPerSecond: 123 } }));
    await vi.waitFor(() => expect(c.source.getState().feed.ticksPerSecond).toBe(123));
    expect(c.source.getState()).toEqual(e.control.source.getState());
    expect(c.source.getState().warmup.phase).toBe('live');
  });

  it('commands go through the gateway with the client\'s claimed origin and the checked socket peer, both logged', async () => {
    const e = await engine();
    const c = await attach(e.path);
    const r = await c.sink.execute({ type: 'entries.pause' }, { kind: 'console', key: 'p' });
    expect(r.status).toBe('accepted');
    const by = `console (p) over socket pid ${process.pid} uid ${process.getuid?.()}`;
    expect(e.control.source.getState().run.trading).toMatchObject({ state: 'REDUCING', by });
    await vi.waitFor(() => expect(c.source.getState().run.trading.state).toBe('REDUCING'));
    const logged = e.logger.lines.find((l) => l.event === 'control.command');
    expect(logged?.fields).toMatchObject({ pid: process.pid, uid: process.getuid?.(), verified: true, claimed: 'console (p)', command: 'entries.pause' });
    expect(e.logger.lines.find((l) => l.event === 'command.executed')?.fields).toMatchObject({ origin: by, status: 'accepted' });
    expect(e.logger.lines.find((l) => l.event === 'control.attached')?.fields).toMatchObject({ verified: true });
    await c.sink.execute({ type: 'entries.resume' }, { kind: 'cli', command: 'nexwave flatten' });
    expect(e.logger.lines.filter((l) => l.event === 'command.executed').at(-1)?.fields).toMatchObject({ origin: `cli (nexwave flatten) over socket pid ${process.pid} uid ${process.getuid?.()}` });
  });

  it('a claimed origin that is not one (unknown kind, control characters, too long) is refused and nothing runs', async () => {
    const e = await engine();
    const raw = await helloRaw(e.path);
    const before = e.control.source.getState();
    raw.send('{"t":"command","id":1,"command":{"type":"entries.pause"},"origin":{"kind":"engine","reason":"trust me"}}\n');
    raw.send(`${JSON.stringify({ t: 'command', id: 2, command: { type: 'entries.pause' }, origin: { kind: 'cli', command: 'x\nforged log line' } })}\n`);
    raw.send(`${JSON.stringify({ t: 'command', id: 3, command: { type: 'entries.pause' }, origin: { kind: 'console', key: 'k'.repeat(17) } })}\n`);
    await vi.waitFor(() => expect(raw.frames.filter((f) => f.t === 'error')).toHaveLength(3));
    expect(raw.frames.filter((f) => f.t === 'error').map((f) => f.code)).toEqual(['FRAME.INVALID', 'FRAME.INVALID', 'FRAME.INVALID']);
    expect(e.control.source.getState()).toBe(before);
    raw.socket.destroy();
  });

  it('a client that subscribes to events gets every EngineEvent as an event frame; one that does not, none', async () => {
    const e = await engine();
    const listening = await attach(e.path);
    const quiet = await attach(e.path);
    const seen: string[] = [];
    const off = listening.events.onEvent((ev) => seen.push(ev.type));
    const raw = await helloRaw(e.path);
    await vi.waitFor(() => expect(e.logger.lines.some((l) => l.event === 'control.events')).toBe(true));
    await quiet.sink.execute({ type: 'entries.pause' }, { kind: 'console', key: 'p' });
    e.control.alerts.raise('warn', 'feed', 'test alert');
    await vi.waitFor(() => expect(seen).toEqual(expect.arrayContaining(['trading_state.changed', 'command.executed', 'alert.raised'])));
    expect(raw.frames.some((f) => f.t === 'event')).toBe(false);
    off();
    await vi.waitFor(() => expect(e.logger.lines.filter((l) => l.event === 'control.events').at(-1)?.fields).toMatchObject({ subscribe: false }));
    const count = seen.length;
    await quiet.sink.execute({ type: 'entries.resume' }, { kind: 'console' });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toHaveLength(count);
    raw.socket.destroy();
  });

  it('the kill switch through the socket gets the engine\'s answer (refused until trading runs), and a wrong word is refused', async () => {
    const e = await engine();
    const c = await attach(e.path);
    const wrong = await c.sink.execute({ type: 'positions.flatten', confirm: 'yes' }, { kind: 'console' });
    expect(wrong).toMatchObject({ status: 'refused', code: 'COMMAND.CONFIRMATION' });
    const r = await c.sink.execute({ type: 'positions.flatten', confirm: 'FLATTEN' }, { kind: 'console' });
    expect(r).toMatchObject({ status: 'refused', code: 'COMMAND.UNAVAILABLE' });
  });

  it('a read-only client gets the state but its commands are refused and change nothing', async () => {
    const e = await engine();
    const c = await attach(e.path, true);
    expect(c.readOnly).toBe(true);
    const r = await c.sink.execute({ type: 'entries.pause' }, { kind: 'console' });
    expect(r).toMatchObject({ status: 'refused', code: 'CONTROL.READ_ONLY' });
    expect(e.control.source.getState().run.trading.state).toBe('ACTIVE');
  });

  it('malformed, oversized, unknown and invalid frames get an error, change nothing, and the connection still works', async () => {
    const e = await engine();
    const raw = await rawClient(e.path);
    raw.send('{"t":"command","id":1,"command":{"type":"entries.pause"}}\n');
    await vi.waitFor(() => expect(raw.frames.some((f) => f.code === 'CONTROL.HELLO_REQUIRED')).toBe(true));
    const inode = ownSocketInode((raw.socket as unknown as { _handle: { fd: number } })._handle.fd);
    raw.send(`${JSON.stringify({ t: 'hello', protocol: CONTROL_PROTOCOL, pid: process.pid, uid: process.getuid?.(), inode, readOnly: false, client: 'raw' })}\n`);
    await vi.waitFor(() => expect(raw.frames.some((f) => f.t === 'state')).toBe(true));
    const before = e.control.source.getState();
    raw.send('{not json\n');
    raw.send(`{"t":"command","id":2,"pad":"${'x'.repeat(MAX_CLIENT_FRAME_BYTES + 10)}"}\n`);
    raw.send('{"t":"subscribe"}\n');
    raw.send('{"t":"command","id":3,"command":{"type":"orders.cancel_all"}}\n');
    raw.send('{"t":"command","id":4,"command":{"type":"entries.pause","extra":1}}\n');
    raw.send(`{"t":"hello","protocol":${CONTROL_PROTOCOL}}\n`);
    await vi.waitFor(() => expect(raw.frames.filter((f) => f.t === 'error')).toHaveLength(7));
    expect(raw.frames.filter((f) => f.t === 'error').map((f) => f.code)).toEqual([
      'CONTROL.HELLO_REQUIRED', 'FRAME.MALFORMED', 'FRAME.OVERSIZED', 'FRAME.UNKNOWN', 'COMMAND.INVALID', 'COMMAND.INVALID', 'FRAME.UNEXPECTED',
    ]);
    expect(e.control.source.getState()).toBe(before);
    raw.send('{"t":"command","id":5,"command":{"type":"entries.pause"}}\n');
    await vi.waitFor(() => expect(raw.frames.find((f) => f.t === 'result' && f.id === 5)).toMatchObject({ result: { status: 'accepted' } }));
    raw.socket.destroy();
  });

  it('a client of another protocol version is told to upgrade; so is a client facing a newer engine', async () => {
    const e = await engine();
    const raw = await rawClient(e.path);
    raw.send('{"t":"hello","protocol":0,"pid":1,"uid":0,"inode":null,"readOnly":false,"client":"old"}\n');
    await vi.waitFor(() => expect(raw.frames.find((f) => f.t === 'error')).toMatchObject({ code: 'PROTOCOL.VERSION', message: expect.stringMatching(/upgrade the client/) }));
    const dir = tempDataDir();
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'future.sock');
    const { createServer } = await import('node:net');
    const future = createServer((s) => s.write(`{"t":"hello","protocol":${CONTROL_PROTOCOL + 1},"engine":{"pid":1,"startedAt":0,"version":"9.0.0"}}\n`)).listen(path);
    cleanup.push(() => future.close());
    await new Promise((r) => future.once('listening', r));
    await expect(connectControl({ path, client: 'test' })).rejects.toMatchObject({ code: 'CONTROL.PROTOCOL', message: expect.stringMatching(new RegExp(`protocol ${CONTROL_PROTOCOL + 1}.*upgrade this nexwave`)) });
  });

  it('a connection that never says hello is told so and closed; past the client limit a connection is refused', async () => {
    const e = await engine();
    const logger = recordingLogger();
    const path = join(e.dir, 'small.sock');
    const server = await startControlServer({ path, dir: e.dir, source: e.control.source, sink: e.control.sink, events: e.control, logger, helloTimeoutMs: 50, maxClients: 1 });
    cleanup.push(() => server.close('test over'));
    const silent = await rawClient(path);
    await vi.waitFor(() => expect(silent.frames.find((f) => f.t === 'error')).toMatchObject({ code: 'CONTROL.HELLO_TIMEOUT' }));
    await vi.waitFor(() => expect(silent.socket.readableEnded).toBe(true));
    const first = await rawClient(path);
    const second = await rawClient(path);
    await vi.waitFor(() => expect(second.frames).toEqual([expect.objectContaining({ t: 'error', code: 'CONTROL.FULL' })]));
    first.socket.destroy();
  });

  it('a client that stops reading does not grow the engine\'s memory: its changes wait as one diff', async () => {
    const e = await engine(1);
    const logger = recordingLogger();
    const path = join(e.dir, 'slow.sock');
    const server = await startControlServer({ path, dir: e.dir, source: e.control.source, sink: e.control.sink, events: e.control, logger });
    cleanup.push(() => server.close('test over'));
    const slow = await rawClient(path);
    slow.send(`${JSON.stringify({ t: 'hello', protocol: CONTROL_PROTOCOL, pid: process.pid, uid: process.getuid?.(), inode: ownSocketInode((slow.socket as unknown as { _handle: { fd: number } })._handle.fd), readOnly: true, client: 'slow' })}\n`);
    await vi.waitFor(() => expect(slow.frames.some((f) => f.t === 'state')).toBe(true));
    slow.socket.pause();
    const big = 'x'.repeat(40_000);
    for (let i = 0; i < 200; i++) {
      e.control.spine.sample((s) => ({ ...s, feed: { ...s.feed, messages: i, unackedTopics: [`${big}${i}`] } }));
      await new Promise((r) => setTimeout(r, 3));
    }
    await new Promise((r) => setTimeout(r, 50));
    const buffered = server.clientStats()[0]?.bufferedBytes ?? 0;
    // 8 MB of changes were made (40 KB each); at most the high-water mark plus one patch waits in memory.
    expect(buffered).toBeLessThan(256 * 1024 + 64 * 1024);
    slow.socket.resume();
    await vi.waitFor(() => expect(slow.frames.filter((f) => f.t === 'patch').some((f) => JSON.stringify(f).includes('"messages"') && JSON.stringify(f).includes(`${big}199`))).toBe(true));
  });

  it('a hello naming a process that does not hold the socket is refused', async () => {
    const e = await engine();
    const raw = await rawClient(e.path);
    raw.send(`${JSON.stringify({ t: 'hello', protocol: CONTROL_PROTOCOL, pid: 1, uid: 0, inode: 424242, readOnly: false, client: 'liar' })}\n`);
    await vi.waitFor(() => expect(raw.frames.find((f) => f.t === 'error')).toMatchObject({ code: 'CONTROL.PEER' }));
    expect(raw.frames.some((f) => f.t === 'state')).toBe(false);
  });

  it('killing an attached client leaves the engine untouched and other clients served', async () => {
    const e = await engine();
    const child = await spawnChild(['client', e.path], 'attached');
    const other = await attach(e.path);
    await vi.waitFor(() => expect(e.served.clients()).toBe(2));
    child.kill('SIGKILL');
    await vi.waitFor(() => expect(e.served.clients()).toBe(1));
    e.control.spine.sample((s) => ({ ...s, feed: { ...s.feed, messages: 77 } }));
    await vi.waitFor(() => expect(other.source.getState().feed.messages).toBe(77));
    expect((await other.sink.execute({ type: 'entries.pause' }, { kind: 'console' })).status).toBe('accepted');
  });

  it('when the engine stops, the client is told why and pending commands are answered', async () => {
    const e = await engine();
    const c = await attach(e.path);
    await e.served.close('the engine stopped');
    await expect(c.closed).resolves.toEqual({ byEngine: true, reason: 'the engine stopped' });
    expect(await c.sink.execute({ type: 'entries.pause' }, { kind: 'console' })).toMatchObject({ status: 'refused', code: 'CONTROL.DISCONNECTED' });
    expect(existsSync(e.path)).toBe(false);
  });
});

describe('one engine per data dir, owner-only', () => {
  it('socket 0600 in a 0700 data dir; a group/world-readable data dir is tightened', async () => {
    const dir = tempDataDir();
    chmodSync(dir, 0o755);
    const control = testControl(recordingLogger());
    const served = await serveControl({ dataDir: dir }, control);
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }), () => served.close());
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(lstatSync(served.path).isSocket()).toBe(true);
    expect(lstatSync(served.path).mode & 0o777).toBe(0o600);
  });

  it('a shared data dir (world-writable or sticky, like /tmp) is refused, never made private', async () => {
    const dir = tempDataDir();
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    chmodSync(dir, 0o1777);
    await expect(serveControl({ dataDir: dir }, testControl(recordingLogger()))).rejects.toMatchObject({ code: 'CONTROL.UNSAFE', message: expect.stringMatching(/shared directory \(mode 1777\)/) });
    expect(statSync(dir).mode & 0o7777).toBe(0o1777);
    expect(existsSync(join(dir, 'engine.lock'))).toBe(false);
  });

  it.skipIf(process.getuid?.() !== 0)('another user (nobody) cannot connect', async () => {
    const e = await engine();
    const probe = `require('net').connect(${JSON.stringify(e.path)}).on('connect',()=>{console.log('CONNECTED');process.exit(0)}).on('error',(err)=>{console.log(err.code);process.exit(0)})`;
    const out = execFileSync(process.execPath, ['-e', probe], { uid: 65534, gid: 65534, cwd: '/' }).toString().trim();
    expect(out).toBe('EACCES');
  });

  it('the control socket and the engine lock count as Nexwave files: the engine\'s own store still opens its data dir', async () => {
    const e = await engine();
    const { store } = await openStore({ databaseUrl: 'postgres://u@127.0.0.1:1/x', dataDir: e.dir, sim: false, logger: silentLogger });
    await store.close();
  });

  it('a second engine on the same data dir is refused while the first runs', async () => {
    const e = await engine();
    // In this process the engine lock is re-entrant (test/data/files/engine-lock.test.ts refuses
    // another process); the live socket refuses the second engine.
    // The refusal names the attach command as the user would type it (their program and flags).
    const suggest = createSuggester('./bin/nexwave.js', { text: `--data-dir ${e.dir}`, passwordHidden: false });
    await expect(serveControl({ dataDir: e.dir, suggest }, testControl(recordingLogger()))).rejects.toMatchObject({ code: 'ENGINE.RUNNING', message: expect.stringContaining(`another engine is serving ${e.path}: attach to it with \`./bin/nexwave.js attach --data-dir ${e.dir}\``) });
    expect((await attach(e.path)).engine.pid).toBe(process.pid);
  });

  it('a socket left by a killed engine is detected as stale and replaced; a lock of a dead pid is taken over', async () => {
    const dir = tempDataDir();
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const paths = controlPaths(dir);
    const child = await spawnChild(['listen', paths.socket], 'listening');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(lstatSync(paths.socket).isSocket()).toBe(true);
    writeFileSync(paths.lock, JSON.stringify({ pid: child.pid, processStart: 1, startedAt: 0 }));
    const logger = recordingLogger();
    const served = await serveControl({ dataDir: dir }, testControl(logger));
    cleanup.push(() => served.close());
    expect(logger.lines.some((l) => l.event === 'control.stale_socket_replaced')).toBe(true);
    expect((await attach(paths.socket)).engine.pid).toBe(process.pid);
  });

  it('a live socket is never replaced, and a non-socket file in its place is refused', async () => {
    const e = await engine();
    const logger = recordingLogger();
    await expect(startControlServer({ path: e.path, dir: e.dir, source: e.control.source, sink: e.control.sink, events: e.control, logger })).rejects.toMatchObject({ code: 'ENGINE.RUNNING' });
    const file = join(e.dir, 'other.sock');
    writeFileSync(file, 'x');
    await expect(startControlServer({ path: file, dir: e.dir, source: e.control.source, sink: e.control.sink, events: e.control, logger })).rejects.toMatchObject({ code: 'CONTROL.UNSAFE' });
  });
});
