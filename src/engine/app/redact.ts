/**
 * Secret redaction for logs and error messages. Secrets (API keys, private keys, database
 * passwords) must never reach a log line or a terminal, so every logger and every error
 * printer passes values through here first.
 */
import { maskUrlPasswords } from '../core/url-secrets.js';

/** Field names whose values are secrets (matched case-insensitively anywhere in the name). */
export const SECRET_FIELD = /key|secret|privkey|password|token/i;

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

/**
 * Replace the password of a URL (`postgres://u:pw@h/db` -> `postgres://u:***@h/db`), found
 * the way the driver finds it (core/url-secrets.ts: the user info ends at the last `@`).
 * Works on strings that are not valid URLs too, because a malformed DATABASE_URL is exactly
 * the one a user needs to see without its password.
 */
export function redactUrl(url: string): string {
  return maskUrlPasswords(url);
}

/** Redact URL passwords anywhere inside a piece of text (error messages, stack traces). */
export function redactText(text: string): string {
  return redactUrl(text);
}

/**
 * Deep copy of `value` with secrets removed: fields whose names look secret become
 * `[redacted]`, URL passwords inside strings become `***`, errors become plain objects
 * (name, message, code) and cycles become `[circular]`. The result is JSON-serialisable.
 */
export function redact(value: unknown): unknown {
  return redactInner(value, new WeakSet<object>());
}

function redactInner(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? String(value) : value;
  }
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) return redactError(value, seen);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => redactInner(v, seen));
  if (value instanceof Map) return redactInner(Object.fromEntries(value), seen);
  if (value instanceof Set) return redactInner([...value], seen);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_FIELD.test(k) && v !== undefined && v !== null ? REDACTED : redactInner(v, seen);
  }
  return out;
}

function redactError(err: Error, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { name: err.name, message: redactText(err.message) };
  const code = (err as { code?: unknown }).code;
  if (code !== undefined) out.code = redactInner(code, seen);
  if (err.cause !== undefined) out.cause = redactInner(err.cause, seen);
  return out;
}

/** Show a secret value only by its length, so a user can tell "empty" from "wrong". */
export function describeSecret(value: string): string {
  return `${REDACTED} (${value.length} chars)`;
}
