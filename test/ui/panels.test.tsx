import { describe, expect, it } from 'vitest';
import { Header } from '../../src/ui/panels/header.js';
import { PairsPanel } from '../../src/ui/panels/pairs-panel.js';
import { SignalsPanel } from '../../src/ui/panels/signals-panel.js';
import { PositionsPanel } from '../../src/ui/panels/positions-panel.js';
import { OrdersPanel } from '../../src/ui/panels/orders-panel.js';
import { WhalesPanel } from '../../src/ui/panels/whales-panel.js';
import { AlertsPanel } from '../../src/ui/panels/alerts-panel.js';
import { LogPanel } from '../../src/ui/panels/log-panel.js';
import { ChartPanel } from '../../src/ui/panels/chart-panel.js';
import { StartupPanel } from '../../src/ui/panels/startup-panel.js';
import { haltedState, liveModeState, liveState, startingState, warmingState } from './fixtures.js';
import { renderText, session } from './session.js';

const WIDTHS = [80, 160] as const;
const fits = (lines: string[], width: number, height: number): void => {
  expect(lines.length).toBeLessThanOrEqual(height);
  for (const l of lines) expect(l.length, `"${l}"`).toBeLessThanOrEqual(width);
};

describe.each(WIDTHS)('panels at %i columns', (w) => {
  const list = { width: w, height: 8, focused: true, cursor: 0 };

  it('header: PAPER in words, trading state, feed rate and age, db lag/queue/journal, uptime, UTC clock', () => {
    const { lines, text } = renderText(<Header width={w} />, session({ state: liveState }), w);
    fits(lines, w, 2);
    expect(text).toContain('PAPER');
    expect(text).toContain('ACTIVE');
    expect(text).toMatch(/feed live 1\.2k t\/s last 0\.2s/);
    expect(text).toContain('10:00:00Z');
    expect(text).toContain('up 2m05s');
    expect(text).toMatch(/db up pglite lag 0\.1s queue 340 journal 0/);
  });

  it('header: LIVE and HALTED are words too (NO_COLOR), and an attached engine shows its pid and age', () => {
    const live = renderText(<Header width={w} />, session({ state: liveModeState }), w).text;
    expect(live).toContain('LIVE!');
    const halted = renderText(<Header width={w} />, session({ state: haltedState, attached: { pid: 777, startedAt: haltedState.run.startedAt } }), w).text;
    expect(halted).toContain('HALTED');
    expect(halted).toContain('attached to pid 777, up for 2m05s');
  });

  it('pairs: grouped by category with price, 15m change, sparkline and whale marker', () => {
    const { lines, text } = renderText(<PairsPanel width={w} height={10} focused selected="BTC" filter="" />, session({ state: liveState }), w);
    fits(lines, w, 10);
    expect(text).toContain('── major (2)');
    expect(text).toContain('── small-cap (1)');
    expect(text).toMatch(/▸BTC\s+97123\s+\+1\.23% [▁▂▃▄▅▆▇█]+\s+▲W/);
    expect(text).toMatch(/ETH\s+3380\.5\s+-2\.10%/);
    expect(text).toContain('▼W');
    expect(text).toContain('3/3 ready');
  });

  it('pairs: warming pairs show n/20 bars, the title x/N ready with the ETA; a filter narrows the list', () => {
    const { text } = renderText(<PairsPanel width={w} height={10} focused={false} selected="ETH" filter="" />, session({ state: warmingState }), w);
    expect(text).toMatch(/ETH .*█+░+ 12\/20/);
    expect(text).toMatch(/WIF .* 4\/20/);
    expect(text).toContain('1/3 ready ETA 11:00Z');
    const filtered = renderText(<PairsPanel width={w} height={10} focused selected={null} filter="wi" />, session({ state: warmingState }), w).text;
    expect(filtered).toContain('WIF');
    expect(filtered).not.toContain('BTC');
    expect(filtered).toContain('filter /wi');
  });

  it('signals: latest per pair with its reason', () => {
    const { lines, text } = renderText(<SignalsPanel {...list} />, session({ state: liveState }), w);
    fits(lines, w, 8);
    expect(text).toMatch(/BTC\s+LONG/);
    expect(text).toMatch(/ETH\s+HOLD .*volume ratio 0\.83/);
  });

  it('positions: mode, side, size, entry, mark, uPnL and stops; the account in the title', () => {
    const { lines, text } = renderText(<PositionsPanel {...list} />, session({ state: liveState }), w);
    fits(lines, w, 8);
    expect(text).toMatch(/BTC\s+paper\s+LONG\s+0\.1 @97000 mark 97123 uPnL \+12\.34/);
    if (w === 160) expect(text).toContain('SL 95000 TP 99000');
    expect(text).toContain('equity 10031.34');
  });

  it('positions: a live position left open after a switch to paper is marked LIVE next to the paper ones', () => {
    const mixed = { ...liveState, positions: liveState.positions.map((p) => (p.symbol === 'ETH' ? { ...p, mode: 'live' as const } : p)) };
    const { lines, text } = renderText(<PositionsPanel {...list} />, session({ state: mixed }), w);
    fits(lines, w, 8);
    expect(text).toMatch(/BTC\s+paper\s+LONG/);
    expect(text).toMatch(/ETH\s+LIVE\s+SHORT/);
  });

  it('orders, whales, alerts and log', () => {
    const s = session({ state: liveState });
    expect(renderText(<OrdersPanel {...list} />, s, w).text).toMatch(/ETH\s+sell\s+limit 0\/2 @3400\.0 RO open/);
    expect(renderText(<WhalesPanel {...list} />, s, w).text).toMatch(/BTC\s+▲bid \$1\.2M/);
    expect(renderText(<AlertsPanel {...list} />, s, w).text).toMatch(/WARN\s+feed\.silent no market data/);
    const log = renderText(<LogPanel {...list} />, s, w).lines;
    expect(log[1]).toContain('command.executed');
    for (const Panel of [OrdersPanel, WhalesPanel, AlertsPanel, LogPanel]) fits(renderText(<Panel {...list} />, s, w).lines, w, 8);
  });

  it('empty panels say what they are waiting for', () => {
    const s = session({ state: warmingState });
    expect(renderText(<PositionsPanel {...list} />, s, w).text).toContain('no open position');
    expect(renderText(<SignalsPanel {...list} />, s, w).text).toContain('no evaluation yet');
  });

  it('chart of the selected pair with its last signal; 4x merges closes', () => {
    const s = session({ state: liveState });
    const { lines, text } = renderText(<ChartPanel width={w} height={10} symbol="BTC" timeframe="strategy" />, s, w);
    fits(lines, w, 10);
    expect(text).toContain('Chart BTC');
    expect(text).toContain('15m closes');
    expect(text).toMatch(/[┼┤]/);
    expect(text).toMatch(/last BTC\s+LONG/);
    expect(renderText(<ChartPanel width={w} height={10} symbol="BTC" timeframe="x4" />, s, w).text).toContain('1h closes');
    expect(renderText(<ChartPanel width={w} height={10} symbol="BTC" timeframe="live" />, s, w).text).toContain('not enough data yet');
  });

  it('chart shows the signal history: the newest decisions that fit, with time and price', () => {
    const at = (h: number, m: number): number => Date.UTC(2026, 11, 1, h, m);
    const history = [
      { at: at(10, 0), decision: 'long' as const, price: 90_100 },
      { at: at(10, 30), decision: 'exit' as const, price: 90_500 },
      { at: at(11, 15), decision: 'short' as const, price: 90_200 },
    ];
    const state = { ...liveState, pairs: liveState.pairs.map((p) => (p.symbol === 'BTC' ? { ...p, signalHistory: history } : p)) };
    const { lines, text } = renderText(<ChartPanel width={w} height={10} symbol="BTC" timeframe="strategy" />, session({ state }), w);
    fits(lines, w, 10);
    expect(text).toMatch(/signals .*11:15Z SHORT 90200/);
    if (w >= 80) expect(text).toMatch(/signals 10:00Z LONG 90100 10:30Z EXIT 90500 11:15Z SHORT/);
    expect(renderText(<ChartPanel width={w} height={10} symbol="BTC" timeframe="strategy" />, session({ state: liveState }), w).text).not.toContain('signals ');
  });

  it('start-up phases before the database is open', () => {
    const { lines, text } = renderText(<StartupPanel width={w} height={9} />, session({ state: startingState }), w);
    fits(lines, w, 9);
    expect(text).toContain('▸ opening the database');
    expect(text).toContain('· backfilling candles');
  });
});
