/**
 * A price chart (asciichart) of the selected pair: the strategy timeframe's closes, four
 * of them merged, or the prices sampled live by this console (`t` switches); underneath,
 * the signal history (the latest decisions that wanted to trade) and the latest signal.
 */
import asciichart from 'asciichart';
import { Box } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { useEngine } from '../console-context.js';
import { chartSeries } from '../chart-series.js';
import type { SignalMark } from '../../engine/core/spine/engine-state.js';
import { fmtHm, fmtPrice } from '../format.js';
import { Line, seg, Title, type Segment } from '../line.js';
import { signalRow } from '../panel-rows.js';
import type { ChartTimeframe } from '../ui-state.js';

const LIVE_POINTS = 200;
const LABEL = 10;

/** Last prices of one pair, sampled whenever the state brings a new one. */
function useLivePrices(symbol: string | null, price: number | null): readonly number[] {
  const [prices, setPrices] = useState<readonly number[]>([]);
  const last = useRef<string | null>(symbol);
  useEffect(() => {
    if (last.current !== symbol) {
      last.current = symbol;
      setPrices(price === null ? [] : [price]);
      return;
    }
    if (price !== null) setPrices((p) => (p[p.length - 1] === price ? p : [...p, price].slice(-LIVE_POINTS)));
  }, [symbol, price]);
  return prices;
}

const DECISION_COLOUR = { long: 'green', short: 'red', exit: 'yellow', hold: 'gray' } as const;

/** " signals 11:30 LONG 90120 11:45 EXIT 90300", oldest first: as many of the newest as fit `width`. */
function historySegments(history: readonly SignalMark[], width: number): Segment[] {
  const out: Segment[] = [seg(' signals', 'gray')];
  const fits = Math.max(1, Math.floor((width - 8) / 20));
  for (const m of history.slice(-fits)) {
    out.push(seg(` ${fmtHm(m.at)} `, 'gray'), seg(m.decision.toUpperCase(), DECISION_COLOUR[m.decision], { bold: true }), seg(` ${fmtPrice(m.price)}`));
  }
  return out;
}

export function ChartPanel(props: { readonly width: number; readonly height: number; readonly symbol: string | null; readonly timeframe: ChartTimeframe }): React.JSX.Element {
  const pairs = useEngine((s) => s.pairs);
  const strategyTf = useEngine((s) => s.run.timeframe);
  const pair = pairs.find((p) => p.symbol === props.symbol) ?? null;
  const live = useLivePrices(props.symbol, pair?.lastPrice ?? null);
  const series = chartSeries(props.timeframe, strategyTf, pair?.closes ?? [], live);
  const points = Math.max(2, props.width - LABEL - 3);
  const values = series.values.slice(-points);
  const history = pair?.signalHistory ?? [];
  const chartRows = Math.max(1, props.height - 3 - (history.length > 0 ? 1 : 0));
  const lines = values.length >= 2 ? asciichart.plot(values, { height: chartRows - 1, format: (x) => fmtPrice(x).padStart(LABEL) }).split('\n') : [];
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Title text={`Chart ${props.symbol ?? '-'}`} width={props.width} focused={false} extra={`${series.label} (t)`} />
      {lines.length === 0 ? <Line segments={[seg(` not enough data yet for ${series.label}`, 'gray')]} width={props.width} /> : null}
      {lines.slice(0, chartRows).map((l, i) => (
        <Line key={i} segments={[seg(l, 'cyan')]} width={props.width} />
      ))}
      {history.length > 0 ? <Line segments={historySegments(history, props.width)} width={props.width} /> : null}
      <Line segments={pair?.signal ? [seg(' last ', 'gray'), ...signalRow(pair, props.width)] : [seg(` last ${fmtPrice(pair?.lastPrice ?? null)}; no signal yet`, 'gray')]} width={props.width} />
    </Box>
  );
}
