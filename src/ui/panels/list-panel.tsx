/** A titled list of rows with a cursor, scrolled so the cursor stays visible. */
import { Box } from 'ink';
import { windowStart } from '../format.js';
import { Line, seg, Title, type Segment } from '../line.js';

export interface ListPanelProps {
  readonly title: string;
  readonly extra?: string;
  readonly rows: readonly (readonly Segment[])[];
  readonly empty: string;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  readonly cursor: number;
}

export function ListPanel(props: ListPanelProps): React.JSX.Element {
  const body = Math.max(0, props.height - 1);
  const cursor = Math.min(props.cursor, Math.max(0, props.rows.length - 1));
  const start = windowStart(props.rows.length, cursor, body);
  const more = props.rows.length > body ? ` ${cursor + 1}/${props.rows.length}` : '';
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Title text={props.title} width={props.width} focused={props.focused} extra={`${props.extra ?? ''}${more}`} />
      {props.rows.length === 0 ? <Line segments={[seg(` ${props.empty}`, 'gray')]} width={props.width} /> : null}
      {props.rows.slice(start, start + body).map((r, i) => (
        <Line key={start + i} segments={r} width={props.width} inverse={props.focused && start + i === cursor} />
      ))}
    </Box>
  );
}

/** The common panel props. */
export interface PanelProps {
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  readonly cursor: number;
}
