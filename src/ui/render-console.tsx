/**
 * Mount the console on a terminal. Used by `nexwave` (in-process engine) and by
 * `nexwave attach` (an engine behind the control socket): both give a state source and a
 * command sink, never the engine itself. The console takes the whole terminal: it enters
 * the alternate screen here and leaves it on unmount (and at process exit), so the
 * scrollback is as it was.
 */
// First: hides a CI variable from Ink before Ink loads (see the module).
import './interactive-terminal.js';
import { render } from 'ink';
import type { CommandSink, StateSource } from '../engine/core/spine/state-source.js';
import { ConsoleApp } from './console-app.js';
import { captureConsole, createHeldLog, type ConsoleLog } from './console-capture.js';
import { createFrameWriter, type FrameWriter } from './frame-writer.js';

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
  /**
   * Where console.* output goes while the console is mounted (the engine's log file and log
   * panel). Default: held in memory and written to stderr once the screen is given back.
   */
  readonly log?: ConsoleLog;
  /** Where held console output is written after unmount (default process.stderr). */
  readonly stderr?: NodeJS.WritableStream;
}

export interface ConsoleHandle {
  waitUntilExit(): Promise<void>;
  unmount(): void;
}

/** Whether colours are off (https://no-color.org: NO_COLOR set to anything non-empty). */
export function noColorRequested(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return (env.NO_COLOR ?? '') !== '';
}

const ALT_SCREEN_ON = '\x1b[?1049h\x1b[H\x1b[2J';
const ALT_SCREEN_OFF = '\x1b[?1049l';

/** Enter the alternate screen; the returned function leaves it (once). */
function alternateScreen(out: NodeJS.WriteStream): () => void {
  if (out.isTTY !== true) return () => {};
  out.write(ALT_SCREEN_ON);
  let left = false;
  const leave = (): void => {
    if (left) return;
    left = true;
    process.off('exit', leave);
    out.write(ALT_SCREEN_OFF);
  };
  process.on('exit', leave);
  return leave;
}

/**
 * Take the terminal for the console: the alternate screen, the frame writer, console.* to
 * the log. `leave` gives everything back (once) and writes out held console output.
 */
function takeTerminal(out: NodeJS.WriteStream, opts: RenderConsoleOptions): { frames: FrameWriter; leave: () => void } {
  const held = createHeldLog();
  const restoreConsole = captureConsole(opts.log ?? held.log);
  const leaveScreen = alternateScreen(out);
  // stderr shares the terminal: a direct write there also means the next frame is drawn whole.
  const frames = createFrameWriter(out, process.stderr.isTTY === true ? [process.stderr] : []);
  let left = false;
  const leave = (): void => {
    if (left) return;
    left = true;
    frames.dispose();
    restoreConsole();
    leaveScreen();
    held.flush((t) => void (opts.stderr ?? process.stderr).write(t));
  };
  return { frames, leave };
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
  const { frames, leave } = takeTerminal(opts.stdout ?? process.stdout, opts);
  const instance = render(app, {
    stdout: frames.stream,
    ...(opts.stdin ? { stdin: opts.stdin } : {}),
    // Ctrl-C is a key like q (graceful quit, the live-positions question), not an instant exit.
    exitOnCtrlC: false,
    // console.* is captured above (to the log): Ink's own patch would write it over the frame.
    patchConsole: false,
    // The state is coalesced every 100 ms: 10 frames a second is enough. Only changed rows
    // are rewritten, by the frame writer (Ink's incrementalRendering misplaces frames, see frame-writer.ts).
    maxFps: 10,
    incrementalRendering: false,
  });
  const exited = instance.waitUntilExit().finally(leave);
  // Handled here so an exit error never becomes an unhandled rejection; waitUntilExit still rejects with it.
  exited.catch(() => {});
  unmount = () => {
    instance.unmount();
    leave();
  };
  return {
    waitUntilExit: async () => {
      await exited;
    },
    unmount,
  };
}
