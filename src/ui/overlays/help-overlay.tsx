/** `?`: every key, from the binding table, and what the panels show. */
import { Box } from 'ink';
import { BINDINGS } from '../bindings.js';
import { Line, seg, Title } from '../line.js';

const NOTES = [
  'Header: mode, trading state, feed, database, warm-up, UTC clock.',
  'Typed words are checked here and by the engine; a wrong one does nothing.',
  'Full log: <data dir>/logs/console.log (the Log panel shows the tail).',
];

export function HelpOverlay(props: { readonly width: number; readonly height: number }): React.JSX.Element {
  const rows = [
    ...BINDINGS.map((b) => [seg(` ${b.keys.join(' ').padEnd(12)}`, b.label === 'K' ? 'red' : 'cyan', { bold: true }), seg(b.help)]),
    [seg(' in modals: type the word, Enter confirms, Esc cancels', 'gray')],
    ...NOTES.map((n) => [seg(` ${n}`, 'gray')]),
  ];
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Title text="Keys" width={props.width} focused extra="Esc closes" />
      {rows.slice(0, Math.max(0, props.height - 1)).map((r, i) => (
        <Line key={i} segments={r} width={props.width} />
      ))}
    </Box>
  );
}
