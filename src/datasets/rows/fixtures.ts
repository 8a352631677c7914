/** Test helpers that create dataspaces, users and ready dataset versions directly with SQL. */
import type { Queryable } from '../../db/db.ts';
import type { ColumnSpec } from '../../ingest/types.ts';
import type { App } from '../../http/app.ts';
import { adminHeaders } from '../../../test/harness.ts';

export async function createSpace(db: Queryable, slug: string, name = slug): Promise<number> {
  const { rows } = await db.query<{ id: string }>('INSERT INTO dataspaces (slug, name) VALUES ($1, $2) RETURNING id::text', [slug, name]);
  return Number(rows[0].id);
}

/** Creates a user through the API (so the password hash is real) and optionally adds a membership. */
export async function createUser(app: App, username: string, membership?: { spaceId: number; role: string }): Promise<void> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: await adminHeaders(app),
    payload: { username, password: 'lang-genug-123', displayName: username },
  });
  if (response.statusCode !== 201) throw new Error(`creating user ${username} failed: ${response.body}`);
  if (membership) {
    await app.ctx.db.query(
      'INSERT INTO memberships (dataspace_id, user_id, role) SELECT $1, id, $2 FROM users WHERE username = $3',
      [membership.spaceId, membership.role, username],
    );
  }
}

export interface DatasetFixture {
  spaceId: number;
  slug: string;
  title?: string;
  description?: string;
  accessLevel?: 'oeffentlich' | 'intern' | 'datenraum';
  metadata?: Record<string, unknown>;
}

export async function createDataset(db: Queryable, fixture: DatasetFixture): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO datasets (dataspace_id, slug, title, description, access_level, metadata)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
    [
      fixture.spaceId,
      fixture.slug,
      fixture.title ?? fixture.slug,
      fixture.description ?? '',
      fixture.accessLevel ?? 'oeffentlich',
      JSON.stringify(fixture.metadata ?? {}),
    ],
  );
  return Number(rows[0].id);
}

const SQL_TYPES: Record<ColumnSpec['type'], (spec: ColumnSpec) => string> = {
  text: () => 'text',
  integer: () => 'bigint',
  decimal: () => 'numeric',
  boolean: () => 'boolean',
  date: () => 'date',
  timestamp: () => 'timestamptz',
  geometry: (spec) => `geometry(Geometry, ${spec.srid ?? 4326})`,
};

/**
 * Creates the data table of a ready version the way the loader lays it out (_row plus physical
 * columns), fills it with `fill` (SQL that may use the table name) and makes it current.
 */
export async function createVersion(
  db: Queryable,
  datasetId: number,
  version: number,
  columns: ColumnSpec[],
  fill: (table: string) => string,
  makeCurrent = true,
): Promise<string> {
  const tableName = `ds${datasetId}_v${version}`;
  const table = `datahub_data."${tableName}"`;
  const definitions = columns.map((spec) => `"${spec.physical}" ${SQL_TYPES[spec.type](spec)}`);
  await db.query(`CREATE TABLE ${table} (_row bigint PRIMARY KEY, ${definitions.join(', ')})`);
  await db.query(fill(table));
  const { rows } = await db.query<{ count: string }>(`SELECT count(*)::text AS count FROM ${table}`);
  await db.query(
    `INSERT INTO dataset_versions (dataset_id, version, status, table_name, columns, row_count, completed_at)
     VALUES ($1, $2, 'ready', $3, $4, $5, now())`,
    [datasetId, version, tableName, JSON.stringify(columns), Number(rows[0].count)],
  );
  if (makeCurrent) await db.query('UPDATE datasets SET current_version = $2 WHERE id = $1', [datasetId, version]);
  return table;
}

export const column = (name: string, type: ColumnSpec['type'], physical: string, srid?: number): ColumnSpec => ({
  name,
  sourceName: name,
  type,
  physical,
  ...(srid ? { srid } : {}),
});
