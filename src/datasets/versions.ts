import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../audit/audit.ts';
import type { Principal } from '../auth/principal.ts';
import type { Queryable } from '../db/db.ts';
import { sourceAddress } from '../http/app.ts';
import { ApiError, notFound } from '../http/problem.ts';
import { loadDataset, type DatasetRef } from './lookup.ts';

const VERSION_STATUS_LABELS: Record<string, string> = { loading: 'wird geladen', ready: 'bereit', failed: 'fehlgeschlagen' };

const VersionSchema = Type.Object({
  version: Type.Integer(),
  status: Type.Union([Type.Literal('loading'), Type.Literal('ready'), Type.Literal('failed')]),
  rowCount: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  sourceFile: Type.Union([Type.String(), Type.Null()]),
  isCurrent: Type.Boolean(),
});

const VersionParams = Type.Object({
  space: Type.String({ maxLength: 100 }),
  dataset: Type.String({ maxLength: 100 }),
  version: Type.Integer({ minimum: 1, maximum: 2147483647 }),
});

async function listVersions(db: Queryable, dataset: DatasetRef) {
  const { rows } = await db.query<{
    version: number;
    status: 'loading' | 'ready' | 'failed';
    row_count: number | null;
    created_at: Date;
    completed_at: Date | null;
    username: string | null;
    original_name: string | null;
    is_current: boolean;
  }>(
    `SELECT v.version, v.status, v.row_count, v.created_at, v.completed_at, u.username, f.original_name,
            v.version IS NOT DISTINCT FROM d.current_version AS is_current
       FROM dataset_versions v
       JOIN datasets d ON d.id = v.dataset_id
       LEFT JOIN users u ON u.id = v.created_by
       LEFT JOIN files f ON f.id = v.source_file_id
      WHERE v.dataset_id = $1
      ORDER BY v.version DESC`,
    [dataset.id],
  );
  return rows.map((row) => ({
    version: Number(row.version),
    status: row.status,
    rowCount: row.row_count === null ? null : Number(row.row_count),
    createdAt: new Date(row.created_at).toISOString(),
    completedAt: row.completed_at === null ? null : new Date(row.completed_at).toISOString(),
    createdBy: row.username,
    sourceFile: row.original_name,
    isCurrent: row.is_current,
  }));
}

/**
 * Makes a ready version current. The dataset row is locked, so a concurrent import that switches
 * versions waits for this transaction. Restoring the version that is already current changes nothing.
 */
async function restoreVersion(tx: Queryable, dataset: DatasetRef, version: number, actor: Principal, address: string) {
  const { rows: locked } = await tx.query<{ current_version: number | null }>(
    'SELECT current_version FROM datasets WHERE id = $1 FOR UPDATE',
    [dataset.id],
  );
  const previous = locked[0].current_version === null ? null : Number(locked[0].current_version);
  const { rows } = await tx.query<{ status: string }>('SELECT status FROM dataset_versions WHERE dataset_id = $1 AND version = $2', [
    dataset.id,
    version,
  ]);
  if (!rows[0]) {
    throw notFound({
      de: `Der Datensatz „${dataset.slug}“ hat keine Version ${version.toLocaleString('de-DE')}. Die vorhandenen Versionen zeigt GET …/versions.`,
      en: `Dataset "${dataset.slug}" has no version ${version}. GET …/versions lists the existing versions.`,
    });
  }
  if (rows[0].status !== 'ready') {
    const label = VERSION_STATUS_LABELS[rows[0].status] ?? rows[0].status;
    throw new ApiError(409, 'version-not-ready', {
      de: `Version ${version.toLocaleString('de-DE')} des Datensatzes „${dataset.slug}“ kann nicht wiederhergestellt werden, weil ihr Status „${label}“ ist. Nur vollständig geladene Versionen (Status „bereit“) sind möglich.`,
      en: `Version ${version} of dataset "${dataset.slug}" cannot be restored because its status is "${rows[0].status}". Only ready versions can be restored.`,
    });
  }
  if (previous === version) return { previous, changed: false };
  await tx.query('UPDATE datasets SET current_version = $2, updated_at = now() WHERE id = $1', [dataset.id, version]);
  await recordAudit(tx, {
    actor,
    action: 'version.restore',
    dataspaceId: dataset.space.id,
    objectType: 'dataset',
    objectId: dataset.slug,
    details: { from: previous, to: version },
    sourceAddress: address,
  });
  return { previous, changed: true };
}

export const versionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/dataspaces/:space/datasets/:dataset/versions',
    {
      schema: {
        tags: ['Versionen'],
        summary: 'Versionen eines Datensatzes auflisten, neueste zuerst',
        params: Type.Object({ space: Type.String({ maxLength: 100 }), dataset: Type.String({ maxLength: 100 }) }),
        response: { 200: Type.Object({ currentVersion: Type.Union([Type.Integer(), Type.Null()]), versions: Type.Array(VersionSchema) }) },
      },
    },
    async (request) => {
      const dataset = await loadDataset(db, request.params.space, request.params.dataset, request.principal, 'dataset.read');
      return { currentVersion: dataset.currentVersion, versions: await listVersions(db, dataset) };
    },
  );

  app.post(
    '/dataspaces/:space/datasets/:dataset/versions/:version/restore',
    {
      schema: {
        tags: ['Versionen'],
        summary: 'Ältere, vollständig geladene Version wieder zur aktuellen machen (Koordination)',
        params: VersionParams,
        response: {
          200: Type.Object({
            currentVersion: Type.Integer(),
            previousVersion: Type.Union([Type.Integer(), Type.Null()]),
            changed: Type.Boolean(),
          }),
        },
      },
    },
    async (request) => {
      const { version } = request.params;
      const dataset = await loadDataset(db, request.params.space, request.params.dataset, request.principal, 'dataset.version.restore');
      const result = await db.transaction((tx) => restoreVersion(tx, dataset, version, request.principal!, sourceAddress(request)));
      request.log.info({ dataspace: dataset.space.slug, dataset: dataset.slug, from: result.previous, to: version }, 'version restored');
      return { currentVersion: version, previousVersion: result.previous, changed: result.changed };
    },
  );
};
