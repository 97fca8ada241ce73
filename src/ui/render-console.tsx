/**
 * Placeholder for the console's real `renderConsole` (the console UI is built separately
 * and replaces this file): the same signature, a one-screen summary and the `d`/`q` keys,
 * so `nexwave attach` builds and runs on its own.
 */
import { Box, render, Text, useInput, useStdin } from 'ink';
import { useSyncExternalStore } from 'react';
import type { CommandSink, StateSource } from '../engine/core/spine/state-source.js';

export interface RenderConsoleOptions {
  readonly source: StateSource;
  readonly sink: CommandSink;
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
  readonly attached?: { readonly pid: number; readonly startedAt: number } | null;
  readonly readOnly?: boolean;
  readonly onQuit?: () => void;
  readonly onDetach?: () => void;
}

export interface ConsoleHandle {
  waitUntilExit(): Promise<void>;
  unmount(): void;
}

function Summary({ o }: { readonly o: RenderConsoleOptions }) {
  const s = useSyncExternalStore(o.source.subscribe, o.source.getState);
  const { isRawModeSupported } = useStdin();
  useInput((input) => (input === 'd' ? o.onDetach?.() : input === 'q' ? o.onQuit?.() : undefined), { isActive: isRawModeSupported === true });
  const head = o.attached ? `attached to pid ${o.attached.pid}${o.readOnly ? ' (read-only)' : ''}` : 'in-process engine';
  return (
    <Box flexDirection="column">
      <Text>{`nexwave ${s.run.version} · ${head} · ${s.run.mode} · ${s.run.trading.state} · ${s.warmup.phase} · ${s.warmup.ready}/${s.warmup.total} ready`}</Text>
      <Text>{`positions ${s.positions.length} · ${s.feed.ticksPerSecond} ticks/s · d detach · q quit`}</Text>
    </Box>
  );
}

export function renderConsole(o: RenderConsoleOptions): ConsoleHandle {
  const instance = render(<Summary o={o} />, { ...(o.stdout ? { stdout: o.stdout } : {}), ...(o.stdin ? { stdin: o.stdin } : {}), exitOnCtrlC: false, maxFps: 10 });
  return { waitUntilExit: async () => void (await instance.waitUntilExit()), unmount: () => instance.unmount() };
}
