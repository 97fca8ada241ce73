/**
 * Compile-time equality of two types, for keeping a runtime schema (zod) and the declared
 * type it validates in step: `const _check: TypeEqual<A, B> = true` fails typecheck as soon
 * as either side drifts (a field added, removed, made optional or mutable on one side only).
 * The generic-function form compares types exactly, readonly and optional modifiers included.
 */
export type TypeEqual<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
