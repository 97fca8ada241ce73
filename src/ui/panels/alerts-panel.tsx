/** Alerts, most recent first; warnings and errors highlighted. */
import { useMemo } from 'react';
import { useEngine } from '../console-context.js';
import { alertRow } from '../panel-rows.js';
import { ListPanel, type PanelProps } from './list-panel.js';

export function AlertsPanel(props: PanelProps): React.JSX.Element {
  const alerts = useEngine((s) => s.alerts);
  const rows = useMemo(() => alerts.map(alertRow), [alerts]);
  return <ListPanel title="Alerts" rows={rows} empty="no alert" {...props} />;
}
