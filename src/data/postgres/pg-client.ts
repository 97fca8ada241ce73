import type postgres from 'postgres';
import type { Row, SqlClient } from '../sql/sql-client.js';

type Sql = postgres.Sql | postgres.TransactionSql;
type MapError = (err: unknown) => Error;

const run = async <T>(mapError: MapError, fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn();
  } catch (err) {
    throw mapError(err);
  }
};

const basics = (sql: Sql, mapError: MapError): Pick<SqlClient, 'query' | 'exec'> => ({
  query: <T extends Row>(text: string, params: readonly unknown[] = []) =>
    run(mapError, async () => [...(await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]))] as unknown as T[]),
  // The simple protocol accepts several statements in one string (migrations).
  exec: (script) => run(mapError, async () => void (await sql.unsafe(script).simple())),
});

/** SqlClient over the pool: every call may use any connection; transactions pin one. */
export function poolClient(sql: postgres.Sql, mapError: MapError): SqlClient {
  return {
    ...basics(sql, mapError),
    transaction: (fn) => run(mapError, () => sql.begin((tx) => fn(txClient(tx, mapError))) as Promise<never>),
  };
}

function txClient(tx: postgres.TransactionSql, mapError: MapError): SqlClient {
  return {
    ...basics(tx, mapError),
    transaction: (fn) => run(mapError, () => tx.savepoint((sp) => fn(txClient(sp, mapError))) as Promise<never>),
  };
}
