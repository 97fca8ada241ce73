/**
 * Pairs grouped by category: last price, 15m change, a sparkline of the strategy
 * timeframe's closes and a whale marker; a pair still warming up shows its readiness bar
 * (n/20) instead of the sparkline, and the title shows how many are ready and when all will be.
 */
import { Box } from 'ink';
import { useMemo } from 'react';
import type { PairState } from '../../engine/core/spine/engine-state.js';
import { useEngine } from '../console-context.js';
import { bar, fit, fitRight, fmtHm, fmtPct, fmtPrice, sparkline, windowStart } from '../format.js';
import { Line, seg, Title, type Segment } from '../line.js';
import { pairRows, visiblePairs, type PairRow } from '../pairs-view.js';

export interface PairsPanelProps {
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  readonly selected: string | null;
  readonly filter: string;
}

const FIXED = 1 + 9 + 11 + 9 + 1 + 3;

function readinessCell(p: PairState, width: number): Segment {
  const r = p.readiness;
  const count = ` ${r.available}/${r.required}`;
  const eta = width >= 26 && r.readyAt !== null ? ` ETA ${fmtHm(r.readyAt)}` : '';
  const barWidth = Math.max(1, width - count.length - eta.length);
  return seg(fit(`${bar(r.available, r.required, barWidth)}${count}${eta}`, width), 'yellow');
}

export function pairSegments(p: PairState, width: number, selected: boolean): Segment[] {
  const rest = Math.max(0, width - FIXED);
  const ch = p.change15m;
  const body = p.readiness.ready ? seg(fit(sparkline(p.closes, rest), rest), 'cyan') : readinessCell(p, rest);
  const whale = p.whale === 'bid' ? seg(' ▲W', 'green', { bold: true }) : p.whale === 'ask' ? seg(' ▼W', 'red', { bold: true }) : seg('   ');
  return [
    seg(selected ? '▸' : ' ', 'cyan', { bold: true }),
    seg(fit(p.symbol, 9), undefined, { bold: selected }),
    seg(fitRight(fmtPrice(p.lastPrice), 10) + ' '),
    seg(fitRight(fmtPct(ch), 8) + ' ', ch === null ? 'gray' : ch >= 0 ? 'green' : 'red'),
    body,
    whale,
  ];
}

function rowLine(row: PairRow, width: number, selected: string | null, key: number): React.JSX.Element {
  if (row.kind === 'category') return <Line key={key} segments={[seg(`── ${row.category} (${row.count}) `, 'gray', { bold: true })]} width={width} />;
  const isSel = row.pair.symbol === selected;
  return <Line key={key} segments={pairSegments(row.pair, width, isSel)} width={width} inverse={isSel} />;
}

export function PairsPanel(props: PairsPanelProps): React.JSX.Element {
  const pairs = useEngine((s) => s.pairs);
  const warmup = useEngine((s) => s.warmup);
  const rows = useMemo(() => pairRows(visiblePairs(pairs, props.filter)), [pairs, props.filter]);
  const body = Math.max(0, props.height - 1);
  const at = rows.findIndex((r) => r.kind === 'pair' && r.pair.symbol === props.selected);
  const start = windowStart(rows.length, Math.max(0, at), body);
  const eta = warmup.eta !== null && warmup.ready < warmup.total ? ` ETA ${fmtHm(warmup.eta)}` : '';
  const extra = `${warmup.ready}/${warmup.total} ready${eta}${props.filter ? `  filter /${props.filter}` : ''}`;
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Title text="Pairs" width={props.width} focused={props.focused} extra={extra} />
      {rows.length === 0 ? <Line segments={[seg(props.filter ? ` no pair matches /${props.filter}` : ' waiting for the pair list…', 'gray')]} width={props.width} /> : null}
      {rows.slice(start, start + body).map((r, i) => rowLine(r, props.width, props.selected, start + i))}
    </Box>
  );
}
