import type { Queryable } from '../db/db.ts';
import type { Principal } from '../auth/principal.ts';
import { assertAllowed, isAllowed, type Action } from '../auth/permissions.ts';
import type { AccessLevel } from '../auth/roles.ts';
import { notFound } from '../http/problem.ts';
import { dataspaceNotFound, findDataspace, type DataspaceRef } from '../dataspaces/lookup.ts';
import type { ColumnSpec } from '../ingest/types.ts';

export interface DatasetRef {
  id: number;
  slug: string;
  title: string;
  description: string;
  accessLevel: AccessLevel;
  metadata: Record<string, unknown>;
  currentVersion: number | null;
  createdAt: string;
  updatedAt: string;
  space: DataspaceRef;
}

export interface VersionRef {
  version: number;
  tableName: string;
  columns: ColumnSpec[];
  rowCount: number;
}

export const datasetNotFound = (space: string, slug: string) =>
  notFound({
    de: `Den Datensatz „${slug}“ im Datenraum „${space}“ gibt es nicht, oder Sie haben keinen Zugriff darauf.`,
    en: `Dataset "${slug}" in dataspace "${space}" does not exist or you have no access to it.`,
  });

/**
 * Loads a dataset and checks `action` for the caller. A caller who may not even read the
 * dataset gets 404, so the existence of protected datasets does not leak.
 */
export async function loadDataset(
  db: Queryable,
  spaceSlug: string,
  datasetSlug: string,
  principal: Principal | null,
  action: Action,
): Promise<DatasetRef> {
  const space = await findDataspace(db, spaceSlug, principal);
  if (!space) throw dataspaceNotFound(spaceSlug);
  const { rows } = await db.query<{
    id: number;
    slug: string;
    title: string;
    description: string;
    access_level: AccessLevel;
    metadata: Record<string, unknown>;
    current_version: number | null;
    created_at: Date;
    updated_at: Date;
  }>(
    `SELECT id, slug, title, description, access_level, metadata, current_version, created_at, updated_at
       FROM datasets WHERE dataspace_id = $1 AND slug = $2`,
    [space.id, datasetSlug],
  );
  const row = rows[0];
  if (!row) throw datasetNotFound(spaceSlug, datasetSlug);
  const scope = { dataspaceId: space.id, role: space.role, accessLevel: row.access_level };
  if (!isAllowed(principal, 'dataset.read', scope)) throw datasetNotFound(spaceSlug, datasetSlug);
  assertAllowed(principal, action, scope);
  return {
    id: Number(row.id),
    slug: row.slug,
    title: row.title,
    description: row.description,
    accessLevel: row.access_level,
    metadata: row.metadata,
    currentVersion: row.current_version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    space,
  };
}

/** Loads a ready version of a dataset; without `version` the current one. Null when the dataset has no data yet. */
export async function loadVersion(db: Queryable, dataset: DatasetRef, version?: number): Promise<VersionRef | null> {
  const requested = version ?? dataset.currentVersion;
  if (requested === null || requested === undefined) return null;
  const { rows } = await db.query<{ version: number; table_name: string; columns: ColumnSpec[]; row_count: number }>(
    `SELECT version, table_name, columns, row_count FROM dataset_versions
      WHERE dataset_id = $1 AND version = $2 AND status = 'ready'`,
    [dataset.id, requested],
  );
  const row = rows[0];
  if (!row) return null;
  return { version: row.version, tableName: row.table_name, columns: row.columns, rowCount: Number(row.row_count) };
}
