import { describe, expect, it } from 'vitest';
import { BINDINGS, keyAction, keyName, splitKeys } from '../../src/ui/bindings.js';

describe('binding table', () => {
  it.each([
    ['k', {}, { type: 'move', by: -1 }],
    ['', { upArrow: true }, { type: 'move', by: -1 }],
    ['j', {}, { type: 'move', by: 1 }],
    ['', { downArrow: true }, { type: 'move', by: 1 }],
    ['', { tab: true }, { type: 'focus', by: 1 }],
    ['', { tab: true, shift: true }, { type: 'focus', by: -1 }],
    ['', { return: true }, { type: 'details' }],
    ['t', {}, { type: 'timeframe' }],
    ['/', {}, { type: 'filter.start' }],
    ['p', {}, { type: 'pause' }],
    ['K', {}, { type: 'confirm.open', what: 'flatten' }],
    ['L', {}, { type: 'mode' }],
    ['r', {}, { type: 'confirm.open', what: 'resume' }],
    ['d', {}, { type: 'detach' }],
    ['?', {}, { type: 'help' }],
    ['q', {}, { type: 'quit' }],
    ['c', { ctrl: true }, { type: 'quit' }],
  ])('normal: %j %j', (input, key, action) => {
    expect(keyAction('normal', input, key)).toEqual(action);
  });

  it('unbound keys mean nothing; k (lower case) is not K (kill switch)', () => {
    expect(keyAction('normal', 'x', {})).toBeNull();
    expect(keyAction('normal', 'k', {})).not.toEqual({ type: 'confirm.open', what: 'flatten' });
  });

  it('typed-word overlays take characters, backspace, enter and Esc; Ctrl-C cancels instead of quitting', () => {
    expect(keyAction('confirm', 'F', { shift: true })).toEqual({ type: 'type', text: 'F' });
    expect(keyAction('confirm', 'q', {})).toEqual({ type: 'type', text: 'q' });
    expect(keyAction('confirm', '', { backspace: true })).toEqual({ type: 'erase' });
    expect(keyAction('confirm', '', { return: true })).toEqual({ type: 'submit' });
    expect(keyAction('confirm', '', { escape: true })).toEqual({ type: 'cancel' });
    expect(keyAction('confirm', 'c', { ctrl: true })).toEqual({ type: 'cancel' });
    expect(keyAction('filter', 'b', {})).toEqual({ type: 'type', text: 'b' });
  });

  it('help and details close with Esc, Enter, q or ?; the quit question takes y or n', () => {
    for (const k of [['', { escape: true }], ['q', {}], ['?', {}]] as const) expect(keyAction('help', k[0], k[1])).toEqual({ type: 'cancel' });
    expect(keyAction('details', 'j', {})).toEqual({ type: 'move', by: 1 });
    expect(keyAction('details', '', { upArrow: true })).toEqual({ type: 'move', by: -1 });
    expect(keyAction('details', 'x', {})).toBeNull();
    expect(keyAction('quit', 'y', {})).toEqual({ type: 'quit.confirm' });
    expect(keyAction('quit', 'n', {})).toEqual({ type: 'cancel' });
    expect(keyAction('quit', 'x', {})).toBeNull();
  });

  it('every binding has a help line and distinct keys', () => {
    const keys = BINDINGS.flatMap((b) => b.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const b of BINDINGS) expect(b.help.length).toBeGreaterThan(5);
  });

  it('keyName and splitKeys: a fast chunk is one key per character, Enter included', () => {
    expect(keyName('', { escape: true })).toBe('escape');
    expect(splitKeys('FLATTEN', {})).toHaveLength(7);
    expect(splitKeys('LIVE\r', {}).at(-1)).toEqual(['', { return: true }]);
    expect(splitKeys('\x1b[A', {})).toHaveLength(1);
    expect(splitKeys('j', {})).toEqual([['j', {}]]);
    expect(splitKeys('q', { meta: true })).toEqual([['', { escape: true }], ['q', {}]]);
  });

  it('splitKeys: control keys inside a batch keep their names (two Tabs are two tabs)', () => {
    const names = (input: string): string[] => splitKeys(input, {}).map(([t, k]) => keyName(t, k));
    expect(names('\t\t')).toEqual(['tab', 'tab']);
    expect(names('AB\x7f\x7f\r')).toEqual(['A', 'B', 'backspace', 'backspace', 'enter']);
    expect(names('\r\n')).toEqual(['enter', 'enter']);
    expect(names('q\x03')).toEqual(['q', 'ctrl-c']);
    expect(keyAction('normal', ...splitKeys('\t\t', {})[1]!)).toEqual({ type: 'focus', by: 1 });
    // Esc and Tab read together come as meta + tab: Esc, then Tab.
    expect(splitKeys('\t', {}).map(([t, k]) => keyName(t, k))).toEqual(['escape', 'tab']);
    expect(splitKeys('\r', { return: true, meta: true }).map(([t, k]) => keyName(t, k))).toEqual(['escape', 'enter']);
    expect(splitKeys('', { upArrow: true, meta: true }).map(([t, k]) => keyName(t, k))).toEqual(['escape', 'up']);
  });
});
