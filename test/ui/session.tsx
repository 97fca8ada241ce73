/** Render helpers for console tests. */
import { renderToString } from 'ink';
import { stripVTControlCharacters } from 'node:util';
import type { ReactNode } from 'react';
import type { EngineState } from '../../src/engine/core/spine/engine-state.js';
import type { CommandSink, StateSource } from '../../src/engine/core/spine/state-source.js';
import { SessionProvider, type ConsoleSession } from '../../src/ui/console-context.js';
import { fakeSink, fakeSource, T0 } from './fixtures.js';

export function session(o: { source?: StateSource; state?: EngineState; sink?: CommandSink; readOnly?: boolean; attached?: ConsoleSession['attached']; noColor?: boolean }): ConsoleSession {
  const source = o.source ?? fakeSource(o.state as EngineState);
  return { source, sink: o.sink ?? fakeSink(), attached: o.attached ?? null, readOnly: o.readOnly ?? false, now: () => T0, noColor: o.noColor ?? true };
}

/** Render with a session, as plain text lines (colours stripped). */
export function renderText(node: ReactNode, s: ConsoleSession, columns: number): { text: string; lines: string[]; raw: string } {
  const raw = renderToString(<SessionProvider value={s}>{node}</SessionProvider>, { columns });
  const text = stripVTControlCharacters(raw);
  return { text, lines: text.split('\n'), raw };
}

/** Wait for Ink's stdin listeners (attached in an effect) and for state updates. */
export const tick = (ms = 20): Promise<void> => new Promise((r) => setTimeout(r, ms));
