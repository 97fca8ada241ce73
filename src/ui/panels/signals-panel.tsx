/** Latest signal per pair, newest first, with the reason (why not trading, when holding). */
import { useMemo } from 'react';
import { useEngine } from '../console-context.js';
import { signalItem, signalPairs } from '../panel-rows.js';
import { ListPanel, type PanelProps } from './list-panel.js';

export function SignalsPanel(props: PanelProps): React.JSX.Element {
  const pairs = useEngine((s) => s.pairs);
  const stats = useEngine((s) => s.stats);
  const rows = useMemo(() => signalPairs(pairs).map((p) => signalItem(p, props.width)), [pairs, props.width]);
  const d = stats.decisions;
  const extra = `${stats.evaluations} evals L${d.long} S${d.short} X${d.exit}`;
  return <ListPanel title="Signals" extra={extra} rows={rows} empty="no evaluation yet (pairs evaluate once warm)" {...props} />;
}
