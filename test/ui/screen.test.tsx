// Colours forced on before Ink (chalk) loads, so NO_COLOR is tested against real colour output.
process.env.FORCE_COLOR = '1';
import { describe, expect, it } from 'vitest';
import { haltedState, liveState, startingState, warmingState } from './fixtures.js';

const { renderToString } = await import('ink');
const { stripVTControlCharacters } = await import('node:util');
const { ConsoleApp } = await import('../../src/ui/console-app.js');
const { session } = await import('./session.js');

function screen(state: typeof liveState, columns: number, rows: number, noColor = true): { lines: string[]; raw: string } {
  const s = session({ state, noColor });
  const raw = renderToString(<ConsoleApp session={s} onQuit={() => {}} size={{ columns, rows }} />, { columns });
  return { lines: stripVTControlCharacters(raw).split('\n'), raw };
}

const SIZES: [number, number][] = [[40, 12], [60, 20], [80, 24], [100, 30], [119, 40], [120, 36], [160, 48], [200, 60]];
const STATES = { startingState, warmingState, liveState, haltedState };

describe('the whole console fits the terminal (nothing wraps, one row spare so Ink never clears the screen)', () => {
  it.each(SIZES)('%ix%i', (columns, rows) => {
    for (const [name, state] of Object.entries(STATES)) {
      const { lines } = screen(state, columns, rows);
      expect(lines.length, name).toBeLessThanOrEqual(rows - 1);
      for (const l of lines) expect(l.length, `${name}: "${l}"`).toBeLessThanOrEqual(columns);
    }
  });

  it('80x24 shows header, pairs, chart, signals and the keys; 160x48 shows every panel', () => {
    const small = screen(liveState, 80, 24).lines.join('\n');
    for (const t of ['PAPER', 'Pairs', 'Chart BTC', 'Signals', 'q quit', 'K KILL']) expect(small).toContain(t);
    const big = screen(liveState, 160, 48).lines.join('\n');
    for (const t of ['Pairs', 'Chart BTC', 'Signals', 'Positions', 'Orders', 'Whales', 'Alerts', 'Log']) expect(big).toContain(t);
  });

  it('while starting, the start-up phases take the chart place', () => {
    expect(screen(startingState, 80, 24).lines.join('\n')).toContain('▸ opening the database');
  });

  it('NO_COLOR: no colour codes, PAPER/LIVE/HALTED still in words', () => {
    const colour = /\x1b\[(3[0-7]|4[0-7]|9[0-7]|38;|48;)/;
    expect(screen(haltedState, 80, 24, false).raw).toMatch(colour);
    const plain = screen(haltedState, 80, 24, true);
    expect(plain.raw).not.toMatch(colour);
    expect(plain.lines.join('\n')).toMatch(/PAPER .*HALTED/);
  });
});
