/**
 * Structural sharing for published state: `share(prev, next)` returns `prev` itself
 * wherever `next` holds equal plain data, so a selector over an unchanged slice gets the
 * same reference and its view does not re-render. New objects are frozen, so published
 * state can never be mutated afterwards (a mutation throws in strict mode).
 * Published state must cross the control socket as JSON, so anything JSON would drop or
 * mangle (a Map, a Set, a class instance, a function) is refused with STATE.NOT_PLAIN,
 * naming where it is, instead of leaking out silently.
 */
import { NexwaveError } from '../errors.js';

type Plain = null | boolean | number | string | undefined | readonly Plain[] | { readonly [k: string]: Plain };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** What a non-plain value is, for the error. */
function kindOf(v: object): string {
  if (typeof v === 'function') return 'a function';
  const name = (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name ? `a ${name}` : 'a class instance';
}

function assertPlain(v: unknown, path: string): void {
  if (typeof v === 'function') throw notPlain(v, path);
  if (!isObject(v) || Array.isArray(v)) return;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw notPlain(v, path);
}

const notPlain = (v: object, path: string): NexwaveError =>
  new NexwaveError('STATE.NOT_PLAIN', `published state must be plain JSON data, but ${path || 'the state'} is ${kindOf(v)}: publish an array or a plain object instead`);

function shareArray(prev: unknown, next: readonly unknown[], path: string): readonly unknown[] {
  const p = Array.isArray(prev) ? (prev as readonly unknown[]) : null;
  let same = p !== null && p.length === next.length;
  const out = next.map((v, i) => {
    const s = shareAt(p?.[i], v, `${path}[${i}]`);
    if (s !== p?.[i]) same = false;
    return s;
  });
  return same && p ? p : Object.freeze(out);
}

function shareObject(prev: unknown, next: Record<string, unknown>, path: string): Record<string, unknown> {
  const p = isObject(prev) && !Array.isArray(prev) ? prev : null;
  const keys = Object.keys(next);
  let same = p !== null && Object.keys(p).length === keys.length;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const s = shareAt(p !== null && Object.hasOwn(p, k) ? p[k] : undefined, next[k], path ? `${path}.${k}` : k);
    if (p === null || !Object.hasOwn(p, k) || s !== p[k]) same = false;
    out[k] = s;
  }
  return same && p ? p : Object.freeze(out);
}

/** `next` with every part equal to `prev`'s replaced by `prev`'s object (deep, plain data only). */
export function share<T>(prev: unknown, next: T): T {
  return shareAt(prev, next, '');
}

function shareAt<T>(prev: unknown, next: T, path: string): T {
  if (prev === next) return next;
  assertPlain(next, path);
  // Already published (frozen here before): keep it, so an item that moved in a list
  // (the log dropping its oldest line) keeps its identity.
  if (typeof next === 'object' && next !== null && Object.isFrozen(next)) return next;
  if (Array.isArray(next)) return shareArray(prev, next, path) as T;
  if (isObject(next)) return shareObject(prev, next, path) as T;
  return next;
}

export type { Plain };
