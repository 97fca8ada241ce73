/** Places the panels (or the open overlay) for the terminal size; see layout.ts. */
import { Box } from 'ink';
import { useEngine } from './console-context.js';
import type { Layout } from './layout.js';
import { Line, seg, Title } from './line.js';
import { ConfirmModal } from './overlays/confirm-modal.js';
import { DetailsOverlay } from './overlays/details-overlay.js';
import { HelpOverlay } from './overlays/help-overlay.js';
import { AlertsPanel } from './panels/alerts-panel.js';
import { ChartPanel } from './panels/chart-panel.js';
import { LogPanel } from './panels/log-panel.js';
import { OrdersPanel } from './panels/orders-panel.js';
import { PairsPanel } from './panels/pairs-panel.js';
import { PositionsPanel } from './panels/positions-panel.js';
import { SignalsPanel } from './panels/signals-panel.js';
import { StartupPanel } from './panels/startup-panel.js';
import { WhalesPanel } from './panels/whales-panel.js';
import type { PanelProps } from './panels/list-panel.js';
import type { PanelId, UiState } from './ui-state.js';

const LISTS: Readonly<Record<Exclude<PanelId, 'pairs'>, (p: PanelProps) => React.JSX.Element>> = {
  signals: SignalsPanel, positions: PositionsPanel, orders: OrdersPanel, whales: WhalesPanel, alerts: AlertsPanel, log: LogPanel,
};

function List(props: { readonly id: Exclude<PanelId, 'pairs'>; readonly ui: UiState; readonly width: number; readonly height: number }): React.JSX.Element {
  const Panel = LISTS[props.id];
  return <Panel width={props.width} height={props.height} focused={props.ui.focus === props.id} cursor={props.ui.cursor[props.id]} />;
}

function QuitAsk(props: { readonly width: number; readonly height: number }): React.JSX.Element {
  const positions = useEngine((s) => s.positions);
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Title text="QUIT?" width={props.width} focused />
      <Line segments={[seg(` LIVE positions are open (${positions.length}): ${positions.map((p) => p.symbol).join(', ')}`, 'red', { bold: true })]} width={props.width} />
      <Line segments={[seg(' Quitting leaves them open: it never flattens (K does). Their stops are not watched while the engine is stopped.')]} width={props.width} />
      <Line segments={[seg(' Quit anyway? y = quit, n / Esc = stay', 'yellow', { bold: true })]} width={props.width} />
    </Box>
  );
}

function Overlay(props: { readonly ui: UiState; readonly width: number; readonly height: number }): React.JSX.Element | null {
  const o = props.ui.overlay;
  const size = { width: props.width, height: props.height };
  if (o.kind === 'help') return <HelpOverlay {...size} />;
  if (o.kind === 'details') return <DetailsOverlay {...size} ui={props.ui} scroll={o.scroll} />;
  if (o.kind === 'confirm') return <ConfirmModal {...size} confirm={o} />;
  if (o.kind === 'quit') return <QuitAsk {...size} />;
  return null;
}

export function Body(props: { readonly layout: Layout; readonly ui: UiState }): React.JSX.Element {
  const { layout: l, ui } = props;
  const phase = useEngine((s) => s.warmup.phase);
  const o = ui.overlay.kind;
  if (o === 'help' || o === 'details' || o === 'confirm' || o === 'quit') return <Overlay ui={ui} width={l.width} height={l.body} />;
  const starting = phase !== 'live';
  const pairs = <PairsPanel width={l.pairs.width} height={l.pairs.height} focused={ui.focus === 'pairs'} selected={ui.selected} filter={ui.filter} />;
  const chart = starting ? <StartupPanel {...l.chart} /> : <ChartPanel {...l.chart} symbol={ui.selected} timeframe={ui.timeframe} />;
  if (l.compact) {
    const second = ui.focus === 'pairs' ? 'signals' : ui.focus;
    return (
      <Box height={l.body} width={l.width}>
        {pairs}
        <Box width={1} />
        <Box flexDirection="column" width={l.chart.width}>
          {chart}
          <List id={second} ui={ui} {...l.secondary} />
        </Box>
      </Box>
    );
  }
  const [w1, w2, w3] = l.thirds;
  const [h1, h2] = l.rows;
  return (
    <Box flexDirection="column" height={l.body} width={l.width}>
      <Box height={l.pairs.height}>{pairs}<Box width={1} />{chart}</Box>
      <Box height={h1}><List id="signals" ui={ui} width={w1} height={h1} /><Box width={1} /><List id="positions" ui={ui} width={w2} height={h1} /><Box width={1} /><List id="orders" ui={ui} width={w3} height={h1} /></Box>
      <Box height={h2}><List id="whales" ui={ui} width={w1} height={h2} /><Box width={1} /><List id="alerts" ui={ui} width={w2} height={h2} /><Box width={1} /><List id="log" ui={ui} width={w3} height={h2} /></Box>
    </Box>
  );
}
