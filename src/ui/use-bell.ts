/**
 * Ring the terminal bell when an alert worth attention arrives: warnings and errors (feed
 * silent, database down, every halt), fills and the kill switch (alert-style.ts).
 */
import { useStdout } from 'ink';
import { useEffect, useRef } from 'react';
import { ringsBell } from './alert-style.js';
import { useEngine } from './console-context.js';

export function useBell(): void {
  const { stdout } = useStdout();
  const alerts = useEngine((s) => s.alerts);
  const seen = useRef<number | null>(null);
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
