/** The key hints (from the binding table) and, above them, the answer to the last key or the newest alert. */
import { Box } from 'ink';
import { BINDINGS } from '../bindings.js';
import { useEngine, useSession } from '../console-context.js';
import { fmtClock } from '../format.js';
import { Line, seg, type Segment } from '../line.js';
import type { UiState } from '../ui-state.js';

const TONE = { ok: 'green', warn: 'yellow', error: 'red', info: 'white' } as const;
const SHORT: Readonly<Record<string, string>> = {
  '↑/k': 'select', '↓/j': '', tab: 'focus', 'S-tab': '', '⏎': 'details', t: 'tf', '/': 'filter', p: 'pause', K: 'KILL', L: 'live', r: 'resume', d: 'detach', '?': 'help', q: 'quit',
};

/** What matters most first, so a narrow terminal still shows quit, help and the kill switch. */
const PRIORITY = ['q', '?', 'K', 'p', 'L', 'r', 'd', '↑/k', '↓/j', 'tab', '⏎', 't', '/', 'S-tab'];
const ORDERED = [...BINDINGS].sort((a, b) => PRIORITY.indexOf(a.label) - PRIORITY.indexOf(b.label));

function hints(attached: boolean, readOnly: boolean): Segment[] {
  const out: Segment[] = readOnly ? [seg('READ-ONLY ', 'yellow', { bold: true })] : [];
  for (const b of ORDERED) {
    if (b.label === 'd' && !attached) continue;
    const word = SHORT[b.label] ?? '';
    out.push(seg(b.label, b.label === 'K' ? 'red' : 'cyan', { bold: true }), seg(word ? ` ${word} ` : ' ', 'gray'));
  }
  return out;
}

export function Footer(props: { readonly width: number; readonly ui: UiState }): React.JSX.Element {
  const { attached, readOnly } = useSession();
  const alert = useEngine((s) => s.alerts[0] ?? null);
  const { ui } = props;
  let status: Segment[];
  if (ui.overlay.kind === 'filter') status = [seg(' filter pairs: /', 'cyan', { bold: true }), seg(`${ui.filter}▏`), seg('  (Enter keeps it, Esc clears)', 'gray')];
  else if (ui.message) status = [seg(` ${ui.message.text}`, TONE[ui.message.tone], { bold: ui.message.tone !== 'info' })];
  else if (alert) status = [seg(` ${fmtClock(alert.at)} ${alert.message}`, alert.level === 'error' ? 'red' : alert.level === 'warn' ? 'yellow' : 'gray', { bold: alert.level !== 'info' })];
  else status = [seg(' ')];
  return (
    <Box flexDirection="column" width={props.width} height={2}>
      <Line segments={status} width={props.width} />
      <Line segments={hints(attached !== null, readOnly)} width={props.width} />
    </Box>
  );
}
