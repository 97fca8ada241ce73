/** Start-up phases as they happen (the console paints before the database has opened). */
import { Box } from 'ink';
import type { WarmupPhase } from '../../engine/core/spine/engine-state.js';
import { useEngine, useSession } from '../console-context.js';
import { bar, fmtDuration } from '../format.js';
import { Line, seg, Title } from '../line.js';
import { useNow } from '../use-now.js';

const STEPS: readonly { readonly phase: WarmupPhase; readonly label: string }[] = [
  { phase: 'opening-database', label: 'opening the database' },
  { phase: 'migrating', label: 'migrating the schema' },
  { phase: 'syncing-pairs', label: 'syncing pairs' },
  { phase: 'subscribing', label: 'subscribing to market data' },
  { phase: 'backfilling', label: 'backfilling candles' },
  { phase: 'live', label: 'live' },
];

export function StartupPanel(props: { readonly width: number; readonly height: number }): React.JSX.Element {
  const warmup = useEngine((s) => s.warmup);
  const storage = useEngine((s) => s.storage);
  const startedAt = useEngine((s) => s.run.startedAt);
  const now = useNow(useSession().now);
  const at = STEPS.findIndex((s) => s.phase === warmup.phase);
  const stopping = warmup.phase === 'stopping' || warmup.phase === 'stopped';
  const b = warmup.backfill;
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Title text={stopping ? 'Stopping' : 'Starting'} width={props.width} focused={false} extra={`${fmtDuration(now - startedAt)} · ${storage.description}`} />
      {STEPS.map((s, i) => {
        const done = at > i || (at === -1 && stopping);
        const current = at === i;
        const mark = done ? '✓' : current ? '▸' : '·';
        const extra = s.phase === 'backfilling' && b.total > 0 ? ` ${b.done}/${b.total} ${bar(b.done, b.total, 12)}` : '';
        return <Line key={s.phase} segments={[seg(` ${mark} `, done ? 'green' : current ? 'yellow' : 'gray', { bold: current }), seg(`${s.label}${extra}`, current ? undefined : 'gray', { bold: current })]} width={props.width} />;
      })}
      {stopping ? <Line segments={[seg(` ${warmup.phase === 'stopping' ? 'flushing the writer and closing' : 'stopped'}…`, 'yellow')]} width={props.width} /> : null}
    </Box>
  );
}
