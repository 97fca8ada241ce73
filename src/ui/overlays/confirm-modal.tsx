/** The typed-confirmation modal (kill switch, go live, leave HALTED), with the engine's answer and live flatten progress. */
import { Box } from 'ink';
import { useRef } from 'react';
import { useEngine } from '../console-context.js';
import { Line, seg, Title, wrapSegments } from '../line.js';
import { confirmLines, planLines, type ConfirmSnapshot, type ConfirmView } from './confirm-lines.js';

const TITLES = { flatten: 'KILL SWITCH', live: 'GO LIVE', resume: 'LEAVE HALTED' } as const;

export function ConfirmModal(props: { readonly width: number; readonly height: number; readonly confirm: ConfirmView }): React.JSX.Element {
  const state = useEngine((s) => s);
  // The plan is what the trader confirmed: frozen once the word is sent (the kill switch's own
  // cancels and the HALTED it sets must not rewrite it).
  const snap = useRef<ConfirmSnapshot | null>(null);
  if (props.confirm.stage === 'typing' || snap.current === null) snap.current = { plan: planLines(props.confirm.what, state), before: state.flatten };
  const lines = confirmLines(props.confirm, state, snap.current).flatMap((l) => wrapSegments(l, props.width - 1));
  const body = Math.max(0, props.height - 1);
  // Keep the prompt and the answer (the end) visible when the plan is longer than the room.
  const shown = lines.length > body ? [[seg(`… ${lines.length - body + 1} more above`, 'gray')], ...lines.slice(lines.length - body + 1)] : lines;
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Title text={TITLES[props.confirm.what]} width={props.width} focused />
      {shown.map((l, i) => (
        <Line key={i} segments={[seg(' '), ...l]} width={props.width} />
      ))}
    </Box>
  );
}
