/**
 * Changes between two EngineState snapshots as a short list of operations, for the
 * control socket. Published states share structure (share-structure.ts): an unchanged
 * part keeps its identity, so the diff walks only into parts whose identity changed and
 * stops at the first level where a value is new. Bounded lists that move by a few entries
 * (the log tail appends, alerts and whales prepend, sparkline closes shift) are sent as a
 * splice of the previous list, not re-sent whole.
 *
 * `applyPatch(prev, diffState(prev, next))` equals `next`, and keeps `prev`'s objects
 * wherever nothing changed (a selector over them does not re-render on the client).
 */

export type PatchPath = readonly (string | number)[];

/**
 * - `['s', path, value]`: set (an empty path replaces the whole state)
 * - `['d', path]`: delete an object key
 * - `['a', path, head, start, end, tail]`: the list becomes head ++ prev.slice(start, end) ++ tail
 */
export type PatchOp =
  | readonly ['s', PatchPath, unknown]
  | readonly ['d', PatchPath]
  | readonly ['a', PatchPath, readonly unknown[], number, number, readonly unknown[]];

/** Below this depth a changed value is sent whole (ops for single numbers deep inside cost more than they save). */
const MAX_DEPTH = 6;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function diffState(prev: unknown, next: unknown): PatchOp[] {
  const ops: PatchOp[] = [];
  walk(prev, next, [], ops);
  return ops;
}

function walk(prev: unknown, next: unknown, path: (string | number)[], ops: PatchOp[]): void {
  if (prev === next) return;
  if (path.length < MAX_DEPTH && isObj(prev) && isObj(next)) return diffObject(prev, next, path, ops);
  if (path.length < MAX_DEPTH && Array.isArray(prev) && Array.isArray(next)) return diffArray(prev, next, path, ops);
  ops.push(['s', [...path], next]);
}

function diffObject(prev: Obj, next: Obj, path: (string | number)[], ops: PatchOp[]): void {
  for (const k of Object.keys(prev)) if (!(k in next)) ops.push(['d', [...path, k]]);
  for (const k of Object.keys(next)) {
    if (!(k in prev)) ops.push(['s', [...path, k], next[k]]);
    else walk(prev[k], next[k], [...path, k], ops);
  }
}

function diffArray(prev: readonly unknown[], next: readonly unknown[], path: (string | number)[], ops: PatchOp[]): void {
  if (prev.length === next.length) {
    const changed = next.reduce<number>((n, v, i) => (v === prev[i] ? n : n + 1), 0);
    // A shifted list (a new close, a new log line) differs at every index: a splice is shorter.
    const splice = changed > 1 ? findSplice(prev, next) : null;
    if (splice) return void ops.push(['a', [...path], ...splice]);
    next.forEach((v, i) => walk(prev[i], v, [...path, i], ops));
    return;
  }
  const splice = findSplice(prev, next);
  ops.push(splice ? ['a', [...path], ...splice] : ['s', [...path], next]);
}

/** `next` as head ++ prev[start, end) ++ tail, when the overlap is at least half of `next`. */
function findSplice(prev: readonly unknown[], next: readonly unknown[]): [unknown[], number, number, unknown[]] | null {
  if (prev.length === 0 || next.length === 0) return null;
  // Appended at the end (oldest dropped): next starts inside prev.
  const j = prev.indexOf(next[0]);
  if (j >= 0) {
    const keep = Math.min(prev.length - j, next.length);
    if (sameRun(prev, j, next, 0, keep) && keep * 2 >= next.length) return [[], j, j + keep, next.slice(keep)];
  }
  // Prepended at the front (most recent first, oldest dropped): prev starts inside next.
  const i = next.indexOf(prev[0]);
  if (i >= 0) {
    const keep = Math.min(next.length - i, prev.length);
    if (sameRun(prev, 0, next, i, keep) && keep * 2 >= next.length && i + keep === next.length) return [next.slice(0, i), 0, keep, []];
  }
  return null;
}

function sameRun(a: readonly unknown[], ai: number, b: readonly unknown[], bi: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (a[ai + k] !== b[bi + k]) return false;
  return true;
}

/** Apply ops to `state` without mutating it; untouched parts keep their identity. */
export function applyPatch<T>(state: T, ops: readonly PatchOp[]): T {
  let out: unknown = state;
  for (const op of ops) out = applyOp(out, op);
  return out as T;
}

function applyOp(root: unknown, op: PatchOp): unknown {
  const path = op[1];
  if (path.length === 0) {
    if (op[0] === 's') return op[2];
    if (op[0] === 'a') return splice(root, op);
    throw new Error('patch: cannot delete the root');
  }
  return update(root, path, 0, (parent, key) => {
    if (op[0] === 'd') {
      if (Array.isArray(parent)) throw new Error(`patch: delete inside a list at ${path.join('.')}`);
      const { [key]: _gone, ...rest } = parent as Obj;
      return rest;
    }
    const value = op[0] === 's' ? op[2] : splice((parent as Obj)[key], op);
    if (Array.isArray(parent)) return parent.map((v, i) => (i === key ? value : v));
    return { ...(parent as Obj), [key]: value };
  });
}

type Leaf = (parent: Obj | unknown[], key: string | number) => unknown;

function update(node: unknown, path: PatchPath, depth: number, leaf: Leaf): unknown {
  if (typeof node !== 'object' || node === null) throw new Error(`patch: no container at ${path.slice(0, depth).join('.') || '(root)'}`);
  const key = path[depth] as string | number;
  const container = node as Obj | unknown[];
  if (depth === path.length - 1) return leaf(container, key);
  const child = update((container as Obj)[key], path, depth + 1, leaf);
  if (Array.isArray(container)) return container.map((v, i) => (i === key ? child : v));
  return { ...container, [key]: child };
}

function splice(list: unknown, op: PatchOp): unknown[] {
  if (op[0] !== 'a') throw new Error('patch: not a splice');
  if (!Array.isArray(list)) throw new Error(`patch: splice of a non-list at ${op[1].join('.')}`);
  const [, , head, start, end, tail] = op;
  if (start < 0 || end > list.length || start > end) throw new Error(`patch: splice [${start}, ${end}) outside a list of ${list.length}`);
  return [...head, ...list.slice(start, end), ...tail];
}
