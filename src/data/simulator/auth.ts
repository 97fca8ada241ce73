/**
 * Signed-request checks of the simulated venue (pacifica-api.md §3): Ed25519 by the account
 * key or by an agent wallet the account bound with /agent/bind, and the expiry window
 * [timestamp, timestamp + expiry_window] against the wall clock or the sim clock (a client
 * on either clock is served). Answers like the venue: HTTP 400 for a bad signature.
 */
import { splitSignedBody, verifyOperation } from '../pacifica/signing.js';
import { fail, type RestResponse } from './http.js';

/** Tolerated client clock lead (ms): a request stamped slightly in the future is not rejected. */
const CLOCK_SKEW_MS = 1_000;
const DEFAULT_EXPIRY_MS = 30_000;

/** A verified request: the main account and the signed payload. */
export interface Verified {
  readonly account: string;
  readonly payload: Record<string, unknown>;
}

/** Signature verification with the agent-wallet bindings it needs. */
export interface Auth {
  verify(body: unknown, type: string): Verified | RestResponse;
  /** POST /agent/bind: signed by the main key, payload {agent_wallet}. */
  bind(body: unknown): RestResponse | null;
}

/** Narrow a verify() result. */
export const isVerified = (r: Verified | RestResponse): r is Verified => 'account' in r;

/** Create the verifier; `clocks` are the acceptable "now" readings (wall, sim). */
export function createAuth(clocks: () => readonly number[]): Auth {
  const agents = new Map<string, string>();

  const check = (body: unknown, type: string, payloadOf: (auth: Record<string, unknown>, payload: Record<string, unknown>) => Record<string, unknown>, signerOf: (auth: Record<string, unknown>) => unknown): Verified | RestResponse => {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(400, 'Invalid request body');
    const { auth, payload } = splitSignedBody(body as Record<string, unknown>);
    const { account, signature, timestamp } = auth;
    const expiry = auth.expiry_window ?? DEFAULT_EXPIRY_MS;
    if (typeof account !== 'string' || typeof signature !== 'string' || !Number.isSafeInteger(timestamp) || !Number.isSafeInteger(expiry)) {
      return fail(400, 'Missing or malformed auth fields (account, signature, timestamp, expiry_window)');
    }
    const ts = timestamp as number;
    const ew = expiry as number;
    if (!clocks().some((now) => now >= ts - CLOCK_SKEW_MS && now <= ts + ew)) return fail(400, 'Request expired or timestamp out of window');
    const signer = signerOf(auth);
    if (typeof signer !== 'string') return fail(400, 'Invalid agent wallet');
    if (signer !== account && agents.get(signer) !== account) return fail(400, 'Agent wallet not bound to account');
    const signed = payloadOf(auth, payload);
    if (!verifyOperation(signer, signature, type, signed, ts, ew)) return fail(400, 'Invalid signature');
    return { account, payload: signed };
  };

  return {
    verify: (body, type) => check(body, type, (_a, p) => p, (a) => (a.agent_wallet === undefined || a.agent_wallet === null ? a.account : a.agent_wallet)),
    bind(body) {
      const r = check(body, 'bind_agent_wallet', (a) => ({ agent_wallet: a.agent_wallet }), (a) => a.account);
      if (!isVerified(r)) return r;
      const agent = r.payload.agent_wallet;
      if (typeof agent !== 'string' || agent.length < 32) return fail(400, 'agent_wallet must be a base58 public key');
      agents.set(agent, r.account);
      return null;
    },
  };
}
