/**
 * Ring the terminal bell when an alert worth attention arrives: warnings and errors (feed
 * silent, database down), fills, the kill switch and halts.
 */
import { useStdout } from 'ink';
import { useEffect, useRef } from 'react';
import type { AlertView } from '../engine/core/spine/engine-state.js';
import { useEngine } from './console-context.js';

const RING_CODES = /^(order\.filled|kill_switch|flatten|trading\.halted|trading_state\.halted)/;

export function ringsBell(a: AlertView): boolean {
  return a.level !== 'info' || RING_CODES.test(a.code);
}

export function useBell(): void {
  const { stdout } = useStdout();
  const alerts = useEngine((s) => s.alerts);
  const trading = useEngine((s) => s.run.trading.state);
  const seen = useRef<number | null>(null);
  const lastTrading = useRef(trading);
  useEffect(() => {
    if (trading === 'HALTED' && lastTrading.current !== 'HALTED') stdout.write('\x07');
    lastTrading.current = trading;
  }, [trading, stdout]);
  useEffect(() => {
    const newest = alerts[0]?.id ?? 0;
    if (seen.current === null) {
      seen.current = newest;
      return;
    }
    const fresh = alerts.filter((a) => a.id > (seen.current ?? 0));
    seen.current = Math.max(seen.current, newest);
    if (fresh.some(ringsBell)) stdout.write('\x07');
  }, [alerts, stdout]);
}
