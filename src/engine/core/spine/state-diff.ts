/**
 * Deep differences between two snapshots, for the control socket: a client that holds
 * `prev` and applies `diffState(prev, next)` holds `next`. Because published snapshots share
 * structure, unchanged subtrees are skipped by identity, so the diff costs what changed.
 * Arrays whose length changed are sent whole (lists that grow at the front: alerts, whales).
 */

export type PathKey = string | number;

/**
 * Set the value at `p` (replacing it whole); delete the key at `p` (`d`); or splice the array
 * at `p`: remove `s[1]` items at index `s[0]` and insert `s[2]` there.
 */
export type PatchOp =
  | { readonly p: readonly PathKey[]; readonly v: unknown }
  | { readonly p: readonly PathKey[]; readonly d: true }
  | { readonly p: readonly PathKey[]; readonly s: readonly [number, number, readonly unknown[]] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Bounded lists change at their ends: the log appends and drops its oldest line, alerts and
 * whales prepend and drop their last. Matching items by identity turns that into one or two
 * splices instead of resending the list.
 */
function diffArray(prev: readonly unknown[], next: readonly unknown[], path: PathKey[], out: PatchOp[]): void {
  const n = prev.length;
  // Appended at the back, oldest dropped from the front (the log).
  const drop = next.length > 0 ? prev.indexOf(next[0]) : -1;
  if (drop > 0 && n - drop <= next.length && prev.slice(drop).every((v, i) => v === next[i])) {
    out.push({ p: path, s: [0, drop, []] }, { p: path, s: [n - drop, 0, next.slice(n - drop)] });
    return;
  }
  // Prepended at the front, last dropped from the back (alerts, whales, recent orders).
  const add = n > 0 ? next.indexOf(prev[0]) : -1;
  if (add > 0 && next.slice(add).every((v, i) => v === prev[i])) {
    out.push({ p: path, s: [next.length - add, n - (next.length - add), []] }, { p: path, s: [0, 0, next.slice(0, add)] });
    return;
  }
  if (n === next.length) next.forEach((v, i) => walk(prev[i], v, [...path, i], out));
  else out.push({ p: path, v: next });
}

function walk(prev: unknown, next: unknown, path: PathKey[], out: PatchOp[]): void {
  if (prev === next) return;
  if (Array.isArray(prev) && Array.isArray(next)) {
    diffArray(prev, next, path, out);
    return;
  }
  if (isRecord(prev) && isRecord(next)) {
    for (const k of Object.keys(next)) {
      if (!Object.hasOwn(prev, k)) out.push({ p: [...path, k], v: next[k] });
      else walk(prev[k], next[k], [...path, k], out);
    }
    for (const k of Object.keys(prev)) if (!Object.hasOwn(next, k)) out.push({ p: [...path, k], d: true });
    return;
  }
  out.push({ p: path, v: next });
}

export function diffState(prev: unknown, next: unknown): PatchOp[] {
  const out: PatchOp[] = [];
  walk(prev, next, [], out);
  return out;
}

function leaf(node: unknown, op: PatchOp): unknown {
  if ('v' in op) return op.v;
  if ('s' in op) {
    const copy = Array.isArray(node) ? [...node] : [];
    copy.splice(op.s[0], op.s[1], ...op.s[2]);
    return copy;
  }
  return undefined;
}

function setIn(node: unknown, path: readonly PathKey[], op: PatchOp, depth: number): unknown {
  if (depth === path.length) return leaf(node, op);
  const key = path[depth] as PathKey;
  if (Array.isArray(node)) {
    const copy = [...node];
    copy[key as number] = setIn(node[key as number], path, op, depth + 1);
    return copy;
  }
  const rec = isRecord(node) ? node : {};
  if (depth === path.length - 1 && 'd' in op) {
    const { [key]: _gone, ...rest } = rec;
    return rest;
  }
  return { ...rec, [key]: setIn(Object.hasOwn(rec, key) ? rec[key] : undefined, path, op, depth + 1) };
}

/** `state` with the ops applied, copying only the paths they touch. */
export function applyPatch<T>(state: T, ops: readonly PatchOp[]): T {
  let out: unknown = state;
  for (const op of ops) out = setIn(out, op.p, op, 0);
  return out as T;
}
