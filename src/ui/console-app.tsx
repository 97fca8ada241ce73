/**
 * The console: header, body (panels or the open overlay), footer. One top-level useInput
 * maps keys through the binding table (bindings.ts) to UI actions, the pure reducer
 * (ui-reducer.ts) turns them into UI state and effects, and effects send commands through
 * the session's sink.
 */
import { Box, useInput, useStdin } from 'ink';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { CommandResult } from '../engine/core/spine/command.js';
import { keyAction, splitKeys } from './bindings.js';
import { SessionProvider, useEngine, useSession, type ConsoleSession } from './console-context.js';
import type { EngineState } from '../engine/core/spine/engine-state.js';
import { layoutFor, type Layout } from './layout.js';
import { fieldLines, selectedItem } from './overlays/details-overlay.js';
import { orderList, signalPairs } from './panel-rows.js';
import { visiblePairs } from './pairs-view.js';
import { Footer } from './panels/footer.js';
import { Header } from './panels/header.js';
import { Body } from './screen.js';
import type { UiAction } from './ui-action.js';
import { reduceUi, type UiEffect, type UiView } from './ui-reducer.js';
import { initialUiState, keyContext, type UiState } from './ui-state.js';
import { useBell } from './use-bell.js';
import { useTerminalSize, type TerminalSize } from './use-terminal-size.js';
import { errorMessage } from '../engine/core/error-message.js';

export interface ConsoleAppProps {
  readonly session: ConsoleSession;
  readonly onQuit: () => void;
  readonly onDetach?: () => void;
  /** Fixed size (tests, captures); otherwise the terminal's, following resizes. */
  readonly size?: TerminalSize;
  readonly initialUi?: UiState;
}

/** How far the details overlay can scroll: its rows at this width less the rows it has. */
function detailsMaxScroll(s: EngineState, ui: UiState, layout: Layout): number {
  if (ui.overlay.kind !== 'details') return 0;
  const { item } = selectedItem(s, ui);
  return item === null ? 0 : Math.max(0, fieldLines(item, layout.width).length - (layout.body - 1));
}

function viewOf(session: ConsoleSession, ui: UiState, layout: Layout): UiView {
  const s = session.source.getState();
  return {
    detailsMaxScroll: detailsMaxScroll(s, ui, layout),
    mode: s.run.mode,
    trading: s.run.trading.state,
    positions: s.positions.length,
    symbols: visiblePairs(s.pairs, ui.filter).map((p) => p.symbol),
    rows: {
      signals: signalPairs(s.pairs).length, positions: s.positions.length, orders: orderList(s.orders).length,
      whales: s.whales.length, alerts: s.alerts.length, log: s.log.length,
    },
    readOnly: session.readOnly,
    attached: session.attached !== null,
  };
}

const failed = (err: unknown): CommandResult => ({ status: 'refused', code: 'COMMAND.FAILED', reason: errorMessage(err) });

function Console(props: Omit<ConsoleAppProps, 'session'>): React.JSX.Element {
  const session = useSession();
  const size = useTerminalSize(props.size);
  const layout = useMemo(() => layoutFor(size.columns, size.rows), [size.columns, size.rows]);
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const [ui, setUi] = useState<UiState>(props.initialUi ?? initialUiState);
  const uiRef = useRef(ui);
  const first = useEngine((s) => s.pairs[0]?.symbol ?? null);
  useBell();

  const dispatch = useCallback((a: UiAction): void => {
    const step = reduceUi(uiRef.current, a, viewOf(session, uiRef.current, layoutRef.current));
    uiRef.current = step.ui;
    setUi(step.ui);
    if (step.effect) run(step.effect);
  }, [session]);

  const run = (e: UiEffect): void => {
    if (e.type === 'quit') return props.onQuit();
    if (e.type === 'detach') return props.onDetach?.();
    session.sink.execute(e.command, { kind: 'console', key: e.key }).then(
      (result) => dispatch({ type: 'result', result }),
      (err: unknown) => dispatch({ type: 'result', result: failed(err) }),
    );
  };

  // Without a terminal on stdin (`nexwave < /dev/null`) there are no keys: the console only
  // watches, and SIGINT/SIGTERM stop it.
  const { isRawModeSupported } = useStdin();
  useInput((input, key) => {
    for (const [text, flags] of splitKeys(input, key)) {
      const a = keyAction(keyContext(uiRef.current), text, flags);
      if (a) dispatch(a);
    }
  }, { isActive: isRawModeSupported === true });

  const shown = ui.selected === null && first !== null ? { ...ui, selected: first } : ui;
  if (shown !== ui) uiRef.current = shown;
  return (
    <Box flexDirection="column" width={layout.width} height={layout.body + 4}>
      <Header width={layout.width} />
      <Body layout={layout} ui={shown} />
      <Footer width={layout.width} ui={shown} />
    </Box>
  );
}

export function ConsoleApp(props: ConsoleAppProps): React.JSX.Element {
  const { session, ...rest } = props;
  return (
    <SessionProvider value={session}>
      <Console {...rest} />
    </SessionProvider>
  );
}
