/**
 * Mount the console on a terminal. Used by `nexwave` (in-process engine) and by
 * `nexwave attach` (an engine behind the control socket): both give a state source and a
 * command sink, never the engine itself.
 */
import { render } from 'ink';
import type { CommandSink, StateSource } from '../engine/core/spine/state-source.js';
import { ConsoleApp } from './console-app.js';
import { createFrameWriter } from './frame-writer.js';

export interface RenderConsoleOptions {
  readonly source: StateSource;
  readonly sink: CommandSink;
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
  /** The engine runs in another process (attach): shown in the header; `d` detaches. */
  readonly attached?: { readonly pid: number; readonly startedAt: number } | null;
  /** Command keys say "read-only" instead of sending. */
  readonly readOnly?: boolean;
  /** `q` / Ctrl-C (after the live-positions question). Default: unmount. */
  readonly onQuit?: () => void;
  /** `d` while attached. Default: unmount. */
  readonly onDetach?: () => void;
}

export interface ConsoleHandle {
  waitUntilExit(): Promise<void>;
  unmount(): void;
}

/** Whether colours are off (https://no-color.org: NO_COLOR set to anything non-empty). */
export function noColorRequested(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return (env.NO_COLOR ?? '') !== '';
}

export function renderConsole(opts: RenderConsoleOptions): ConsoleHandle {
  let unmount = (): void => {};
  const session = {
    source: opts.source, sink: opts.sink, attached: opts.attached ?? null, readOnly: opts.readOnly ?? false,
    now: Date.now, noColor: noColorRequested(),
  };
  const app = (
    <ConsoleApp session={session} onQuit={() => (opts.onQuit ?? unmount)()} onDetach={() => (opts.onDetach ?? unmount)()} />
  );
  const frames = createFrameWriter(opts.stdout ?? process.stdout);
  const instance = render(app, {
    stdout: frames.stream,
    ...(opts.stdin ? { stdin: opts.stdin } : {}),
    // Ctrl-C is a key like q (graceful quit, the live-positions question), not an instant exit.
    exitOnCtrlC: false,
    patchConsole: true,
    // The state is coalesced every 100 ms: 10 frames a second is enough. Only changed rows
    // are rewritten, by the frame writer (Ink's incrementalRendering misplaces frames, see frame-writer.ts).
    maxFps: 10,
    incrementalRendering: false,
  });
  unmount = () => instance.unmount();
  return {
    waitUntilExit: async () => {
      await instance.waitUntilExit();
    },
    unmount,
  };
}
