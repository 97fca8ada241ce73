/**
 * Structural sharing for published state: `share(prev, next)` returns `prev` itself
 * wherever `next` holds equal plain data, so a selector over an unchanged slice gets the
 * same reference and its view does not re-render. New objects are frozen, so published
 * state can never be mutated afterwards (a mutation throws in strict mode).
 */

type Plain = null | boolean | number | string | undefined | readonly Plain[] | { readonly [k: string]: Plain };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function shareArray(prev: unknown, next: readonly unknown[]): readonly unknown[] {
  const p = Array.isArray(prev) ? (prev as readonly unknown[]) : null;
  let same = p !== null && p.length === next.length;
  const out = next.map((v, i) => {
    const s = share(p?.[i], v);
    if (s !== p?.[i]) same = false;
    return s;
  });
  return same && p ? p : Object.freeze(out);
}

function shareObject(prev: unknown, next: Record<string, unknown>): Record<string, unknown> {
  const p = isObject(prev) && !Array.isArray(prev) ? prev : null;
  const keys = Object.keys(next);
  let same = p !== null && Object.keys(p).length === keys.length;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const s = share(p !== null && Object.hasOwn(p, k) ? p[k] : undefined, next[k]);
    if (p === null || !Object.hasOwn(p, k) || s !== p[k]) same = false;
    out[k] = s;
  }
  return same && p ? p : Object.freeze(out);
}

/** `next` with every part equal to `prev`'s replaced by `prev`'s object (deep, plain data only). */
export function share<T>(prev: unknown, next: T): T {
  if (prev === next) return next;
  // Already published (frozen here before): keep it, so an item that moved in a list
  // (the log dropping its oldest line) keeps its identity.
  if (typeof next === 'object' && next !== null && Object.isFrozen(next)) return next;
  if (Array.isArray(next)) return shareArray(prev, next) as T;
  if (isObject(next)) return shareObject(prev, next) as T;
  return next;
}

export type { Plain };
