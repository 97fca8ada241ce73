/**
 * How a kill-switch row is named on every surface: the symbol, with its mode when the
 * kill switch covered more than one (live positions left open after a switch to paper).
 */
import type { FlattenProgress } from './engine-state.js';

type Row = FlattenProgress['symbols'][number];

export function flattenRowLabel(row: Row, all: readonly Row[]): string {
  const mixed = all.some((r) => (r.mode ?? row.mode) !== row.mode);
  return mixed && row.mode ? `${row.symbol} ${row.mode === 'live' ? 'LIVE' : 'paper'}` : row.symbol;
}
