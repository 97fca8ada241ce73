/** One result row as the driver returns it (column name -> value). */
export type Row = Record<string, unknown>;

/**
 * The tiny surface the shared SQL store needs from a driver. postgres.js and the PGlite worker
 * proxy both implement it, so every query is written once.
 */
export interface SqlClient {
  /** One statement with `$n` parameters; resolves to its rows (empty for DML without RETURNING). */
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** A script of several statements, no parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Run `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}

/**
 * Encode values as a PostgreSQL array literal ('{1,2,"a b"}'), to be cast in SQL
 * (`$1::float8[]`). Both drivers pass a string through unchanged, which keeps `unnest`
 * batches identical on postgres.js and PGlite without relying on driver array inference.
 */
export function pgArray(values: readonly (string | number | null)[]): string {
  const items = values.map((v) => {
    if (v === null) return 'NULL';
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new RangeError(`non-finite number in SQL array: ${v}`);
      return String(v);
    }
    return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

/** SQL expression: epoch milliseconds (float8 parameter or column) as timestamptz, exactly. */
export const msToTs = (expr: string): string => `(timestamptz 'epoch' + (${expr}) * interval '1 millisecond')`;

/** SQL expression: a timestamptz column as epoch milliseconds (float8). */
export const tsToMs = (col: string): string => `(extract(epoch FROM ${col}) * 1000)::float8`;

/** Read a numeric column that drivers may hand back as number, bigint or string. */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' || typeof v === 'string') return Number(v);
  throw new TypeError(`expected a number from SQL, got ${typeof v}`);
}

/** Like `num`, but SQL NULL stays null. */
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
