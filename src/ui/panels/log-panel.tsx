/** The engine's log tail, newest first (the full log is in the file named in the README). */
import { useMemo } from 'react';
import { useEngine } from '../console-context.js';
import { logRow } from '../panel-rows.js';
import { ListPanel, type PanelProps } from './list-panel.js';

export function LogPanel(props: PanelProps): React.JSX.Element {
  const log = useEngine((s) => s.log);
  const rows = useMemo(() => [...log].reverse().map(logRow), [log]);
  return <ListPanel title="Log" rows={rows} empty="no log line yet" {...props} />;
}
