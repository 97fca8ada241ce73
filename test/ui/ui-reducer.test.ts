import { describe, expect, it } from 'vitest';
import { reduceUi, type UiView } from '../../src/ui/ui-reducer.js';
import { initialUiState, type UiState } from '../../src/ui/ui-state.js';
import type { UiAction } from '../../src/ui/ui-action.js';

const view: UiView = { mode: 'paper', trading: 'ACTIVE', positions: 1, symbols: ['BTC', 'ETH', 'SOL'], rows: { signals: 3, log: 0 }, readOnly: false, attached: false };
const run = (actions: UiAction[], v: UiView = view, ui: UiState = initialUiState) => {
  let state = ui;
  const effects = [];
  for (const a of actions) {
    const step = reduceUi(state, a, v);
    state = step.ui;
    if (step.effect) effects.push(step.effect);
  }
  return { ui: state, effects };
};
const typed = (word: string): UiAction[] => [...word].map((text) => ({ type: 'type', text }));

describe('UI reducer', () => {
  it('moves the pair selection within the shown pairs and clamps at the ends', () => {
    expect(run([{ type: 'move', by: 1 }]).ui.selected).toBe('BTC');
    expect(run([{ type: 'move', by: 1 }, { type: 'move', by: 1 }, { type: 'move', by: 5 }]).ui.selected).toBe('SOL');
    expect(run([{ type: 'move', by: -1 }]).ui.selected).toBe('BTC');
  });

  it('moves the cursor of the focused panel, never past its rows', () => {
    const r = run([{ type: 'focus', by: 1 }, { type: 'move', by: 1 }, { type: 'move', by: 9 }]);
    expect(r.ui.focus).toBe('signals');
    expect(r.ui.cursor.signals).toBe(2);
    expect(run([{ type: 'focus', by: -1 }, { type: 'move', by: 1 }]).ui.cursor.log).toBe(0);
  });

  it.each([
    ['flatten', 'FLATTEN', { type: 'positions.flatten', confirm: 'FLATTEN' }],
    ['resume', 'RESUME', { type: 'halt.leave', confirm: 'RESUME' }],
  ] as const)('%s: the right word sends, a wrong one sends nothing and says so', (what, word, command) => {
    const v = { ...view, trading: 'HALTED' as const };
    const wrong = run([{ type: 'confirm.open', what }, ...typed(word.toLowerCase()), { type: 'submit' }], v);
    expect(wrong.effects).toEqual([]);
    expect(wrong.ui.message?.text).toContain('nothing was done');
    expect(wrong.ui.overlay).toMatchObject({ kind: 'confirm', typed: '', stage: 'typing' });
    const right = run([{ type: 'confirm.open', what }, ...typed(word), { type: 'submit' }], v);
    expect(right.effects).toEqual([{ type: 'send', command, key: what === 'flatten' ? 'K' : 'r' }]);
    expect(right.ui.overlay).toMatchObject({ stage: 'sent' });
  });

  it('the answer lands in the modal and the message line', () => {
    const sent = run([{ type: 'confirm.open', what: 'flatten' }, ...typed('FLATTEN'), { type: 'submit' }]);
    const refused = reduceUi(sent.ui, { type: 'result', result: { status: 'refused', code: 'COMMAND.UNAVAILABLE', reason: 'no order management' } }, view).ui;
    expect(refused.overlay).toMatchObject({ stage: 'answered', result: { status: 'refused' } });
    expect(refused.message).toEqual({ text: 'refused (COMMAND.UNAVAILABLE): no order management', tone: 'error' });
  });

  it('L: paper -> typed LIVE; live -> paper at once', () => {
    expect(run([{ type: 'mode' }, ...typed('LIVE'), { type: 'submit' }]).effects[0]).toMatchObject({ command: { type: 'mode.set', mode: 'live', confirm: 'LIVE' } });
    expect(run([{ type: 'mode' }], { ...view, mode: 'live' }).effects[0]).toMatchObject({ command: { type: 'mode.set', mode: 'paper' } });
  });

  it('p follows the trading state; HALTED says what to do instead', () => {
    expect(run([{ type: 'pause' }]).effects[0]).toMatchObject({ command: { type: 'entries.pause' } });
    expect(run([{ type: 'pause' }], { ...view, trading: 'REDUCING' }).effects[0]).toMatchObject({ command: { type: 'entries.resume' } });
    const halted = run([{ type: 'pause' }], { ...view, trading: 'HALTED' });
    expect(halted.effects).toEqual([]);
    expect(halted.ui.message?.text).toContain('r leaves HALTED');
  });

  it('read-only sends nothing and says so', () => {
    const r = run([{ type: 'pause' }, { type: 'confirm.open', what: 'flatten' }], { ...view, readOnly: true });
    expect(r.effects).toEqual([]);
    expect(r.ui.overlay.kind).toBe('none');
    expect(r.ui.message?.text).toContain('read-only');
  });

  it('quit: at once in paper; asks in live with positions; y quits, anything else stays', () => {
    expect(run([{ type: 'quit' }]).effects).toEqual([{ type: 'quit' }]);
    const live = { ...view, mode: 'live' as const };
    expect(run([{ type: 'quit' }], live).ui.overlay.kind).toBe('quit');
    expect(run([{ type: 'quit' }, { type: 'cancel' }], live).effects).toEqual([]);
    expect(run([{ type: 'quit' }, { type: 'quit.confirm' }], live).effects).toEqual([{ type: 'quit' }]);
    expect(run([{ type: 'quit' }], { ...live, positions: 0 }).effects).toEqual([{ type: 'quit' }]);
  });

  it('filter: typing narrows, Esc clears, Enter keeps', () => {
    expect(run([{ type: 'filter.start' }, ...typed('bt'), { type: 'submit' }]).ui).toMatchObject({ filter: 'bt', overlay: { kind: 'none' } });
    expect(run([{ type: 'filter.start' }, ...typed('bt'), { type: 'cancel' }]).ui.filter).toBe('');
  });

  it('detach only when attached; timeframe cycles', () => {
    expect(run([{ type: 'detach' }], { ...view, attached: true }).effects).toEqual([{ type: 'detach' }]);
    expect(run([{ type: 'detach' }]).effects).toEqual([]);
    expect(run([{ type: 'timeframe' }, { type: 'timeframe' }, { type: 'timeframe' }]).ui.timeframe).toBe('strategy');
  });
});
