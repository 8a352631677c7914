import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStream } from 'pg-copy-streams';
import type { Db, Queryable, QueryResult } from './db.ts';

// PostgreSQL returns bigint (int8) and numeric as strings by default. Counts and ids fit into
// a double, so int8 becomes a number; numeric stays a string so decimals keep their precision.
pg.types.setTypeParser(20, (value) => Number(value));

/** Chunks that copyFrom reads ahead of the COPY stream. */
const COPY_READ_AHEAD_CHUNKS = 2;

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
    },
  };
}

/** Connects to an external PostgreSQL server with PostGIS. */
export async function openExternalDb(databaseUrl: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // Fails early with the server's message when the URL is wrong or the server is down.
  const probe = await pool.connect();
  probe.release();
  const base = wrap(pool);

  return {
    kind: 'external',
    query: base.query,
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async copyFrom(copySql, chunks) {
      const client = await pool.connect();
      try {
        const stream = client.query(copyFromStream(copySql));
        // Two chunks of read-ahead keep the producer busy while PostgreSQL parses the previous chunk.
        // The default of 16 would keep more chunks waiting, long enough that they move to V8's old space.
        await pipeline(Readable.from(chunks, { highWaterMark: COPY_READ_AHEAD_CHUNKS }), stream);
        return Number(stream.rowCount ?? 0);
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
