/** Result of one SQL statement. */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** Anything that runs parameterised SQL: the database itself or an open transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
}

/**
 * The one storage engine behind the hub: PostgreSQL with PostGIS, either embedded (PGlite) or external.
 * Callers write the same SQL for both.
 */
export interface Db extends Queryable {
  readonly kind: 'embedded' | 'external';
  /** Runs a script of several statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
  /** Runs fn in one transaction; it commits when fn resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Streams COPY ... FROM STDIN data (text format chunks) into a table.
   * `copySql` is a complete `COPY table (cols) FROM STDIN ...` statement.
   * Each chunk must end at a row boundary. Returns the number of rows written.
   */
  copyFrom(copySql: string, chunks: AsyncIterable<string>): Promise<number>;
  close(): Promise<void>;
}
