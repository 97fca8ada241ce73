import { describe, expect, it } from 'vitest';
import { STATUS_EXIT, statusExitCode, statusText } from '../../src/cli/status-text.js';
import type { EngineState } from '../../src/engine/core/spine/engine-state.js';
import { initialEngineState } from '../../src/engine/core/spine/initial-state.js';

const NOW = 1_800_000_000_000;
const base = initialEngineState({ venue: 'pacifica', mode: 'paper', startedAt: NOW - 3_600_000, version: '1.2.3', pid: 42, timeframe: '15m', storage: { backend: 'postgres', description: 'postgres postgres://u:***@h/db' } });
const conn = { id: 'ws-1', state: 'live' as const, subscriptions: 40, messagesPerSecond: 100, lastMessageAt: NOW - 500, reconnects: 0, nextRetryAt: null };
const healthy: EngineState = {
  ...base,
  run: { ...base.run, trading: { state: 'ACTIVE', since: NOW, reason: 'started', by: 'start-up' } },
  storage: { ...base.storage, state: 'up' },
  warmup: { ...base.warmup, phase: 'live', ready: 34, total: 34 },
  feed: { ...base.feed, connections: [conn], lastMessageAt: NOW - 500, ticksPerSecond: 1000 },
};
const trading = (state: 'RESTORING' | 'REDUCING' | 'HALTED'): EngineState => ({ ...healthy, run: { ...healthy.run, trading: { state, since: NOW, reason: 'kill switch', by: 'cli (flatten)' } } });

describe('nexwave status exit code', () => {
  it.each<[string, EngineState, number]>([
    ['running and ACTIVE', healthy, STATUS_EXIT.active],
    ['HALTED', trading('HALTED'), STATUS_EXIT.notActive],
    ['REDUCING', trading('REDUCING'), STATUS_EXIT.notActive],
    ['RESTORING with the feed live', trading('RESTORING'), STATUS_EXIT.notActive],
    ['RESTORING during start-up: still starting', { ...trading('RESTORING'), warmup: { ...healthy.warmup, phase: 'syncing-pairs' } }, STATUS_EXIT.feedDown],
    ['still starting', { ...healthy, warmup: { ...healthy.warmup, phase: 'backfilling' } }, STATUS_EXIT.feedDown],
    ['no live connection', { ...healthy, feed: { ...healthy.feed, connections: [{ ...conn, state: 'reconnecting' }] } }, STATUS_EXIT.feedDown],
    ['feed silent 20 s', { ...healthy, feed: { ...healthy.feed, lastMessageAt: NOW - 20_000 } }, STATUS_EXIT.feedDown],
    ['database down', { ...healthy, storage: { ...healthy.storage, state: 'down' } }, STATUS_EXIT.databaseDown],
    ['HALTED with the database down: HALTED first', { ...trading('HALTED'), storage: { ...healthy.storage, state: 'down' } }, STATUS_EXIT.notActive],
  ])('%s', (_name, state, code) => {
    expect(statusExitCode(state, NOW)).toBe(code);
  });

  it('one screen: mode, trading state, feed, readiness, positions with PnL, alerts; no secrets', () => {
    const s: EngineState = {
      ...trading('HALTED'),
      positions: [{ symbol: 'BTC', strategyId: 'vwm', side: 'long', amount: 0.5, entryPrice: 95_000, markPrice: 95_300, unrealizedPnl: 150, realizedPnl: -2.5, fees: 1, funding: 0, stopLoss: null, takeProfit: null, trailingStop: null, openedAt: NOW, mode: 'paper', external: false }],
      alerts: [{ id: 1, level: 'warn', at: NOW - 1000, code: 'feed.silent', message: 'no market data for 15 s' }],
    };
    const text = statusText(s, NOW, '/data');
    expect(text.split('\n').length).toBeLessThan(25);
    expect(text).toMatch(/engine\s+running · pid 42 · up 1h 0m · nexwave 1\.2\.3 · pacifica/);
    expect(text).toMatch(/mode\s+paper · trading HALTED since .* \(kill switch; by cli \(flatten\)\)/);
    expect(text).toMatch(/feed\s+live · 1\/1 connections · 1,000 ticks\/s/);
    expect(text).toMatch(/readiness\s+34\/34 pairs ready/);
    expect(text).toMatch(/positions\s+BTC long 0\.5 @ 95,000\.00 mark 95,300\.00 · uPnL \+150\.00 · rPnL -2\.50/);
    expect(text).toMatch(/alerts\s+\d\d:\d\d:\d\d warn\s+no market data for 15 s/);
    expect(text).not.toMatch(/u:[^*]/);
  });
});
