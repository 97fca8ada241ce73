import { describe, expect, it } from 'vitest';
import { createEngineControl } from '../../../../src/engine/app/spine/engine-control.js';
import { setTradingState } from '../../../../src/engine/app/spine/trading-state-commands.js';
import type { Command, CommandOrigin } from '../../../../src/engine/core/spine/command.js';
import { parseCommand } from '../../../../src/engine/core/spine/command-schema.js';
import type { EngineEvent } from '../../../../src/engine/core/spine/engine-event.js';
import type { Logger } from '../../../../src/engine/ports/logger.js';
import { FakeClock } from '../../../helpers/fake-clock.js';
import { baseState } from '../../core/spine/fixtures.js';

function setup() {
  const clock = new FakeClock();
  const lines: { level: string; event: string; fields: Record<string, unknown> | undefined }[] = [];
  const logger: Logger = {
    debug: (event, fields) => lines.push({ level: 'debug', event, fields }),
    info: (event, fields) => lines.push({ level: 'info', event, fields }),
    warn: (event, fields) => lines.push({ level: 'warn', event, fields }),
    error: (event, fields) => lines.push({ level: 'error', event, fields }),
  };
  const control = createEngineControl({ initial: baseState(), clock, logger });
  const events: EngineEvent[] = [];
  control.onEvent((e) => events.push(e));
  return { clock, control, lines, events };
}

const console_: CommandOrigin = { kind: 'console', key: 'p' };
const socket: CommandOrigin = { kind: 'socket', pid: 4242, uid: 1000 };

describe('command gateway', () => {
  it('answers every command with accepted or a readable refusal', async () => {
    const { control } = setup();
    const all: Command[] = [
      { type: 'entries.pause' }, { type: 'entries.resume' }, { type: 'positions.flatten', confirm: 'FLATTEN' },
      { type: 'mode.set', mode: 'live', confirm: 'LIVE' }, { type: 'mode.set', mode: 'paper' }, { type: 'halt.leave', confirm: 'RESUME' },
    ];
    for (const c of all) {
      const r = await control.sink.execute(c, console_);
      if (r.status === 'refused') expect(r.reason.length).toBeGreaterThan(10);
    }
    const flatten = await control.sink.execute({ type: 'positions.flatten', confirm: 'FLATTEN' }, console_);
    expect(flatten).toMatchObject({ status: 'refused', code: 'COMMAND.UNAVAILABLE' });
    expect(flatten.status === 'refused' && flatten.reason).toMatch(/nothing was done/);
  });

  it('during start-up an unregistered command says order management is still starting', async () => {
    const { control } = setup();
    control.phase('migrating');
    const r = await control.sink.execute({ type: 'positions.flatten', confirm: 'FLATTEN' }, console_);
    expect(r).toMatchObject({ status: 'refused', code: 'COMMAND.UNAVAILABLE', reason: expect.stringMatching(/still starting \(migrating\).*try again/) });
  });

  it('pause -> REDUCING, resume -> ACTIVE, with who and why in the state and an event', async () => {
    const { control, events, clock } = setup();
    expect(await control.sink.execute({ type: 'entries.pause' }, console_)).toMatchObject({ status: 'accepted' });
    expect(control.source.getState().run.trading).toMatchObject({ state: 'REDUCING', by: 'console (p)', reason: 'entries paused', since: clock.now() });
    expect(await control.sink.execute({ type: 'entries.pause' }, console_)).toMatchObject({ status: 'accepted', message: expect.stringMatching(/already/) });
    await control.sink.execute({ type: 'entries.resume' }, socket);
    expect(control.source.getState().run.trading).toMatchObject({ state: 'ACTIVE', by: 'socket pid 4242 uid 1000' });
    expect(events.filter((e) => e.type === 'trading_state.changed')).toHaveLength(2);
  });

  it('HALTED refuses pause and resume; leaving it needs the word, a wrong word changes nothing and says so', async () => {
    const { control } = setup();
    await setTradingState({ spine: control.spine, clock: new FakeClock() }, 'HALTED', 'kill switch', 'console');
    expect(await control.sink.execute({ type: 'entries.resume' }, console_)).toMatchObject({ status: 'refused', code: 'TRADING.HALTED' });
    const wrong = await control.sink.execute({ type: 'halt.leave', confirm: 'resume' }, console_);
    expect(wrong).toMatchObject({ status: 'refused', code: 'COMMAND.CONFIRMATION' });
    expect(wrong.status === 'refused' && wrong.reason).toMatch(/"RESUME".*got "resume".*nothing was done/);
    expect(control.source.getState().run.trading.state).toBe('HALTED');
    expect(await control.sink.execute({ type: 'halt.leave', confirm: 'RESUME' }, console_)).toMatchObject({ status: 'accepted' });
    expect(control.source.getState().run.trading.state).toBe('ACTIVE');
    expect(await control.sink.execute({ type: 'halt.leave', confirm: 'RESUME' }, console_)).toMatchObject({ status: 'refused', code: 'TRADING.NOT_HALTED' });
  });

  it('the word is checked before any handler runs (a registered flatten never sees a wrong word)', async () => {
    const { control } = setup();
    let ran = 0;
    control.gateway.handle('positions.flatten', async () => (ran++, { status: 'accepted', message: 'flat' }));
    expect(await control.sink.execute({ type: 'positions.flatten', confirm: '' }, console_)).toMatchObject({ status: 'refused', code: 'COMMAND.CONFIRMATION' });
    expect(ran).toBe(0);
    expect(await control.sink.execute({ type: 'positions.flatten', confirm: 'FLATTEN' }, console_)).toMatchObject({ status: 'accepted' });
    expect(ran).toBe(1);
  });

  it('a handler that throws or hangs becomes a refusal; the caller never waits forever', async () => {
    const { control, clock } = setup();
    control.gateway.handle('entries.pause', async () => {
      throw new Error('boom');
    });
    expect(await control.sink.execute({ type: 'entries.pause' }, console_)).toMatchObject({ status: 'refused', code: 'COMMAND.FAILED', reason: expect.stringMatching(/boom/) });
    control.gateway.handle('entries.resume', () => new Promise(() => {}));
    const pending = control.sink.execute({ type: 'entries.resume' }, console_);
    await clock.advance(60_000);
    expect(await pending).toMatchObject({ status: 'refused', reason: expect.stringMatching(/no answer within 60 s/) });
  });

  it('logs every command with its origin and emits command.executed', async () => {
    const { control, lines, events } = setup();
    await control.sink.execute({ type: 'entries.pause' }, { kind: 'cli', command: 'nexwave pause' });
    expect(lines.find((l) => l.event === 'command.executed')?.fields).toMatchObject({ command: 'entries.pause', origin: 'cli (nexwave pause)', status: 'accepted' });
    expect(events.at(-1)).toMatchObject({ type: 'command.executed', command: { type: 'entries.pause' }, result: { status: 'accepted' } });
  });
});

describe('parseCommand (frames from outside)', () => {
  it.each([
    [{ type: 'entries.pause' }, true],
    [{ type: 'mode.set', mode: 'live', confirm: 'LIVE' }, true],
    [{ type: 'positions.flatten' }, false],
    [{ type: 'entries.pause', extra: 1 }, false],
    [{ type: 'orders.yolo' }, false],
    [{ type: 'mode.set', mode: 'turbo' }, false],
    ['entries.pause', false],
    [null, false],
  ])('%j -> ok %s', (input, ok) => {
    const r = parseCommand(input);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.error).toMatch(/^not a command/);
  });
});
