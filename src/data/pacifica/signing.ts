/**
 * Pacifica request signing (pacifica-api.md §3): Ed25519 over the compact JSON of
 * {type, timestamp, expiry_window, data} with keys sorted recursively; base58 signature.
 * Used by the live client to sign and by the simulator to verify.
 */
import * as ed from '@noble/ed25519';
import bs58 from 'bs58';
import { createHash } from 'node:crypto';
import { NexwaveError } from '../../engine/core/errors.js';

// Synchronous SHA-512 from node:crypto so sign/verify need no WebCrypto round trip.
ed.hashes.sha512 = (msg: Uint8Array) => new Uint8Array(createHash('sha512').update(msg).digest());

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

/** Recursively sort object keys (array order kept) and drop undefined members. */
export function sortDeep(value: unknown): JsonValue {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortDeep(v);
    }
    return out;
  }
  return value as JsonValue;
}

/** The exact string that is signed (docs worked example in pacifica-api.md §3.2). */
export function signingMessage(type: string, timestamp: number, expiryWindow: number, payload: Record<string, unknown>): string {
  return JSON.stringify(sortDeep({ type, timestamp, expiry_window: expiryWindow, data: payload }));
}

/** A parsed signing key: 32-byte seed and its base58 public key. */
export interface Keypair {
  readonly seed: Uint8Array;
  readonly publicKey: string;
}

/**
 * Parse a base58 Solana secret key (64 bytes seed‖pub, or a bare 32-byte seed).
 * Errors never echo the key material.
 */
export function parseSecretKey(secretB58: string, label = 'private key'): Keypair {
  let bytes: Uint8Array;
  try {
    bytes = bs58.decode(secretB58.trim());
  } catch {
    throw new NexwaveError('CONFIG.INVALID', `${label} is not valid base58 (value redacted)`);
  }
  if (bytes.length !== 64 && bytes.length !== 32) {
    throw new NexwaveError('CONFIG.INVALID', `${label} must decode to 64 or 32 bytes, got ${bytes.length} (value redacted)`);
  }
  const seed = bytes.slice(0, 32);
  const pub = ed.getPublicKey(seed);
  if (bytes.length === 64 && !bytes.slice(32).every((b, i) => b === pub[i])) {
    throw new NexwaveError('CONFIG.INVALID', `${label}: the public half does not match the seed (value redacted)`);
  }
  return { seed, publicKey: bs58.encode(pub) };
}

/** Generate a fresh keypair (tests, simulator accounts). `seed` must be 32 random bytes. */
export function keypairFromSeed(seed: Uint8Array): Keypair & { secretB58: string } {
  const pub = ed.getPublicKey(seed);
  const full = new Uint8Array(64);
  full.set(seed, 0);
  full.set(pub, 32);
  return { seed, publicKey: bs58.encode(pub), secretB58: bs58.encode(full) };
}

export interface SignedHeader {
  readonly signature: string;
  readonly timestamp: number;
  readonly expiry_window: number;
}

/** Sign an operation; returns the auth fields to spread into the request body. */
export function signOperation(key: Keypair, type: string, payload: Record<string, unknown>, timestamp: number, expiryWindow = 5_000): SignedHeader {
  const msg = new TextEncoder().encode(signingMessage(type, timestamp, expiryWindow, payload));
  return { signature: bs58.encode(ed.sign(msg, key.seed)), timestamp, expiry_window: expiryWindow };
}

/** Verify a base58 signature by `publicKeyB58` over the operation. False on any malformed input. */
export function verifyOperation(publicKeyB58: string, signatureB58: string, type: string, payload: Record<string, unknown>, timestamp: number, expiryWindow: number): boolean {
  try {
    const msg = new TextEncoder().encode(signingMessage(type, timestamp, expiryWindow, payload));
    return ed.verify(bs58.decode(signatureB58), msg, bs58.decode(publicKeyB58));
  } catch {
    return false;
  }
}

/** Auth fields that wrap the flattened payload in a signed request body (§3.2 step 6). */
export const AUTH_FIELDS = ['account', 'agent_wallet', 'signature', 'timestamp', 'expiry_window'] as const;

/** Split a signed body back into auth fields and payload (what the server re-signs). */
export function splitSignedBody(body: Record<string, unknown>): { auth: Record<string, unknown>; payload: Record<string, unknown> } {
  const auth: Record<string, unknown> = {};
  const payload: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if ((AUTH_FIELDS as readonly string[]).includes(k)) auth[k] = v;
    else payload[k] = v;
  }
  return { auth, payload };
}
