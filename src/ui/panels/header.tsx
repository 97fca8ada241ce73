/**
 * Two header rows: PAPER/LIVE (colour and word), trading state, venue, feed (state,
 * ticks/s, last-message age), UTC clock and uptime; then the database (state, writer
 * lag, queue, journal), warm-up and, when attached, the engine's pid and age.
 */
import { Box } from 'ink';
import type { EngineState } from '../../engine/core/spine/engine-state.js';
import { useEngine, useSession } from '../console-context.js';
import { fmtAge, fmtClock, fmtCount, fmtDuration, fmtHm } from '../format.js';
import { Line, seg, type Segment } from '../line.js';
import { useNow } from '../use-now.js';

const TRADING_COLOR = { RESTORING: 'yellow', ACTIVE: 'green', REDUCING: 'yellow', HALTED: 'red' } as const;
const DB_COLOR = { opening: 'yellow', up: 'green', down: 'red' } as const;

function feedState(f: EngineState['feed']): string {
  const market = f.connections.filter((c) => c.role === undefined);
  if (market.length === 0) return 'connecting';
  const states = new Set(market.map((c) => c.state));
  return states.size === 1 ? [...states][0] ?? 'connecting' : [...states].join('/');
}

type HeaderState = Pick<EngineState, 'run' | 'feed' | 'storage' | 'warmup'>;

function modeSegments(s: HeaderState): Segment[] {
  const live = s.run.mode === 'live';
  const t = s.run.trading.state;
  return [
    live ? seg(' LIVE! ', 'white', { bg: 'red', bold: true }) : seg(' PAPER ', 'black', { bg: 'cyan', bold: true }),
    seg(' '),
    seg(` ${t} `, TRADING_COLOR[t], { bold: true, inverse: t === 'HALTED' }),
  ];
}

function firstRow(s: HeaderState, now: number): Segment[] {
  const f = s.feed;
  const fs = feedState(f);
  const age = f.lastMessageAt === null ? null : now - f.lastMessageAt;
  return [
    ...modeSegments(s),
    seg(` ${s.run.venue} `, 'gray'),
    seg('feed ', 'gray'),
    seg(fs, fs === 'live' ? 'green' : 'yellow', { bold: true }),
    seg(` ${fmtCount(f.ticksPerSecond)} t/s`),
    seg(` last ${fmtAge(f.lastMessageAt, now)}`, age !== null && age > 5_000 ? 'yellow' : undefined),
    seg(`  ${fmtClock(now)}`, 'white', { bold: true }),
    seg(` up ${fmtDuration(now - s.run.startedAt)}`, 'gray'),
  ];
}

function secondRow(s: HeaderState, attached: { pid: number; startedAt: number } | null, now: number): Segment[] {
  const d = s.storage;
  const w = s.warmup;
  const warm = w.phase !== 'live' ? `start-up: ${w.phase}` : w.total > 0 && w.ready < w.total ? `warm-up ${w.ready}/${w.total}${w.eta ? ` ETA ${fmtHm(w.eta)}` : ''}` : `${w.ready}/${w.total} ready`;
  const journal = d.journalRows > 0 ? ` journal ${fmtCount(d.journalRows)}` : ' journal 0';
  return [
    // First when attached: the trader must see at a glance that this engine lives in another process.
    seg(attached ? ` attached to pid ${attached.pid}, up for ${fmtDuration(now - attached.startedAt)} ` : '', 'magenta', { bold: true }),
    seg(' db ', 'gray'),
    seg(d.state, DB_COLOR[d.state], { bold: true, inverse: d.state === 'down' }),
    seg(` ${d.backend} lag ${fmtDuration(d.lagMs)} queue ${fmtCount(d.queue)}${journal}`),
    seg(`  ${warm}`, w.phase === 'live' && w.ready === w.total ? 'green' : 'yellow'),
  ];
}

export function Header(props: { readonly width: number }): React.JSX.Element {
  const session = useSession();
  const state: HeaderState = {
    run: useEngine((s) => s.run), feed: useEngine((s) => s.feed), storage: useEngine((s) => s.storage), warmup: useEngine((s) => s.warmup),
  };
  const now = useNow(session.now);
  return (
    <Box flexDirection="column" width={props.width} height={2}>
      <Line segments={firstRow(state, now)} width={props.width} />
      <Line segments={secondRow(state, session.attached, now)} width={props.width} />
    </Box>
  );
}
