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
import { haltedState, liveModeState, liveState, startingState, T0, warmingState } from './fixtures.js';
import { renderText, session } from './session.js';
import { layoutFor } from '../../src/ui/layout.js';
import { alertRow } from '../../src/ui/panel-rows.js';

/** Each panel at the size the layout gives it in an 80x24 and a 160x48 terminal (not the terminal's width). */
const SIZES = [[80, 24], [160, 48]] as const;
function sizes(columns: number, rows: number) {
  const l = layoutFor(columns, rows);
  const list = (third: 0 | 1 | 2) => (l.compact ? l.secondary : { width: l.thirds[third], height: l.rows[0] });
  return { w: l.width, pairs: l.pairs, chart: l.chart, signals: list(0), positions: list(1), orders: list(2), lower: (i: 0 | 1 | 2) => (l.compact ? l.secondary : { width: l.thirds[i], height: l.rows[1] }) };
}
const fits = (lines: string[], width: number, height: number): void => {
  expect(lines.length).toBeLessThanOrEqual(height);
  for (const l of lines) expect(l.length, `"${l}"`).toBeLessThanOrEqual(width);
};

describe.each(SIZES)('panels in a %ix%i terminal', (columns, termRows) => {
  const z = sizes(columns, termRows);
  const w = z.w;
  const at = (b: { width: number; height: number }) => ({ width: b.width, height: b.height, focused: true, cursor: 0 });

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

  it('header at start-up: trading RESTORING and the database opening (never ACTIVE or db up before they are)', () => {
    const { text } = renderText(<Header width={w} />, session({ state: startingState }), w);
    expect(text).toContain('RESTORING');
    expect(text).toMatch(/db opening/);
    expect(text).not.toContain('ACTIVE');
    expect(text).not.toMatch(/db up/);
  });

  it('pairs: grouped by category with price, 15m change, sparkline and whale marker', () => {
    const { width, height } = z.pairs;
    const { lines, text } = renderText(<PairsPanel width={width} height={height} focused selected="BTC" filter="" />, session({ state: liveState }), w);
    fits(lines, width, height);
    expect(text).toContain('── major (2)');
    expect(text).toContain('── small-cap (1)');
    expect(text).toMatch(/▸BTC\s+97123\s+\+1\.23% [▁▂▃▄▅▆▇█]+\s+▲W/);
    expect(text).toMatch(/ETH\s+3380\.5\s+-2\.10%/);
    expect(text).toContain('▼W');
    expect(text).toContain('3/3 ready');
  });

  it('pairs: warming pairs show n/20 bars, the title x/N ready with the ETA; a filter narrows the list', () => {
    const { width, height } = z.pairs;
    const { text } = renderText(<PairsPanel width={width} height={height} focused={false} selected="ETH" filter="" />, session({ state: warmingState }), w);
    expect(text).toMatch(/ETH .*█+░+ 12\/20/);
    expect(text).toMatch(/WIF .* 4\/20/);
    expect(text).toContain('1/3 ready ETA 11:00Z');
    const filtered = renderText(<PairsPanel width={width} height={height} focused selected={null} filter="wi" />, session({ state: warmingState }), w).text;
    expect(filtered).toContain('WIF');
    expect(filtered).not.toContain('BTC');
    expect(filtered).toContain('filter /wi');
  });

  it('signals: latest per pair with its whole reason (carried onto a second row when the panel is narrow)', () => {
    const p = at(z.signals);
    const { lines, text } = renderText(<SignalsPanel {...p} />, session({ state: liveState }), w);
    fits(lines, p.width, p.height);
    expect(text).toMatch(/BTC\s+LONG/);
    expect(text.replace(/\s+/g, ' ')).toContain('long: momentum 0.004 > 0.002, volume 1.4x');
    expect(text.replace(/\s+/g, ' ')).toMatch(/ETH HOLD (\S+ )?volume ratio 0\.83 < 1\.00/);
  });

  it('positions: side, size, entry, mark, uPnL and stops; the account in the title', () => {
    const p = at(z.positions);
    const { lines, text } = renderText(<PositionsPanel {...p} />, session({ state: liveState }), w);
    fits(lines, p.width, p.height);
    expect(text).toMatch(/BTC\s+(paper\s+)?LONG\s+0\.1 @97000/);
    expect(text).toMatch(/(mk|mark) 97123/);
    expect(text).toMatch(/\+12\.34/);
    expect(text).toMatch(/SL ?95000/);
    expect(text).toMatch(/ETH\s+(paper\s+)?SHORT\s+2 @3390\.0/);
    expect(text).toMatch(/SL ?3450\.0/);
    expect(text).toContain('equity 10031.34');
  });

  it('positions: a live position left open after a switch to paper is marked LIVE next to the paper ones', () => {
    const p = at(z.positions);
    const mixed = { ...liveState, positions: liveState.positions.map((x) => (x.symbol === 'ETH' ? { ...x, mode: 'live' as const } : x)) };
    const { lines, text } = renderText(<PositionsPanel {...p} />, session({ state: mixed }), w);
    fits(lines, p.width, p.height);
    expect(text).toMatch(/BTC\s+(paper\s+)?LONG/);
    expect(text).toMatch(/ETH\s+LIVE\s+SHORT/);
  });

  it('orders (with their status), whales, alerts and log', () => {
    const s = session({ state: liveState });
    const orders = renderText(<OrdersPanel {...at(z.orders)} />, s, w).text;
    expect(orders).toMatch(/ETH\s+sell\s+(open lmt 0\/2|limit 0\/2 @3400\.0 RO open)/);
    expect(orders).toMatch(/@3400\.0 RO/);
    expect(orders).toMatch(/BTC\s+buy\s+.*filled/);
    expect(renderText(<WhalesPanel {...at(z.lower(0))} />, s, w).text).toMatch(/BTC\s+▲bid \$1\.2M/);
    expect(renderText(<AlertsPanel {...at(z.lower(1))} />, s, w).text.replace(/\s+/g, ' ')).toMatch(/WARN feed\.silent no market data for 16 s/);
    const log = renderText(<LogPanel {...at(z.lower(2))} />, s, w).lines;
    expect(log[1]).toContain('command.executed');
    const boxes = [[OrdersPanel, z.orders], [WhalesPanel, z.lower(0)], [AlertsPanel, z.lower(1)], [LogPanel, z.lower(2)]] as const;
    for (const [Panel, b] of boxes) fits(renderText(<Panel {...at(b)} />, s, w).lines, b.width, b.height);
  });

  it('narrow rows keep a space after the longest symbols (FARTCOIN)', () => {
    const long = { ...liveState, positions: [{ ...liveState.positions[0]!, symbol: 'FARTCOIN' }], orders: { open: [], recent: [{ ...liveState.orders.recent[0]!, symbol: 'FARTCOIN' }] } };
    expect(renderText(<PositionsPanel {...at(z.positions)} />, session({ state: long }), w).text).toMatch(/FARTCOIN\s+(paper\s+)?LONG/);
    expect(renderText(<OrdersPanel {...at(z.orders)} />, session({ state: long }), w).text).toMatch(/FARTCOIN\s+buy/);
  });

  it('alerts: a fill is a highlighted line (FILL, inverse), not a plain info line', () => {
    const fill = { id: 7, level: 'info' as const, at: T0, code: 'order.filled', message: 'buy 0.1 BTC @ 97000.0 (entry long)' };
    const b = at(z.lower(1));
    const { text, lines } = renderText(<AlertsPanel {...b} focused={false} />, session({ state: { ...liveState, alerts: [fill, ...liveState.alerts] } }), w);
    fits(lines, b.width, b.height);
    expect(text.replace(/\s+/g, ' ')).toContain('FILL order.filled buy 0.1 BTC @ 97000.0 (entry long)');
    expect(alertRow(fill).find((x) => x.text === 'FILL')).toMatchObject({ inverse: true, bold: true, color: 'green' });
  });

  it('empty panels say what they are waiting for', () => {
    const s = session({ state: warmingState });
    expect(renderText(<PositionsPanel {...at(z.positions)} />, s, w).text).toContain('no open position');
    expect(renderText(<SignalsPanel {...at(z.signals)} />, s, w).text).toContain('no evaluation yet');
  });

  it('chart of the selected pair with its last signal; 4x merges closes', () => {
    const s = session({ state: liveState });
    const { width, height } = z.chart;
    const { lines, text } = renderText(<ChartPanel width={width} height={height} symbol="BTC" timeframe="strategy" />, s, w);
    fits(lines, width, height);
    expect(text).toContain('Chart BTC');
    expect(text).toContain('15m closes');
    expect(text).toMatch(/[┼┤]/);
    expect(text).toMatch(/last BTC\s+LONG/);
    expect(renderText(<ChartPanel width={width} height={height} symbol="BTC" timeframe="x4" />, s, w).text).toContain('1h closes');
    expect(renderText(<ChartPanel width={width} height={height} symbol="BTC" timeframe="live" />, s, w).text).toContain('not enough data yet');
  });

  it('chart shows the signal history: the newest decisions that fit, with time and price', () => {
    const t = (h: number, m: number): number => Date.UTC(2026, 11, 1, h, m);
    const history = [
      { at: t(10, 0), decision: 'long' as const, price: 90_100 },
      { at: t(10, 30), decision: 'exit' as const, price: 90_500 },
      { at: t(11, 15), decision: 'short' as const, price: 90_200 },
    ];
    const state = { ...liveState, pairs: liveState.pairs.map((p) => (p.symbol === 'BTC' ? { ...p, signalHistory: history } : p)) };
    const { width, height } = z.chart;
    const { lines, text } = renderText(<ChartPanel width={width} height={height} symbol="BTC" timeframe="strategy" />, session({ state }), w);
    fits(lines, width, height);
    expect(text).toMatch(/signals .*11:15Z SHORT 90200/);
    if (width >= 80) expect(text).toMatch(/signals 10:00Z LONG 90100 10:30Z EXIT 90500 11:15Z SHORT/);
    expect(renderText(<ChartPanel width={width} height={height} symbol="BTC" timeframe="strategy" />, session({ state: liveState }), w).text).not.toContain('signals ');
  });

  it('start-up phases before the database is open', () => {
    const { width, height } = z.chart;
    const { lines, text } = renderText(<StartupPanel width={width} height={height} />, session({ state: startingState }), w);
    fits(lines, width, height);
    expect(text).toContain('▸ opening the database');
    expect(text).toContain('· backfilling candles');
  });
});
