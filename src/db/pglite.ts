import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Db, Queryable, QueryResult } from './db.ts';
import { lockDataDir } from './lock.ts';

/** Rows per COPY call in embedded mode: PGlite copies from an in-memory blob, so chunks bound the memory. */
const COPY_CHUNK_BYTES = 8 * 1024 * 1024;

function wrap(target: Pick<PGlite, 'query'>): Queryable {
  return {
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const result = await target.query<T>(sql, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
  };
}

/** Opens (and on first use initialises) the embedded PostgreSQL in `dataDir`. */
export async function openEmbeddedDb(dataDir: string | null): Promise<Db> {
  // The lock lives next to the PostgreSQL files, not inside them.
  const release = dataDir ? lockDataDir(path.dirname(dataDir)) : () => undefined;
  let pg: PGlite;
  try {
    pg = await PGlite.create({ dataDir: dataDir ?? undefined, extensions: { postgis } });
  } catch (error) {
    release();
    throw error;
  }
  const base = wrap(pg);

  return {
    kind: 'embedded',
    query: base.query,
    async exec(sql) {
      await pg.exec(sql);
    },
    transaction(fn) {
      return pg.transaction((tx) => fn(wrap(tx)));
    },
    async copyFrom(copySql, chunks) {
      const blobSql = copySql.replace(/FROM\s+STDIN/i, "FROM '/dev/blob'");
      let buffer: string[] = [];
      let size = 0;
      let rows = 0;
      const flush = async () => {
        if (size === 0) return;
        const result = await pg.query(blobSql, [], { blob: new Blob(buffer) });
        rows += result.affectedRows ?? 0;
        buffer = [];
        size = 0;
      };
      for await (const chunk of chunks) {
        buffer.push(chunk);
        size += chunk.length;
        if (size >= COPY_CHUNK_BYTES) await flush();
      }
      await flush();
      return rows;
    },
    async close() {
      await pg.close();
      release();
    },
  };
}
