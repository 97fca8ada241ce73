/**
 * Where the panels go for a terminal size (pure). Compact (below 120x36, e.g. 80x24):
 * pairs on the left; on the right the chart and the focused panel (signals while the pairs
 * have the focus). Wide: pairs and chart, then signals/positions/orders, then whales/alerts/log.
 * The screen is one row shorter than the terminal: a frame as tall as the terminal makes
 * Ink clear the whole screen on every update (flicker).
 */
export interface Box2 {
  readonly width: number;
  readonly height: number;
}

export interface Layout {
  readonly compact: boolean;
  readonly width: number;
  /** Rows between the header and the footer. */
  readonly body: number;
  readonly pairs: Box2;
  readonly chart: Box2;
  /** Compact: the one panel under the chart. */
  readonly secondary: Box2;
  /** Wide: the two rows of three panels under pairs and chart. */
  readonly rows: readonly [number, number];
  readonly thirds: readonly [number, number, number];
}

export const HEADER_ROWS = 2;
export const FOOTER_ROWS = 2;
const MIN_COLS = 40;
const MIN_ROWS = 12;

export function layoutFor(columns: number, rows: number): Layout {
  const width = Math.max(MIN_COLS, columns);
  const body = Math.max(MIN_ROWS, rows) - 1 - HEADER_ROWS - FOOTER_ROWS;
  const compact = width < 120 || rows < 36;
  if (compact) {
    const pairsWidth = width >= 100 ? 50 : Math.min(44, Math.floor(width * 0.55));
    const right = width - pairsWidth - 1;
    const chart = Math.min(10, Math.floor(body * 0.45));
    return {
      compact, width, body, pairs: { width: pairsWidth, height: body }, chart: { width: right, height: chart },
      secondary: { width: right, height: body - chart }, rows: [0, 0], thirds: [0, 0, 0],
    };
  }
  const top = Math.floor(body * 0.55);
  const mid = Math.floor((body - top) / 2);
  const pairsWidth = Math.min(72, Math.floor(width * 0.4));
  const third = Math.floor((width - 2) / 3);
  return {
    compact, width, body, pairs: { width: pairsWidth, height: top }, chart: { width: width - pairsWidth - 1, height: top },
    secondary: { width: 0, height: 0 }, rows: [mid, body - top - mid], thirds: [third, third, width - 2 - 2 * third],
  };
}
