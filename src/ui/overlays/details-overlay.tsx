/** Enter: every field of the selected row (pair with its readiness, signal, position and orders; or the order, position, whale, alert or log line). */
import { Box } from 'ink';
import type { EngineState } from '../../engine/core/spine/engine-state.js';
import { useEngine } from '../console-context.js';
import { Line, seg, Title, type Segment } from '../line.js';
import { orderList, signalPairs } from '../panel-rows.js';
import type { UiState } from '../ui-state.js';

function valueText(k: string, v: unknown): string {
  if (typeof v === 'number' && /(At|^since|^at)$/.test(k) && v > 1e12) return new Date(v).toISOString();
  if (typeof v === 'number' && !Number.isInteger(v)) return String(Number(v.toPrecision(6)));
  if (Array.isArray(v)) return v.length > 12 ? `[${v.length} items] …${v.slice(-6).join(', ')}` : `[${v.join(', ')}]`;
  return String(v);
}

/** Every field as "key: value", nested objects indented, long values continued on the next rows. */
export function fieldLines(value: unknown, width: number, indent = ''): Segment[][] {
  if (value === null || typeof value !== 'object') return [[seg(`${indent}${String(value)}`)]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]): Segment[][] => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return [[seg(`${indent}${k}:`, 'cyan')], ...fieldLines(v, width, `${indent}  `)];
    const head = `${indent}${k}: `;
    const text = valueText(k, v);
    const room = Math.max(10, width - head.length - 1);
    const rows: Segment[][] = [[seg(head, 'cyan'), seg(text.slice(0, room))]];
    for (let at = room; at < text.length; at += room) rows.push([seg(' '.repeat(head.length)), seg(text.slice(at, at + room))]);
    return rows;
  });
}

/** The selected item of the focused panel, in the order the panel shows it. */
export function selectedItem(s: EngineState, ui: UiState): { title: string; item: unknown } {
  const c = ui.cursor[ui.focus];
  switch (ui.focus) {
    case 'pairs': {
      const pair = s.pairs.find((p) => p.symbol === ui.selected) ?? null;
      if (!pair) return { title: 'Pair', item: null };
      const { closes, ...rest } = pair;
      const position = s.positions.find((p) => p.symbol === pair.symbol) ?? 'none';
      const orders = s.orders.open.filter((o) => o.symbol === pair.symbol).length;
      return { title: `Pair ${pair.symbol}`, item: { ...rest, closes: closes.length, position, openOrders: orders } };
    }
    case 'signals': {
      const p = signalPairs(s.pairs)[c];
      return { title: `Signal ${p?.symbol ?? ''}`, item: p?.signal ?? null };
    }
    case 'positions':
      return { title: 'Position', item: s.positions[c] ?? null };
    case 'orders':
      return { title: 'Order', item: orderList(s.orders)[c] ?? null };
    case 'whales':
      return { title: 'Whale', item: s.whales[c] ?? null };
    case 'alerts':
      return { title: 'Alert', item: s.alerts[c] ?? null };
    case 'log':
      return { title: 'Log line', item: [...s.log].reverse()[c] ?? null };
  }
}

export function DetailsOverlay(props: { readonly width: number; readonly height: number; readonly ui: UiState; readonly scroll: number }): React.JSX.Element {
  const state = useEngine((s) => s);
  const { title, item } = selectedItem(state, props.ui);
  const lines = item === null ? [[seg('nothing selected here', 'gray')]] : fieldLines(item, props.width);
  const body = Math.max(0, props.height - 1);
  const from = Math.min(props.scroll, Math.max(0, lines.length - body));
  const more = lines.length > body ? `rows ${from + 1}-${Math.min(lines.length, from + body)}/${lines.length} ↑↓ scroll, ` : '';
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Title text={title} width={props.width} focused extra={`${more}Esc closes`} />
      {lines.slice(from, from + body).map((l, i) => (
        <Line key={i} segments={[seg(' '), ...l]} width={props.width} />
      ))}
    </Box>
  );
}
