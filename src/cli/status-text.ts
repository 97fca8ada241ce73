/**
 * `nexwave status` as text and as an exit code, from the engine's state: one screen for a
 * person (mode, trading state, feed, storage, readiness, positions with PnL, last alerts)
 * and a code a script can branch on.
 */
import type { EngineState } from '../engine/core/spine/engine-state.js';

/** Exit codes of `nexwave status` (README "Commands"); when several hold, the first listed wins. */
export const STATUS_EXIT = { active: 0, notRunning: 3, notActive: 4, feedDown: 5, databaseDown: 6 } as const;

/** A feed silent this long counts as down (the engine's own silence alert uses 15 s). */
const FEED_SILENT_MS = 15_000;

export function feedDown(s: EngineState, now: number): boolean {
  if (s.warmup.phase !== 'live') return true;
  if (!s.feed.connections.some((c) => c.role === undefined && c.state === 'live')) return true;
  return s.feed.lastMessageAt === null || now - s.feed.lastMessageAt > FEED_SILENT_MS;
}

export function statusExitCode(s: EngineState, now: number): number {
  const trading = s.run.trading.state;
  // RESTORING is part of start-up: while the feed is not live yet, that (5) is the answer.
  if (trading !== 'ACTIVE' && trading !== 'RESTORING') return STATUS_EXIT.notActive;
  if (feedDown(s, now)) return STATUS_EXIT.feedDown;
  if (trading === 'RESTORING') return STATUS_EXIT.notActive;
  if (s.storage.state === 'down') return STATUS_EXIT.databaseDown;
  return STATUS_EXIT.active;
}

const num = (n: number, digits = 2): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const signed = (n: number): string => `${n >= 0 ? '+' : ''}${num(n)}`;
const clock = (t: number): string => new Date(t).toISOString().slice(11, 19);

export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  return m > 0 ? `${m}m ${s % 60}s` : `${s}s`;
}

function feedLine(s: EngineState, now: number): string {
  const market = s.feed.connections.filter((c) => c.role === undefined);
  const live = market.filter((c) => c.state === 'live').length;
  const age = s.feed.lastMessageAt === null ? 'no message yet' : `last message ${duration(now - s.feed.lastMessageAt)} ago`;
  const state = s.warmup.phase !== 'live' ? `starting (${s.warmup.phase})` : feedDown(s, now) ? 'DOWN' : 'live';
  return `${state} · ${live}/${market.length} connections · ${num(s.feed.ticksPerSecond, 0)} ticks/s · ${age}`;
}

function positionLines(s: EngineState): string[] {
  if (s.positions.length === 0) return ['none'];
  return s.positions.map((p) => {
    const mark = p.markPrice === null ? '' : ` mark ${num(p.markPrice)}`;
    return `${p.symbol} ${p.side} ${p.amount} @ ${num(p.entryPrice)}${mark} · uPnL ${signed(p.unrealizedPnl)} · rPnL ${signed(p.realizedPnl)}${p.external ? ' (external)' : ''}`;
  });
}

/** One screen of plain text. */
export function statusText(s: EngineState, now: number, dataDir: string): string {
  const t = s.run.trading;
  const rows: [string, string][] = [
    ['engine', `running · pid ${s.run.pid} · up ${duration(now - s.run.startedAt)} · nexwave ${s.run.version} · ${s.run.venue}`],
    ['mode', `${s.run.mode} · trading ${t.state} since ${clock(t.since)} UTC (${t.reason}; by ${t.by})`],
    ['feed', feedLine(s, now)],
    ['storage', `${s.storage.description} · ${s.storage.state.toUpperCase()} · queue ${s.storage.queue} · ${num(s.storage.rowsPerSecond, 0)} rows/s${s.storage.journalRows > 0 ? ` · journal ${s.storage.journalRows} rows` : ''}`],
    ['readiness', `${s.warmup.ready}/${s.warmup.total} pairs ready${s.warmup.eta !== null ? ` · all by ${clock(s.warmup.eta)} UTC (exchange time)` : ''}`],
    ...positionLines(s).map((l, i): [string, string] => [i === 0 ? 'positions' : '', l]),
  ];
  if (s.account) rows.push(['account', `equity ${num(s.account.equity)} · today ${signed(s.account.realizedPnlToday)} · unrealized ${signed(s.account.unrealizedPnl)}`]);
  if (s.flatten) rows.push(['kill switch', `${s.flatten.finishedAt === null ? 'running' : s.flatten.flat ? 'done, flat' : 'done, NOT flat'} (by ${s.flatten.by})`]);
  const alerts = s.alerts.slice(0, 5);
  alerts.forEach((a, i) => rows.push([i === 0 ? 'alerts' : '', `${clock(a.at)} ${a.level.padEnd(5)} ${a.message}`]));
  if (alerts.length === 0) rows.push(['alerts', 'none']);
  rows.push(['data dir', dataDir]);
  return `${rows.map(([k, v]) => `${k.padEnd(12)}${v}`).join('\n')}\n`;
}
