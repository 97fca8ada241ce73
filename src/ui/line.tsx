/**
 * One terminal row made of styled segments, cut to an exact width so nothing wraps into
 * the next row at any terminal size. Colours are dropped under NO_COLOR.
 */
import { Text } from 'ink';
import { useSession } from './console-context.js';

export interface Segment {
  readonly text: string;
  readonly color?: string | undefined;
  readonly bg?: string | undefined;
  readonly bold?: boolean;
  readonly inverse?: boolean;
  readonly dim?: boolean;
}

export const seg = (text: string, color?: string, more: Omit<Segment, 'text' | 'color'> = {}): Segment => ({ text, color, ...more });

/** Cut the segments so their text adds up to at most `width` characters. */
export function cutSegments(segments: readonly Segment[], width: number): Segment[] {
  const out: Segment[] = [];
  let left = width;
  for (const s of segments) {
    if (left <= 0) break;
    const text = s.text.length > left ? s.text.slice(0, left) : s.text;
    out.push({ ...s, text });
    left -= text.length;
  }
  return out;
}

/**
 * Wrap styled segments into rows of at most `width` characters, breaking at spaces where it
 * can (a word longer than a row is cut across rows); continuation rows start with `indent`.
 */
export function wrapSegments(segments: readonly Segment[], width: number, indent = '  '): Segment[][] {
  const room = Math.max(1, width);
  const pad = indent.length < room ? indent : '';
  const rows: Segment[][] = [[]];
  let used = 0;
  const put = (s: Segment, text: string): void => {
    rows[rows.length - 1]!.push({ ...s, text });
    used += text.length;
  };
  const newRow = (): void => {
    rows.push(pad ? [seg(pad)] : []);
    used = pad.length;
  };
  for (const s of segments) {
    for (const token of s.text.split(/(?<= )|(?= )/)) {
      let t = token;
      if (used + t.length > room && used > pad.length && t !== ' ') newRow();
      if (t === ' ' && used >= room) continue;
      while (used + t.length > room) {
        const cut = room - used;
        put(s, t.slice(0, cut));
        t = t.slice(cut);
        newRow();
      }
      if (t) put(s, t);
    }
  }
  return rows;
}

export function Line(props: { readonly segments: readonly Segment[]; readonly width: number; readonly inverse?: boolean }): React.JSX.Element {
  const { noColor } = useSession();
  const parts = cutSegments(props.segments, props.width);
  const used = parts.reduce((n, s) => n + s.text.length, 0);
  return (
    <Text wrap="truncate" inverse={props.inverse ?? false}>
      {parts.map((s, i) => (
        <Text key={i} color={noColor ? undefined : s.color} backgroundColor={noColor ? undefined : s.bg} bold={s.bold ?? false} inverse={s.inverse ?? false} dimColor={s.dim ?? false}>
          {s.text}
        </Text>
      ))}
      {props.inverse && used < props.width ? ' '.repeat(props.width - used) : ''}
    </Text>
  );
}

/** A panel's title row; inverse when the panel has the focus. */
export function Title(props: { readonly text: string; readonly width: number; readonly focused: boolean; readonly extra?: string }): React.JSX.Element {
  const segs = [seg(` ${props.text} `, 'cyan', { bold: true }), seg(props.extra ? ` ${props.extra}` : '', 'gray')];
  return <Line segments={segs} width={props.width} inverse={props.focused} />;
}
