/** The stop of a long-running command: SIGINT/SIGTERM (ctx.signal) or --duration. */
import type { CommandContext } from './context.js';

/** Aborted by ctx.signal (with its reason) or when --duration elapses. */
export function stopSignal(ctx: CommandContext): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const abort = (): void => controller.abort(ctx.signal.reason);
  const timer = ctx.args.duration === undefined ? undefined : setTimeout(() => controller.abort(), ctx.args.duration * 1_000);
  if (ctx.signal.aborted) abort();
  else ctx.signal.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', abort);
    },
  };
}

/** Resolve when `signal` aborts; `tick` runs every `everyMs` meanwhile. */
export function waitForAbort(signal: AbortSignal, everyMs: number, tick: () => void): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setInterval(tick, everyMs);
    signal.addEventListener('abort', () => (clearInterval(timer), resolve()), { once: true });
  });
}
