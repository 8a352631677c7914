/** Helpers for the import tests: datasets set up by SQL, multipart uploads through app.inject. */
import fs from 'node:fs';
import path from 'node:path';
import type { TestHub } from '../../test/harness.ts';

export interface DatasetSetup {
  space: string;
  dataset: string;
  datasetId: number;
  spaceId: number;
  base: string;
}

/** Creates a dataspace and an empty dataset directly in the database. */
export async function createDataset(hub: TestHub, space: string, dataset: string): Promise<DatasetSetup> {
  const existing = await hub.ctx.db.query<{ id: number }>('SELECT id FROM dataspaces WHERE slug = $1', [space]);
  const spaceId = existing.rows[0]
    ? Number(existing.rows[0].id)
    : Number((await hub.ctx.db.query<{ id: number }>("INSERT INTO dataspaces (slug, name) VALUES ($1, $1) RETURNING id", [space])).rows[0].id);
  const { rows } = await hub.ctx.db.query<{ id: number }>(
    'INSERT INTO datasets (dataspace_id, slug, title) VALUES ($1, $2, $2) RETURNING id',
    [spaceId, dataset],
  );
  return { space, dataset, spaceId, datasetId: Number(rows[0].id), base: `/api/v1/dataspaces/${space}/datasets/${dataset}/imports` };
}

/** Builds a multipart body with the given fields first and the file last. */
export async function multipartBody(file: { name: string; content: Blob | Buffer | string }, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const content = file.content;
  const blob = content instanceof Blob ? content : new Blob([typeof content === 'string' ? content : new Uint8Array(content)]);
  form.append('file', blob, file.name);
  const encoded = new Response(form);
  return {
    payload: Buffer.from(await encoded.arrayBuffer()),
    headers: { 'content-type': encoded.headers.get('content-type')! },
  };
}

export async function upload(
  hub: TestHub,
  setup: DatasetSetup,
  auth: Record<string, string>,
  file: { name: string; content: Blob | Buffer | string } | string,
  fields: Record<string, string> = {},
  query = '',
) {
  const named = typeof file === 'string' ? { name: path.basename(file), content: await fs.openAsBlob(file) } : file;
  const body = await multipartBody(named, fields);
  return hub.app.inject({
    method: 'POST',
    url: `${setup.base}${query}`,
    headers: { ...auth, ...body.headers },
    payload: body.payload,
  });
}

/** Reads the current version of a dataset from the database: number, table and row count. */
export async function currentVersion(hub: TestHub, datasetId: number) {
  const { rows } = await hub.ctx.db.query<{ version: number | null; table_name: string | null; row_count: number | null }>(
    `SELECT d.current_version AS version, v.table_name, v.row_count
       FROM datasets d LEFT JOIN dataset_versions v ON v.dataset_id = d.id AND v.version = d.current_version
      WHERE d.id = $1`,
    [datasetId],
  );
  const row = rows[0];
  return { version: row.version, tableName: row.table_name, rowCount: row.row_count === null ? null : Number(row.row_count) };
}
