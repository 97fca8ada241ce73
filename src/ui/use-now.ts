/** The wall clock, re-read every second (the header's UTC clock, ages and uptime). */
import { useEffect, useState } from 'react';

export function useNow(now: () => number, everyMs = 1_000): number {
  const [t, setT] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setT(now()), everyMs);
    return () => clearInterval(timer);
  }, [now, everyMs]);
  return t;
}
