/** Whale walls, most recent first: side, value, price band, type and confidence. */
import { useMemo } from 'react';
import { useEngine } from '../console-context.js';
import { whaleRow } from '../panel-rows.js';
import { ListPanel, type PanelProps } from './list-panel.js';

export function WhalesPanel(props: PanelProps): React.JSX.Element {
  const whales = useEngine((s) => s.whales);
  const detected = useEngine((s) => s.stats.whalesDetected);
  const rows = useMemo(() => whales.map(whaleRow), [whales]);
  return <ListPanel title="Whales" extra={`${detected} detected`} rows={rows} empty="no whale wall seen yet" {...props} />;
}
