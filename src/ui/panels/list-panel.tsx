/** A titled list of rows with a cursor, scrolled so the cursor stays visible. */
import { Box } from 'ink';
import { Line, seg, Title, type Segment } from '../line.js';
import type { ListItem } from '../panel-rows.js';

/** One row, or an item of several rows (narrow panels). */
export type ListRow = readonly Segment[] | ListItem;

export interface ListPanelProps {
  readonly title: string;
  readonly extra?: string;
  readonly rows: readonly ListRow[];
  readonly empty: string;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  readonly cursor: number;
}

const linesOf = (r: ListRow): readonly (readonly Segment[])[] => ('lines' in r ? r.lines : [r as readonly Segment[]]);

/** The first item to show so that item `cursor` (and all of its rows) fits in `height` rows. */
export function firstItem(heights: readonly number[], cursor: number, height: number): number {
  let start = 0;
  let used = heights.slice(0, cursor + 1).reduce((a, b) => a + b, 0);
  while (used > height && start < cursor) used -= heights[start++] ?? 0;
  return start;
}

export function ListPanel(props: ListPanelProps): React.JSX.Element {
  const body = Math.max(0, props.height - 1);
  const cursor = Math.min(props.cursor, Math.max(0, props.rows.length - 1));
  const items = props.rows.map(linesOf);
  const start = firstItem(items.map((l) => l.length), cursor, body);
  const shown = items.slice(start).flatMap((lines, i) => lines.map((l) => ({ l, at: start + i }))).slice(0, body);
  const more = items.length > 0 && shown.length < items.flat().length ? ` ${cursor + 1}/${props.rows.length}` : '';
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Title text={props.title} width={props.width} focused={props.focused} extra={`${props.extra ?? ''}${more}`} />
      {props.rows.length === 0 ? <Line segments={[seg(` ${props.empty}`, 'gray')]} width={props.width} /> : null}
      {shown.map((r, i) => (
        <Line key={i} segments={r.l} width={props.width} inverse={props.focused && r.at === cursor} />
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
