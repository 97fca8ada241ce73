/** Alerts, most recent first; warnings and errors highlighted. */
import { useMemo } from 'react';
import { useEngine } from '../console-context.js';
import { alertRow, fitItem } from '../panel-rows.js';
import { ListPanel, type PanelProps } from './list-panel.js';

export function AlertsPanel(props: PanelProps): React.JSX.Element {
  const alerts = useEngine((s) => s.alerts);
  const rows = useMemo(() => alerts.map((a) => fitItem(alertRow(a), props.width)), [alerts, props.width]);
  return <ListPanel title="Alerts" rows={rows} empty="no alert" {...props} />;
}
