/** Open positions: side, size, entry, mark, unrealized PnL, stops; the account in the title. */
import { useMemo } from 'react';
import { useEngine } from '../console-context.js';
import { fmtPnl } from '../format.js';
import { positionItem } from '../panel-rows.js';
import { ListPanel, type PanelProps } from './list-panel.js';

export function PositionsPanel(props: PanelProps): React.JSX.Element {
  const positions = useEngine((s) => s.positions);
  const account = useEngine((s) => s.account);
  const rows = useMemo(() => positions.map((p) => positionItem(p, props.width)), [positions, props.width]);
  const extra = account
    ? `equity ${account.equity.toFixed(2)} uPnL ${fmtPnl(account.unrealizedPnl)} today ${fmtPnl(account.realizedPnlToday)}`
    : `${positions.length} open`;
  return <ListPanel title="Positions" extra={extra} rows={rows} empty="no open position" {...props} />;
}
