/**
 * Switching modes with positions open: new entries go to the new mode; positions of the
 * other mode stay in the book (shown, marked) and their exits, the kill switch,
 * reconciliation and a restart keep them on their own venue.
 */
import { describe, expect, it } from 'vitest';
import type { ScanEntry } from '../../../../src/engine/app/scanner.js';
import type { CommandOrigin } from '../../../../src/engine/core/spine/command.js';
import { EMPTY_NUMBERS } from '../../../../src/engine/core/strategy.js';
import { FakeClock } from '../batch-writer-fakes.js';
import { drive, fakeLiveVenue, MemoryTradingStore, modesRig, type ModesRig } from './fixtures.js';

const origin: CommandOrigin = { kind: 'console' };
const entry = (symbol: string) => ({ symbol, side: 'buy' as const, type: 'market' as const, amount: 1, price: null, reduceOnly: false, purpose: 'entry' as const, reason: 'entry long' });
const closeIntent = (symbol: string): ScanEntry => ({
  symbol, time: 0, result: { decision: 'exit', reason: 'momentum faded', numbers: EMPTY_NUMBERS, orderIntent: { type: 'close', symbol, side: 'long', size: 1 } },
});
const setMode = (r: ModesRig, mode: 'paper' | 'live') => drive(r.clock, r.control.sink.execute({ type: 'mode.set', mode, ...(mode === 'live' ? { confirm: 'LIVE' } : {}) }, origin));
const symbolsOf = async (x: { positions(): Promise<{ symbol: string }[]> }) => (await x.positions()).map((p) => p.symbol).sort();

/** Live with BTC and ETH open, then back to paper. */
async function liveThenPaper(store = new MemoryTradingStore(), clock = new FakeClock()) {
  const live = fakeLiveVenue(clock);
  const r = await modesRig(store, clock, live);
  await r.trading.start();
  expect(await setMode(r, 'live')).toMatchObject({ status: 'accepted' });
  for (const s of ['BTC', 'ETH']) expect(await drive(clock, r.trading.orders.submit(entry(s)))).toMatchObject({ status: 'filled', mode: 'live' });
  const back = await setMode(r, 'paper');
  return { r, live, back, store, clock };
}

describe('switching back to paper with live positions open', () => {
  it('is accepted; entries go paper; the live positions stay visible, marked and exit live', async () => {
    const { r, live, back } = await liveThenPaper();
    expect(back).toMatchObject({ status: 'accepted', message: expect.stringMatching(/2 live position\(s\) still open/) });
    const s = r.control.spine.store.getState();
    expect(s.run.mode).toBe('paper');
    expect(s.positions.map((p) => `${p.symbol}:${p.mode}`).sort()).toEqual(['BTC:live', 'ETH:live']);
    const sol = await drive(r.clock, r.trading.orders.submit(entry('SOL')));
    expect(sol).toMatchObject({ status: 'filled', mode: 'paper' });
    expect(await symbolsOf(r.broker)).toEqual(['SOL']);
    expect(await symbolsOf(live)).toEqual(['BTC', 'ETH']);
    // Marked: the mark timer reprices both books (fills were at the ask, the mark is 100).
    await r.clock.advance(1_000);
    expect(r.control.spine.store.getState().positions.every((p) => p.markPrice === 100)).toBe(true);
    // The strategy's exit of a live position goes to the live venue.
    const sentLive = live.orders.length;
    r.trading.onEvaluation(closeIntent('ETH'));
    await r.clock.advance(500);
    const exit = r.control.spine.store.getState().orders.recent.find((o) => o.symbol === 'ETH' && o.reduceOnly);
    expect(exit).toMatchObject({ status: 'filled', mode: 'live', reason: 'exit: momentum faded' });
    expect(live.orders.length).toBe(sentLive + 1);
    expect(await symbolsOf(live)).toEqual(['BTC']);
    expect(r.control.spine.store.getState().positions.map((p) => `${p.symbol}:${p.mode}`).sort()).toEqual(['BTC:live', 'SOL:paper']);
    await r.trading.stop();
  });

  it('an entry on a symbol the strategy still holds live is refused in paper (one position per symbol)', async () => {
    const { r } = await liveThenPaper();
    const btc = await r.trading.orders.submit(entry('BTC'));
    expect(btc).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/^MODE.OTHER_POSITION: BTC still has a live position/) });
    await r.trading.stop();
  });

  it('the kill switch closes both books, each through its own venue', async () => {
    const { r, live } = await liveThenPaper();
    await drive(r.clock, r.trading.orders.submit(entry('SOL')));
    const res = await drive(r.clock, r.control.sink.execute({ type: 'positions.flatten', confirm: 'FLATTEN' }, origin), 10);
    expect(res).toMatchObject({ status: 'accepted' });
    const s = r.control.spine.store.getState();
    expect(s.flatten).toMatchObject({ flat: true });
    expect(s.flatten!.symbols.map((x) => `${x.symbol}:${x.mode}:${x.status}`).sort()).toEqual(['BTC:live:closed', 'ETH:live:closed', 'SOL:paper:closed']);
    expect(s.orders.recent.filter((o) => o.reason === 'kill switch').map((o) => `${o.symbol}:${o.mode}`).sort()).toEqual(['BTC:live', 'ETH:live', 'SOL:paper']);
    expect(await live.positions()).toEqual([]);
    expect(await r.broker.positions()).toEqual([]);
    expect(s.positions).toEqual([]);
  });

  it('a restart comes back with both books, the live one managed on the live venue and reconciled with it', async () => {
    const { r, live, store, clock } = await liveThenPaper();
    await drive(clock, r.trading.orders.submit(entry('SOL')));
    await r.trading.stop();
    const again = await modesRig(store, clock, live);
    await again.trading.start();
    const s = again.control.spine.store.getState();
    expect(s.run.mode).toBe('paper');
    expect(s.positions.map((p) => `${p.symbol}:${p.mode}`).sort()).toEqual(['BTC:live', 'ETH:live', 'SOL:paper']);
    expect(again.connects()).toBe(1);
    expect(s.alerts.filter((a) => a.code === 'reconcile.mismatch')).toEqual([]);
    const exit = await drive(clock, again.trading.orders.submit({ ...entry('BTC'), side: 'sell', reduceOnly: true, purpose: 'exit', reason: 'exit' }));
    expect(exit).toMatchObject({ status: 'filled', mode: 'live' });
    expect(await symbolsOf(live)).toEqual(['ETH']);
    // ETH closed at the venue behind our back: the live reconciliation notices.
    await drive(clock, live.placeOrder({ clientOrderId: 'elsewhere', symbol: 'ETH', side: 'sell', type: 'market', amount: 1, price: null, reduceOnly: true }));
    await clock.advance(60_000);
    expect(again.control.spine.store.getState().alerts.find((a) => a.code === 'reconcile.mismatch')?.message).toMatch(/live positions the venue does not: ETH/);
    await again.trading.stop();
  });

  it('a restart without live credentials shows the live positions, says they are not managed, and refuses their exits', async () => {
    const { r, live, store, clock } = await liveThenPaper();
    await r.trading.stop();
    const again = await modesRig(store, clock, live, () => 'live trading needs PACIFICA_ACCOUNT (not set)');
    await again.trading.start();
    const s = again.control.spine.store.getState();
    expect(s.positions.map((p) => `${p.symbol}:${p.mode}`).sort()).toEqual(['BTC:live', 'ETH:live']);
    expect(s.alerts.find((a) => a.code === 'trading.live_unmanaged')?.message).toMatch(/2 live position.*PACIFICA_ACCOUNT.*NOT managed/);
    const exit = await again.trading.orders.submit({ ...entry('BTC'), side: 'sell', reduceOnly: true, purpose: 'exit', reason: 'exit' });
    expect(exit).toMatchObject({ status: 'rejected', mode: 'live', reason: expect.stringMatching(/no live broker connected/) });
    await again.trading.stop();
  });
});

describe('going live with paper positions open', () => {
  it('is accepted: paper positions stay paper; the live day starts at the live equity (no false daily-loss halt)', async () => {
    const clock = new FakeClock();
    const live = fakeLiveVenue(clock, 5_000);
    const r = await modesRig(new MemoryTradingStore(), clock, live);
    await r.trading.start();
    await drive(clock, r.trading.orders.submit(entry('SOL')));
    expect(await setMode(r, 'live')).toMatchObject({ status: 'accepted', message: expect.stringMatching(/1 paper position/) });
    const btc = await drive(clock, r.trading.orders.submit(entry('BTC')));
    expect(btc).toMatchObject({ status: 'filled', mode: 'live' });
    expect(r.control.spine.store.getState().run.trading.state).toBe('ACTIVE');
    const exit = await drive(clock, r.trading.orders.submit({ ...entry('SOL'), side: 'sell', reduceOnly: true, purpose: 'exit', reason: 'exit' }));
    expect(exit).toMatchObject({ status: 'filled', mode: 'paper' });
    expect(await symbolsOf(live)).toEqual(['BTC']);
    expect(await r.broker.positions()).toEqual([]);
    await r.trading.stop();
  });
});
