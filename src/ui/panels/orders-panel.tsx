/** Open orders first, then recent ones (filled, cancelled, rejected with the reason). */
import { useMemo } from 'react';
import { useEngine } from '../console-context.js';
import { orderItem, orderList } from '../panel-rows.js';
import { ListPanel, type PanelProps } from './list-panel.js';

export function OrdersPanel(props: PanelProps): React.JSX.Element {
  const orders = useEngine((s) => s.orders);
  const rows = useMemo(() => orderList(orders).map((o) => orderItem(o, props.width)), [orders, props.width]);
  return <ListPanel title="Orders" extra={`${orders.open.length} open`} rows={rows} empty="no order yet" {...props} />;
}
