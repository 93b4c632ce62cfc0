/**
 * The slice of node-postgres' Pool the app uses. `pg.Pool` satisfies it, and so does
 * `PglitePool` (the embedded database): the same adapters and SQL run on both.
 */
export interface SqlQueryResult<Row = Record<string, unknown>> {
  rows: Row[];
  rowCount: number | null;
}

export interface SqlClient {
  query<Row = any>(sql: string, params?: unknown[]): Promise<SqlQueryResult<Row>>;
  release(error?: unknown): void;
}

export interface SqlPool {
  query<Row = any>(sql: string, params?: unknown[]): Promise<SqlQueryResult<Row>>;
  connect(): Promise<SqlClient>;
  end(): Promise<void>;
}
