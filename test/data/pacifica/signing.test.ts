import { describe, expect, it } from 'vitest';
import { keypairFromSeed, parseSecretKey, signOperation, signingMessage, splitSignedBody, verifyOperation } from '../../../src/data/pacifica/signing.js';

const seed = new Uint8Array(32).map((_, i) => i + 1);

describe('pacifica signing', () => {
  it('builds the documented message for create_order (pacifica-api.md §3.2)', () => {
    const payload = { symbol: 'BTC', price: '100000', reduce_only: false, amount: '0.1', side: 'bid', tif: 'GTC', client_order_id: '12345678-1234-1234-1234-123456789abc' };
    expect(signingMessage('create_order', 1748970123456, 5000, payload)).toBe(
      '{"data":{"amount":"0.1","client_order_id":"12345678-1234-1234-1234-123456789abc","price":"100000","reduce_only":false,"side":"bid","symbol":"BTC","tif":"GTC"},"expiry_window":5000,"timestamp":1748970123456,"type":"create_order"}',
    );
  });

  it('signs and verifies; any change to the payload breaks the signature', () => {
    const kp = keypairFromSeed(seed);
    const payload = { symbol: 'SOL', amount: '1.5', side: 'ask', nested: { b: 1, a: [3, 2] } };
    const h = signOperation(kp, 'create_market_order', payload, 1_700_000_000_000, 5000);
    expect(verifyOperation(kp.publicKey, h.signature, 'create_market_order', payload, h.timestamp, h.expiry_window)).toBe(true);
    expect(verifyOperation(kp.publicKey, h.signature, 'create_market_order', { ...payload, amount: '1.50' }, h.timestamp, 5000)).toBe(false);
    expect(verifyOperation(kp.publicKey, h.signature, 'create_order', payload, h.timestamp, 5000)).toBe(false);
    expect(verifyOperation(kp.publicKey, 'not-base58-!!', 'create_order', payload, h.timestamp, 5000)).toBe(false);
  });

  it('parses 64-byte and 32-byte secrets and never echoes key material in errors', () => {
    const kp = keypairFromSeed(seed);
    expect(parseSecretKey(kp.secretB58).publicKey).toBe(kp.publicKey);
    const tampered = kp.secretB58.slice(0, -3) + '111';
    for (const bad of ['0OIl', 'abc', tampered]) {
      try {
        parseSecretKey(bad);
        expect.unreachable();
      } catch (e) {
        expect((e as Error).message).not.toContain(bad);
        expect((e as { code: string }).code).toBe('CONFIG.INVALID');
      }
    }
  });

  it('splits a signed body into auth fields and payload', () => {
    const { auth, payload } = splitSignedBody({ account: 'A', signature: 's', timestamp: 1, expiry_window: 2, symbol: 'BTC', amount: '1' });
    expect(auth).toEqual({ account: 'A', signature: 's', timestamp: 1, expiry_window: 2 });
    expect(payload).toEqual({ symbol: 'BTC', amount: '1' });
  });
});
