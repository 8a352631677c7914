import { recordAudit } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import type { DatasetRef } from '../datasets/lookup.ts';
import {
  assignPhysicalNames,
  copyIntoVersionTable,
  createVersionIndexes,
  createVersionTable,
  dropVersionTable,
  qualifiedTable,
  versionTableName,
  type LoadCounts,
  type OnError,
} from './loader.ts';
import type { ImportActor } from './pipeline.ts';
import type { ColumnSpec, SourceTable } from './types.ts';
import type { SchemaDiff } from './diff.ts';
import { Validator, withGeometryTypes, type PreviewRow, type ValidationReport } from './validate.ts';

export interface LoadedVersion {
  version: number;
  report: ValidationReport;
  preview: PreviewRow[];
  diff: SchemaDiff;
  tableName: string;
  columns: ColumnSpec[];
  rowCount: number;
  counts: LoadCounts;
  repairedGeometries: number;
}

export interface LoadRequest {
  importId: string;
  fileId: string;
  columns: ColumnSpec[];
  onError: OnError;
  repairGeometries: boolean;
  /**
   * Checks the report of the load pass before the switch and returns the schema diff to store.
   * It throws the problem that stops the import, such as type errors with onError 'abort'.
   */
  checkReport: (report: ValidationReport) => SchemaDiff;
}

/** Reserves the next version number and records the version as 'loading' before its table exists. */
async function reserveVersion(ctx: AppContext, dataset: DatasetRef, request: LoadRequest, columns: ColumnSpec[], actor: ImportActor) {
  return ctx.db.transaction(async (tx) => {
    // The row lock serialises concurrent commits on one dataset, so max(version)+1 is unique.
    await tx.query('SELECT id FROM datasets WHERE id = $1 FOR UPDATE', [dataset.id]);
    const { rows } = await tx.query<{ next: number }>(
      'SELECT COALESCE(max(version), 0) + 1 AS next FROM dataset_versions WHERE dataset_id = $1',
      [dataset.id],
    );
    const version = Number(rows[0].next);
    const tableName = versionTableName(dataset.id, version);
    const inserted = await tx.query<{ id: number }>(
      `INSERT INTO dataset_versions (dataset_id, version, status, table_name, columns, source_file_id, import_id, created_by)
       VALUES ($1, $2, 'loading', $3, $4, $5, $6, $7) RETURNING id`,
      [dataset.id, version, tableName, JSON.stringify(columns), request.fileId, request.importId, actor.principal?.userId ?? null],
    );
    await tx.query("UPDATE imports SET version = $2, updated_at = now() WHERE id = $1", [request.importId, version]);
    return { version, tableName, versionId: Number(inserted.rows[0].id) };
  });
}

async function repairGeometries(ctx: AppContext, tableName: string): Promise<number> {
  const { rowCount } = await ctx.db.query(
    `UPDATE ${qualifiedTable(tableName)} SET geom = ST_MakeValid(geom) WHERE geom IS NOT NULL AND NOT ST_IsValid(geom)`,
  );
  return rowCount;
}

/**
 * Loads all records into a new version table and makes it current in one short transaction.
 * On any failure the table is dropped and the version marked failed; the caller marks the import.
 */
export async function loadNewVersion(
  ctx: AppContext,
  dataset: DatasetRef,
  table: SourceTable,
  request: LoadRequest,
  actor: ImportActor,
): Promise<LoadedVersion> {
  const columns = assignPhysicalNames(request.columns);
  const { version, tableName, versionId } = await reserveVersion(ctx, dataset, request, columns, actor);
  const log = ctx.log.child({ datasetId: dataset.id, importId: request.importId, version });
  log.info({ table: tableName }, 'version load started');

  try {
    await createVersionTable(ctx.db, tableName, columns);
    const validator = new Validator(ctx.db, table, columns);
    const counts = await copyIntoVersionTable(ctx.db, tableName, table, validator, columns, request.onError);
    const { report, preview } = await validator.finish();
    const diff = request.checkReport(report);
    const storedColumns = withGeometryTypes(columns, report);
    const hasGeometry = columns.some((column) => column.type === 'geometry');
    const repaired = hasGeometry && request.repairGeometries ? await repairGeometries(ctx, tableName) : 0;
    await createVersionIndexes(ctx.db, tableName, columns);
    await ctx.db.exec(`ANALYZE ${qualifiedTable(tableName)}`);

    await ctx.db.transaction(async (tx) => {
      await tx.query(
        "UPDATE dataset_versions SET status = 'ready', row_count = $2, columns = $3, completed_at = now() WHERE id = $1",
        [versionId, counts.rowsLoaded, JSON.stringify(storedColumns)],
      );
      const updated = await tx.query('UPDATE datasets SET current_version = $2, updated_at = now() WHERE id = $1', [dataset.id, version]);
      if (updated.rowCount !== 1) throw new Error(`dataset ${dataset.id} was deleted during the import`);
      await tx.query(
        `UPDATE imports SET status = 'committed', version = $2, error = NULL, report = $3, schema_diff = $4, updated_at = now()
          WHERE id = $1`,
        [request.importId, version, JSON.stringify(report), JSON.stringify(diff)],
      );
      await recordAudit(tx, {
        actor: actor.principal,
        action: 'import.commit',
        dataspaceId: dataset.space.id,
        objectType: 'dataset',
        objectId: dataset.id,
        details: {
          dataset: dataset.slug,
          importId: request.importId,
          version,
          previousVersion: dataset.currentVersion,
          rowCount: counts.rowsLoaded,
          rowsSkipped: counts.rowsSkipped,
          cellsNulled: counts.cellsNulled,
          repairedGeometries: repaired,
          breaking: diff.breaking,
        },
        sourceAddress: actor.sourceAddress,
      });
    });
    log.info({ rows: counts.rowsLoaded, skipped: counts.rowsSkipped, nulled: counts.cellsNulled }, 'version load finished');
    return { version, tableName, columns: storedColumns, rowCount: counts.rowsLoaded, counts, repairedGeometries: repaired, report, preview, diff };
  } catch (error) {
    log.warn({ err: error }, 'version load failed, removing the version table');
    await dropVersionTable(ctx.db, tableName);
    await ctx.db.query("UPDATE dataset_versions SET status = 'failed', completed_at = now() WHERE id = $1", [versionId]);
    throw error;
  }
}
