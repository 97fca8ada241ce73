import { describe, expect, it } from 'vitest';
import { parseConfig, SETTINGS } from '../../../src/engine/app/config.js';

const BASE = { HOME: '/home/trader' };
// A real Solana-style keypair (64-byte secret = seed || public key), derived from a fixed test seed (7..38), never a real wallet.
const PRIV = '99uqd56BHxksGD8TMFFMLMQdt2aHjfQS8wDVYbbNT3kvgBD1HQuyaf6YfexbNxfk9PKM7T1qViU7QdWaS78pHeH';
const PUB = '14BGX7Knx1pJrMnQGdmxDykxFEzkMghYVqsBSTzppbFX';

describe('parseConfig', () => {
  it('gives the seed defaults, with paper trading on by default', () => {
    const r = parseConfig(BASE);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.strategy).toEqual({ name: 'volume_weighted_momentum', id: 'vwm_momentum_1' });
    expect(r.config.paperTrading).toBe(true);
    expect(r.config.vwm).toMatchObject({ momentumThreshold: 0.0005, exitThreshold: 0.0003, volumeMultiplier: 1, lookbackPeriod: 20, basePositionPct: 5, maxPositionPct: 15, timeframe: '15m', atrPeriod: 14, strengthScale: 3 });
    expect(r.config.portfolioValue).toBe(100000);
    expect(r.config.pacifica.apiUrl).toBe('https://api.pacifica.fi/api/v1');
    expect(r.config.pacifica.wsUrl).toBe('wss://ws.pacifica.fi/ws');
    expect(r.config.databaseUrl).toBeUndefined();
    expect(r.config.writer).toEqual({ batchRows: 1000, flushMs: 250, memoryRows: 200000, outageJournalMs: 1000 });
    expect(r.config.logLevel).toBe('info');
    expect(r.warnings).toEqual([]);
  });

  it.each([
    [{ HOME: '/home/t' }, '/home/t/.local/share/nexwave'],
    [{ HOME: '/home/t', XDG_DATA_HOME: '/xdg/' }, '/xdg/nexwave'],
    [{ HOME: '/home/t', XDG_DATA_HOME: 'relative' }, '/home/t/.local/share/nexwave'],
    [{ HOME: '/home/t', NEXWAVE_DATA_DIR: '/srv/nx/' }, '/srv/nx'],
  ])('resolves the data dir from %j', (env, dir) => {
    const r = parseConfig(env);
    expect(r.ok && r.config.dataDir).toBe(dir);
  });

  it('treats empty strings as unset and accepts strict booleans', () => {
    const r = parseConfig({ ...BASE, PORTFOLIO_VALUE: '', BACKFILL: 'FALSE', PACIFICA_API_KEY: '' });
    expect(r.ok && [r.config.portfolioValue, r.config.backfill, r.config.pacifica.apiKey]).toEqual([100000, false, undefined]);
  });

  it.each([
    ['PORTFOLIO_VALUE', 'abc', 'PORTFOLIO_VALUE: must be a number > 0, got "abc"'],
    ['PORTFOLIO_VALUE', 'NaN', 'PORTFOLIO_VALUE: must be a number > 0, got "NaN"'],
    ['PORTFOLIO_VALUE', '1e999', 'PORTFOLIO_VALUE: must be a number > 0, got "1e999"'],
    ['VWM_LOOKBACK_PERIOD', '20.5', 'VWM_LOOKBACK_PERIOD: must be an integer >= 2 <= 1000, got "20.5"'],
    ['VWM_BASE_POSITION_PCT', '0', 'VWM_BASE_POSITION_PCT: must be a number > 0 <= 100, got "0"'],
    ['PAPER_TRADING', 'yes', 'PAPER_TRADING: must be true or false (or 1 / 0), got "yes"'],
    ['BACKFILL', 'treu', 'BACKFILL: must be true or false (or 1 / 0), got "treu"'],
    ['VWM_TIMEFRAME', '2h', 'VWM_TIMEFRAME: must be one of 1m, 5m, 15m, 1h, 4h, 1d, got "2h"'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL: must be one of debug, info, warn, error, silent, got "loud"'],
    ['PACIFICA_WS_URL', 'https://x', 'PACIFICA_WS_URL: must be a wss:// or ws:// URL, got "https://x"'],
    ['NEXWAVE_DATA_DIR', 'rel/dir', 'NEXWAVE_DATA_DIR: must be an absolute path, got "rel/dir"'],
    ['DATABASE_URL', 'mysql://u:hunter2@h/db', 'DATABASE_URL: must be a postgres:// or postgresql:// URL, got "mysql://u:***@h/db"'],
    ['PACIFICA_AGENT_WALLET_PRIVKEY', 'not-base58-0OIl', 'PACIFICA_AGENT_WALLET_PRIVKEY: must be a base58 Ed25519 secret key (32 or 64 bytes), got [redacted] (15 chars)'],
    ['PACIFICA_ACCOUNT', 'abc', 'PACIFICA_ACCOUNT: must be a base58 account public key (32 bytes), got "abc"'],
  ])('%s=%s is one line naming key, rule and value', (key, value, line) => {
    const r = parseConfig({ ...BASE, [key]: value });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([line]);
  });

  it('reports one line per bad key and never leaks secrets', () => {
    const r = parseConfig({ ...BASE, PORTFOLIO_VALUE: 'x', VWM_ATR_PERIOD: '-1', PACIFICA_AGENT_WALLET_PRIVKEY: 'hunter2-secret', DATABASE_URL: 'postgres://u:hunter2@h:notaport/db' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((l) => l.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'PACIFICA_AGENT_WALLET_PRIVKEY', 'PORTFOLIO_VALUE', 'VWM_ATR_PERIOD']);
    expect(r.errors.join('\n')).not.toContain('hunter2');
  });

  it.each([
    [{ VWM_BASE_POSITION_PCT: '20' }, 'VWM_MAX_POSITION_PCT: must be >= VWM_BASE_POSITION_PCT (20), got "15"'],
    [{ VWM_EXIT_THRESHOLD: '0.001' }, 'VWM_EXIT_THRESHOLD: must be <= VWM_MOMENTUM_THRESHOLD (0.0005), got "0.001"'],
    [{ WRITER_MEMORY_ROWS: '10' }, 'WRITER_MEMORY_ROWS: must be >= WRITER_BATCH_ROWS (1000), got "10"'],
    [{ PAPER_TRADING: 'false' }, 'PAPER_TRADING: live trading (false) needs PACIFICA_ACCOUNT and PACIFICA_AGENT_WALLET_PRIVKEY, got "false"'],
    [{ PACIFICA_AGENT_WALLET_PRIVKEY: PRIV, PACIFICA_AGENT_WALLET_PUBKEY: '11111111111111111111111111111111' }, 'PACIFICA_AGENT_WALLET_PUBKEY: must match the public half of PACIFICA_AGENT_WALLET_PRIVKEY, got "11111111111111111111111111111111"'],
  ])('cross-key rule %j', (env, line) => {
    const r = parseConfig({ ...BASE, ...env });
    expect(!r.ok && r.errors).toEqual([line]);
  });

  it('accepts live trading with an account and a matching agent key pair', () => {

    const r = parseConfig({ ...BASE, PAPER_TRADING: 'false', PACIFICA_ACCOUNT: PUB, PACIFICA_AGENT_WALLET_PRIVKEY: PRIV, PACIFICA_AGENT_WALLET_PUBKEY: PUB });
    expect(r.ok && r.config.paperTrading).toBe(false);
  });

  it('fails when no data dir can be derived', () => {
    const r = parseConfig({});
    expect(!r.ok && r.errors).toEqual(['NEXWAVE_DATA_DIR: must be set when neither XDG_DATA_HOME nor HOME is set']);
  });

  it('warns about unknown NEXWAVE_/VWM_/PACIFICA_ keys with a suggestion, ignores others', () => {
    const r = parseConfig({ ...BASE, VWM_LOOKBAK_PERIOD: '30', NEXWAVE_COLOUR: 'x', PATH: '/bin' });
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual(['unknown setting NEXWAVE_COLOUR ignored', 'unknown setting VWM_LOOKBAK_PERIOD ignored (did you mean VWM_LOOKBACK_PERIOD?)']);
  });

  it('documents every setting with a rule and a doc line', () => {
    expect(SETTINGS.length).toBeGreaterThanOrEqual(39);
    for (const s of SETTINGS) expect(s.doc.length).toBeGreaterThan(5);
  });
});
