import { describe, expect, it } from 'vitest';
import { parseFlags, type OptionSpec } from '../../src/cli/args.js';
import { NexwaveError } from '../../src/engine/core/errors.js';

const SPECS: OptionSpec[] = [
  { name: 'sim', kind: 'flag', help: '' },
  { name: 'duration', kind: 'positive', value: '<s>', help: '' },
  { name: 'seed', kind: 'int', help: '' },
  { name: 'port', kind: 'port', help: '' },
  { name: 'pairs', kind: 'symbols', help: '' },
  { name: 'from', kind: 'date', help: '' },
  { name: 'out', kind: 'text', help: '' },
];
const REQUIRED: OptionSpec[] = [{ name: 'from', kind: 'date', required: true, help: '' }];

describe('parseFlags', () => {
  it('reads every kind, in both --k v and --k=v forms', () => {
    const r = parseFlags(['--sim', '--duration', '1.5', '--seed=7', '--port', '0', '--pairs', 'BTC,kBONK', '--from', '2025-11-14', '--out=a b.json'], SPECS);
    expect(Object.fromEntries(r.values)).toEqual({ sim: true, duration: 1.5, seed: 7, port: 0, pairs: ['BTC', 'kBONK'], from: Date.UTC(2025, 10, 14), out: 'a b.json' });
    expect(r.help).toBe(false);
  });

  it('accepts a zoned timestamp for dates', () => {
    expect(parseFlags(['--from', '2025-11-14T16:00Z'], SPECS).values.get('from')).toBe(Date.UTC(2025, 10, 14, 16));
  });

  it('notices --help anywhere and skips the required check then', () => {
    expect(parseFlags(['--help'], REQUIRED).help).toBe(true);
    expect(parseFlags(['-h'], REQUIRED).help).toBe(true);
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['extra'], "unexpected argument 'extra'"],
    [['--duration'], '--duration needs a value <s>'],
    [['--duration', '--sim'], '--duration needs a value <s>'],
    [['--duration', 'abc'], "--duration must be a number > 0, got 'abc'"],
    [['--duration', '0'], "--duration must be a number > 0, got '0'"],
    [['--seed', '-1'], "--seed must be a whole number >= 0, got '-1'"],
    [['--port', '70000'], "--port must be a port 0..65535, got '70000'"],
    [['--pairs', 'BTC,,ETH'], "--pairs must be a comma-separated list of symbols like BTC,ETH, got 'BTC,,ETH'"],
    [['--from', '2025-13-45'], "--from must be a UTC date like 2025-11-14 or 2025-11-14T16:00Z, got '2025-13-45'"],
    [['--from', '2025-11-14T16:00'], "--from must be a UTC date like 2025-11-14 or 2025-11-14T16:00Z, got '2025-11-14T16:00'"],
    [['--sim=yes'], '--sim takes no value'],
    [['--sim', '--sim'], '--sim given twice'],
  ])('%j -> CLI.USAGE "%s"', (argv, message) => {
    let caught: unknown;
    try {
      parseFlags(argv, SPECS);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(NexwaveError);
    expect((caught as NexwaveError).code).toBe('CLI.USAGE');
    expect((caught as NexwaveError).message).toBe(message);
  });

  it('names missing required options', () => {
    expect(() => parseFlags([], REQUIRED)).toThrow('missing required option --from');
  });
});
