import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Command, CommandResult } from '../../src/engine/core/spine/command.js';
import type { EngineState, FlattenProgress } from '../../src/engine/core/spine/engine-state.js';
import type { CommandSink } from '../../src/engine/core/spine/state-source.js';
import { ConsoleApp } from '../../src/ui/console-app.js';
import { fakeSink, fakeSource, haltedState, liveModeState, liveState } from './fixtures.js';
import { session, tick } from './session.js';

const KEY = { up: '\x1b[A', down: '\x1b[B', tab: '\t', shiftTab: '\x1b[Z', enter: '\r', esc: '\x1b', backspace: '\x7f', ctrlC: '\x03' };
const unavailable = (c: Command): CommandResult =>
  c.type === 'positions.flatten' || c.type === 'mode.set'
    ? { status: 'refused', code: 'COMMAND.UNAVAILABLE', reason: 'order management is not running in this engine' }
    : { status: 'accepted', message: `${c.type} done` };

/** Every console a test mounts (some mount two) is unmounted after it. */
const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

async function mount<S extends CommandSink = ReturnType<typeof fakeSink>>(o: { state?: EngineState; answer?: (c: Command) => CommandResult; sink?: S; readOnly?: boolean; attached?: boolean } = {}) {
  const source = fakeSource(o.state ?? liveState);
  const sink = (o.sink ?? fakeSink(o.answer ?? unavailable)) as S;
  const onQuit = vi.fn();
  const onDetach = vi.fn();
  const s = session({ source, sink, readOnly: o.readOnly ?? false, attached: o.attached ? { pid: 99, startedAt: liveState.run.startedAt } : null });
  const app = render(<ConsoleApp session={s} onQuit={onQuit} onDetach={onDetach} size={{ columns: 80, rows: 24 }} />);
  mounted.push(app.unmount);
  // Ink attaches its stdin listener in an effect: keys written before that are lost.
  await vi.waitFor(() => expect(app.stdin.listenerCount('readable')).toBeGreaterThan(0));
  await tick();
  const settle = async (): Promise<void> => {
    // React commits on its scheduler: wait until no new frame came for a moment (bounded).
    let seen = -1;
    for (let i = 0; i < 50 && app.frames.length !== seen; i++) {
      seen = app.frames.length;
      await tick(30);
    }
  };
  const press = async (...keys: string[]): Promise<void> => {
    for (const k of keys) {
      app.stdin.write(k);
      await settle();
    }
  };
  // The bell is written to stdout too: the screen is the last frame that is not a bell.
  const screen = (): string => stripVTControlCharacters(app.frames.filter((f) => f !== '\x07').at(-1) ?? '');
  /** The screen shows `want` (waits for React's commit; fails after vi.waitFor's deadline). */
  const sees = async (want: string | RegExp): Promise<void> => {
    await vi.waitFor(() => (typeof want === 'string' ? expect(screen()).toContain(want) : expect(screen()).toMatch(want)));
  };
  return { app, source, sink, onQuit, onDetach, press, screen, sees, settle };
}

describe('console keys (80x24, fake command sink)', () => {
  it('j/k and the arrows select a pair', async () => {
    const c = await mount();
    await c.sees('▸BTC');
    await c.press('j');
    await c.sees('▸ETH');
    await c.press(KEY.down);
    await c.sees('▸WIF');
    await c.press('k', KEY.up);
    await c.sees('▸BTC');
    await c.sees('Chart BTC');
  });

  it('tab and shift-tab move the focus (the focused panel takes the right column at 80x24)', async () => {
    const c = await mount();
    await c.sees('Signals');
    await c.press(KEY.tab, KEY.tab);
    await c.sees('Positions');
    await c.press(KEY.tab);
    await c.sees('Orders');
    await c.press(KEY.shiftTab);
    await c.sees('Positions');
  });

  it('keys batched in one read (tmux send-keys, SSH) are each a key: two Tabs, two shift-Tabs, arrows, backspaces and Enter', async () => {
    const c = await mount();
    await c.press(KEY.tab + KEY.tab);
    await c.sees('Positions');
    await c.press(KEY.tab + KEY.tab + KEY.shiftTab + KEY.shiftTab);
    await c.sees('Positions');
    await c.press(KEY.shiftTab + KEY.shiftTab);
    await c.sees('▸BTC');
    await c.press(KEY.down + KEY.down);
    await c.sees('▸WIF');
    await c.press('KFLATX' + KEY.backspace + KEY.backspace + 'TTEN' + KEY.enter);
    expect(c.sink.sent[0]?.command).toEqual({ type: 'positions.flatten', confirm: 'FLATTEN' });
  });

  it('enter opens the details of the selected row, Esc closes them', async () => {
    const c = await mount();
    await c.press(KEY.enter);
    await c.sees('Pair BTC');
    await c.sees(/ready: true\s+missing:\s+readyAt: null/);
    await c.press(KEY.esc);
    expect(c.screen()).not.toContain('Pair BTC');
    await c.press(KEY.tab, KEY.tab, 'j', KEY.enter);
    await c.sees(/Position[\s\S]*symbol: ETH/);
  });

  it('details longer than the screen (a pair with its position, at 80x24) scroll with j/k and the arrows, within their rows', async () => {
    const c = await mount();
    await c.press(KEY.enter);
    await c.sees(/Pair BTC\s+rows 1-18\/\d+ ↑↓ scroll/);
    expect(c.screen()).not.toContain('openOrders: 0');
    await c.press('j'.repeat(60));
    await c.sees('openOrders: 0');
    const bottom = /rows (\d+)-(\d+)\/(\d+)/.exec(c.screen());
    expect(bottom?.[2]).toBe(bottom?.[3]);
    await c.press(KEY.up);
    await c.sees(`rows ${Number(bottom?.[1]) - 1}-`);
  });

  it('t switches the chart timeframe', async () => {
    const c = await mount();
    await c.sees('15m closes');
    await c.press('t');
    await c.sees('1h closes');
    await c.press('t');
    await c.sees('live (prices seen');
    await c.press('t');
    await c.sees('15m closes');
  });

  it('/ filters the pairs; Esc clears the filter', async () => {
    const c = await mount();
    await c.press('/', 'w', 'i');
    await c.sees('filter pairs: /wi');
    await c.press(KEY.enter);
    await c.sees('WIF');
    expect(c.screen()).not.toMatch(/\bETH\s+3380/);
    await c.press('/', KEY.esc);
    await c.sees(/ETH\s+3380/);
  });

  it('p pauses entries (and resumes when REDUCING) through the sink', async () => {
    const c = await mount();
    await c.press('p');
    expect(c.sink.sent[0]).toEqual({ command: { type: 'entries.pause' }, origin: { kind: 'console', key: 'p' } });
    await c.sees('entries.pause done');
    c.source.set({ ...liveState, run: { ...liveState.run, trading: { ...liveState.run.trading, state: 'REDUCING' } } });
    await c.press('p');
    expect(c.sink.sent[1]?.command).toEqual({ type: 'entries.resume' });
  });

  it('K lists what will be cancelled and closed; a wrong word sends nothing and says so; FLATTEN sends; a refusal is shown', async () => {
    const c = await mount();
    await c.press('K');
    await c.sees('Will cancel 1 open order(s)');
    await c.sees('ETH sell limit 2 @3400.0');
    await c.sees('Will close 2 position(s)');
    await c.press('F', 'L', 'A', 'T', KEY.enter);
    expect(c.sink.sent).toHaveLength(0);
    await c.sees('wrong confirmation "FLAT" (type FLATTEN): nothing was done');
    await c.press('FLATTEX', KEY.backspace, 'N', KEY.enter);
    expect(c.sink.sent).toEqual([{ command: { type: 'positions.flatten', confirm: 'FLATTEN' }, origin: { kind: 'console', key: 'K' } }]);
    await c.sees('REFUSED: order management is not running in this engine');
    await c.press(KEY.esc);
    expect(c.screen()).not.toContain('KILL SWITCH:');
  });

  it('Esc and a key in one read (Alt+key to the terminal) are the two keys: closes the modal, then quits', async () => {
    const c = await mount();
    await c.press('K');
    await c.sees('Type FLATTEN');
    await c.press('\x1bq');
    expect(c.screen()).not.toContain('KILL SWITCH:');
    expect(c.onQuit).toHaveBeenCalledTimes(1);
  });

  it('Esc and Tabs in one read (a loaded machine) close the modal, then move the focus', async () => {
    const c = await mount();
    await c.press('K');
    await c.sees('Type FLATTEN');
    await c.press('\x1b\t\t');
    expect(c.screen()).not.toContain('KILL SWITCH:');
    await c.sees(/Positions\s+equity/);
  });

  /** A sink that answers the kill switch only when the test says so (as the engine does once the run is over). */
  function lateSink(): CommandSink & { sent: Command[]; answer(r: CommandResult): void } {
    const sent: Command[] = [];
    let answer: (r: CommandResult) => void = () => {};
    return {
      sent,
      execute: (command) => {
        sent.push(command);
        return new Promise<CommandResult>((resolve) => (answer = resolve));
      },
      answer: (r) => answer(r),
    };
  }
  const run = (symbols: FlattenProgress['symbols'], more: Partial<FlattenProgress> = {}): FlattenProgress =>
    ({ startedAt: liveState.run.startedAt + 1, finishedAt: null, by: 'console (K)', ordersCancelled: 1, symbols, flat: false, ...more });

  it('K: per-symbol progress is live from state.flatten while the engine has not answered yet; the plan stays as confirmed', async () => {
    const sink = lateSink();
    const c = await mount({ sink });
    await c.press('K', 'FLATTEN', KEY.enter);
    expect(sink.sent).toHaveLength(1);
    await c.sees('sent, waiting for the engine');
    const halted = { ...liveState, run: haltedState.run, orders: { open: [], recent: liveState.orders.recent } };
    c.source.set({ ...halted, flatten: run([{ symbol: 'BTC', status: 'cancelling', detail: 'cancelling open orders' }, { symbol: 'ETH', status: 'cancelling', detail: 'cancelling open orders' }]) });
    await c.sees(/BTC\s+cancelling\s+cancelling open orders/);
    c.source.set({ ...halted, flatten: run([{ symbol: 'BTC', status: 'closing', detail: 'attempt 1' }, { symbol: 'ETH', status: 'pending', detail: 'queued to close' }]) });
    await c.sees(/BTC\s+closing\s+attempt 1/);
    await c.sees(/ETH\s+pending\s+queued to close/);
    // What was confirmed, not what the kill switch has cancelled since.
    expect(c.screen()).toContain('Will cancel 1 open order(s)');
    const alerts = [{ id: 9, level: 'warn' as const, at: 0, code: 'kill_switch', message: 'kill switch: flat, trading HALTED' }, ...haltedState.alerts];
    c.source.set({ ...haltedState, alerts, flatten: run([{ symbol: 'BTC', status: 'closed', detail: null }, { symbol: 'ETH', status: 'closed', detail: null }], { finishedAt: liveState.run.startedAt + 9, flat: true }) });
    await c.sees('FLAT: no position and no open order left');
    expect(c.screen()).not.toContain('waiting for the engine');
    sink.answer({ status: 'accepted', message: 'flat: 2 position(s) closed, 1 order(s) cancelled; trading HALTED' });
    await c.sees('flat: 2 position(s) closed');
    await c.sees(/BTC\s+closed/);
    expect(c.app.frames).toContain('\x07');
  });

  it('K refused as NOT flat: the per-symbol list stays, with the reason of each failure', async () => {
    const sink = lateSink();
    const c = await mount({ sink });
    await c.press('K', 'FLATTEN', KEY.enter);
    const f = run([{ symbol: 'BTC', status: 'closed', detail: null }, { symbol: 'ETH', status: 'failed', detail: 'rejected: reduce-only would increase' }], { finishedAt: liveState.run.startedAt + 9 });
    c.source.set({ ...haltedState, positions: [liveState.positions[1]!], flatten: f });
    await c.sees(/ETH\s+failed\s+rejected: reduce-only would increase/);
    sink.answer({ status: 'refused', code: 'FLATTEN.INCOMPLETE', reason: 'NOT flat: ETH (rejected: reduce-only would increase); trading HALTED' });
    await c.sees('REFUSED: NOT flat');
    expect(c.screen()).toMatch(/BTC\s+closed/);
    expect(c.screen()).toMatch(/ETH\s+failed\s+rejected/);
    expect(c.screen()).toContain('finished, NOT flat');
  });

  it('a new warning alert rings the bell, and so do a fill and a halt; another info alert does not', async () => {
    const c = await mount();
    const bells = (): number => c.app.frames.filter((f) => f === '\x07').length;
    c.source.set({ ...liveState, alerts: [{ id: 3, level: 'info', at: 0, code: 'storage.up', message: 'back' }, ...liveState.alerts] });
    await c.settle();
    expect(bells()).toBe(0);
    c.source.set({ ...liveState, alerts: [{ id: 4, level: 'error', at: 0, code: 'storage.down', message: 'database down' }, ...liveState.alerts] });
    await vi.waitFor(() => expect(bells()).toBe(1));
    await c.sees('database down');
    c.source.set({ ...liveState, alerts: [{ id: 5, level: 'info', at: 0, code: 'order.filled', message: 'buy 0.1 BTC @ 97000.0 (entry long)' }, ...liveState.alerts] });
    await vi.waitFor(() => expect(bells()).toBe(2));
    c.source.set({ ...liveState, alerts: [{ id: 6, level: 'error', at: 0, code: 'trading.halted', message: 'trading HALTED by risk: daily loss' }, ...liveState.alerts] });
    await vi.waitFor(() => expect(bells()).toBe(3));
  });

  it('L asks for LIVE (wrong word refused) and shows why the engine refuses; in live mode L goes back to paper', async () => {
    const c = await mount();
    await c.press('L', 'live', KEY.enter);
    expect(c.sink.sent).toHaveLength(0);
    await c.sees('wrong confirmation "live" (type LIVE)');
    await c.press('LIVE', KEY.enter);
    expect(c.sink.sent[0]?.command).toEqual({ type: 'mode.set', mode: 'live', confirm: 'LIVE' });
    await c.sees('REFUSED: order management is not running');
    const l = await mount({ state: liveModeState, answer: () => ({ status: 'accepted', message: 'paper now' }) });
    await l.press('L');
    expect(l.sink.sent[0]?.command).toEqual({ type: 'mode.set', mode: 'paper' });
  });

  it('a refusal longer than the screen is wrapped in the modal, not cut', async () => {
    const reason = 'live trading refused: PACIFICA_ACCOUNT is not set, and the agent key file in the data dir is missing; see README: Live trading';
    const c = await mount({ answer: () => ({ status: 'refused', code: 'MODE.LIVE_UNAVAILABLE', reason }) });
    await c.press('L', 'LIVE', KEY.enter);
    await c.sees('REFUSED: live trading refused');
    await c.sees('see README: Live trading');
    for (const l of c.screen().split('\n')) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('r leaves HALTED only with RESUME; when not HALTED it says so', async () => {
    const active = await mount();
    await active.press('r');
    await active.sees('trading is ACTIVE, not HALTED');
    expect(active.sink.sent).toHaveLength(0);
    const c = await mount({ state: haltedState });
    await c.press('r');
    await c.sees('HALTED since');
    await c.press('RESUMe', KEY.enter);
    expect(c.sink.sent).toHaveLength(0);
    await c.sees('wrong confirmation "RESUMe"');
    await c.press('RESUME', KEY.enter);
    expect(c.sink.sent[0]?.command).toEqual({ type: 'halt.leave', confirm: 'RESUME' });
  });

  it('q and Ctrl-C quit; live mode with positions open asks first, n stays, y quits (never a flatten)', async () => {
    const c = await mount();
    await c.press('q');
    expect(c.onQuit).toHaveBeenCalledTimes(1);
    await c.press(KEY.ctrlC);
    expect(c.onQuit).toHaveBeenCalledTimes(2);
    const l = await mount({ state: liveModeState });
    await l.press('q');
    expect(l.onQuit).not.toHaveBeenCalled();
    await l.sees('LIVE positions are open (2)');
    await l.press('n');
    expect(l.screen()).not.toContain('LIVE positions are open');
    await l.press(KEY.ctrlC, 'y');
    expect(l.onQuit).toHaveBeenCalledTimes(1);
    expect(l.sink.sent).toHaveLength(0);
  });

  it('? shows every key', async () => {
    const c = await mount();
    await c.press('?');
    for (const k of ['up k', 'down j', 'shift-tab', 'enter', 'K ', 'L ', 'q ctrl-c']) await c.sees(k);
    await c.press(KEY.esc);
    expect(c.screen()).not.toContain('this help');
  });

  it('d detaches when attached (header says so) and only then', async () => {
    const c = await mount({ attached: true });
    await c.sees('attached to pid 99');
    await c.press('d');
    expect(c.onDetach).toHaveBeenCalledTimes(1);
    const local = await mount();
    await local.press('d');
    expect(local.onDetach).not.toHaveBeenCalled();
    await local.sees('d detaches only');
  });

  it('read-only: command keys say read-only and send nothing', async () => {
    const c = await mount({ readOnly: true });
    await c.press('p');
    await c.sees('read-only: entries.pause was not sent');
    await c.press('K');
    await c.sees('read-only');
    expect(c.screen()).not.toContain('Will cancel');
    expect(c.sink.sent).toHaveLength(0);
  });
});
