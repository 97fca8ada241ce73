/**
 * The key binding table: one pure mapping from a key (in the current overlay) to a UI
 * action. The footer and the `?` overlay are generated from the same table, so what is
 * shown is what is bound. Keys follow k9s / lazygit / htop conventions.
 */
import type { UiAction } from './ui-action.js';

/** What is on top of the panels; it decides what a key means. */
export type KeyContext = 'normal' | 'filter' | 'confirm' | 'help' | 'details' | 'quit';

/** The subset of Ink's key flags the table reads. */
export interface KeyFlags {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly tab?: boolean;
  readonly shift?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
}

export interface Binding {
  readonly keys: readonly string[];
  /** Shown in the footer and the help overlay. */
  readonly label: string;
  readonly help: string;
  readonly action: UiAction;
}

/** Bindings of the panels (no overlay open). */
export const BINDINGS: readonly Binding[] = [
  { keys: ['up', 'k'], label: '↑/k', help: 'select the previous row (pair in the pairs panel)', action: { type: 'move', by: -1 } },
  { keys: ['down', 'j'], label: '↓/j', help: 'select the next row', action: { type: 'move', by: 1 } },
  { keys: ['tab'], label: 'tab', help: 'focus the next panel (shift-tab: previous)', action: { type: 'focus', by: 1 } },
  { keys: ['shift-tab'], label: 'S-tab', help: 'focus the previous panel', action: { type: 'focus', by: -1 } },
  { keys: ['enter'], label: '⏎', help: 'details of the selected row', action: { type: 'details' } },
  { keys: ['t'], label: 't', help: 'chart timeframe (strategy, 4x, live ticks)', action: { type: 'timeframe' } },
  { keys: ['/'], label: '/', help: 'filter pairs by symbol (Esc clears)', action: { type: 'filter.start' } },
  { keys: ['p'], label: 'p', help: 'pause entries (REDUCING) / resume (ACTIVE)', action: { type: 'pause' } },
  { keys: ['K'], label: 'K', help: 'KILL SWITCH: cancel all, close all, HALTED (type FLATTEN)', action: { type: 'confirm.open', what: 'flatten' } },
  { keys: ['L'], label: 'L', help: 'paper/live switch (going live needs LIVE typed)', action: { type: 'mode' } },
  { keys: ['r'], label: 'r', help: 'leave HALTED (type RESUME)', action: { type: 'confirm.open', what: 'resume' } },
  { keys: ['d'], label: 'd', help: 'detach (attach only: the engine keeps running)', action: { type: 'detach' } },
  { keys: ['?'], label: '?', help: 'this help', action: { type: 'help' } },
  { keys: ['q', 'ctrl-c'], label: 'q', help: 'quit (Ctrl-C too; quitting never flattens)', action: { type: 'quit' } },
];

const NORMAL = new Map(BINDINGS.flatMap((b) => b.keys.map((k) => [k, b.action] as const)));

/** Ink's (input, key) as one name: "up", "shift-tab", "enter", "ctrl-c", or the character typed. */
export function keyName(input: string, key: KeyFlags): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input.length === 1) return `ctrl-${input.toLowerCase()}`;
  return input;
}

/** Control characters that are keys of their own when they arrive inside a batch. */
const BATCHED: Readonly<Record<string, KeyFlags>> = {
  '\r': { return: true }, '\n': { return: true }, '\t': { tab: true }, '\x7f': { backspace: true }, '\b': { backspace: true },
};

/** One character of a batch as the key it is (Ctrl-letters as ctrl + the letter). */
function batchedKey(ch: string): [string, KeyFlags] {
  const named = BATCHED[ch];
  if (named) return ['', named];
  const code = ch.charCodeAt(0);
  if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ctrl: true }];
  return [ch, {}];
}

/**
 * Keys typed faster than a read (tmux send-keys, a paste, SSH batching) arrive as one
 * string: each character is its own key, so "FLATTEN" typed fast is still seven keys and
 * two Tabs are two tabs. Ink already cuts escape sequences (arrows, shift-tab) out of a
 * batch into inputs of their own.
 */
export function splitKeys(input: string, key: KeyFlags): [string, KeyFlags][] {
  // Esc then a key in one read (a loaded machine reads them together) arrives as Alt+key,
  // named keys too (Esc Enter is meta + return); no binding uses Alt, so it is the two keys.
  if (key.meta && !key.escape && !key.ctrl) {
    const { meta, ...rest } = key;
    void meta;
    return [['', { escape: true }], ...splitKeys(input, rest)];
  }
  // Esc Tab arrives as a bare "\t" without the tab flag (Ink names a lone Tab).
  if (input === '\t' && !key.tab) return [['', { escape: true }], ['', { tab: true }]];
  if (input.length <= 1 || key.ctrl || input.includes('\x1b')) return [[input, key]];
  return [...input].map(batchedKey);
}

/** Overlays that take typed text (confirmation word, filter). */
function editing(name: string): UiAction | null {
  if (name === 'enter') return { type: 'submit' };
  if (name === 'escape' || name === 'ctrl-c') return { type: 'cancel' };
  if (name === 'backspace') return { type: 'erase' };
  return /^[\x20-\x7e]$/.test(name) ? { type: 'type', text: name } : null;
}

/** The action a key means in `context`, or null when it means nothing there. */
export function keyAction(context: KeyContext, input: string, key: KeyFlags): UiAction | null {
  const name = keyName(input, key);
  switch (context) {
    case 'normal':
      return NORMAL.get(name) ?? null;
    case 'filter':
    case 'confirm':
      return editing(name);
    case 'details':
      // Longer than the screen at 80x24 (a pair with its position and orders): it scrolls.
      if (name === 'up' || name === 'k') return { type: 'move', by: -1 };
      if (name === 'down' || name === 'j') return { type: 'move', by: 1 };
      return ['escape', 'enter', 'q', '?', 'ctrl-c'].includes(name) ? { type: 'cancel' } : null;
    case 'help':
      return ['escape', 'enter', 'q', '?', 'ctrl-c'].includes(name) ? { type: 'cancel' } : null;
    case 'quit':
      if (name === 'y' || name === 'Y') return { type: 'quit.confirm' };
      return ['n', 'N', 'escape', 'q', 'ctrl-c'].includes(name) ? { type: 'cancel' } : null;
  }
}
