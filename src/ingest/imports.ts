import type { Queryable } from '../db/db.ts';
import { notFound, type Message } from '../http/problem.ts';
import type { SchemaDiff } from './diff.ts';
import type { ColumnSpec, Detection, ReadOptions } from './types.ts';
import type { ValidationReport } from './validate.ts';

export type ImportStatus = 'pending' | 'committing' | 'committed' | 'failed' | 'cancelled';

/** One import attempt as stored in the imports table, with its uploaded file. */
export interface ImportRecord {
  id: string;
  datasetId: number;
  status: ImportStatus;
  fileId: string;
  fileName: string;
  fileSize: number;
  storageKey: string;
  format: string;
  options: ReadOptions;
  detection: Detection;
  columns: ColumnSpec[];
  report: ValidationReport;
  diff: SchemaDiff | null;
  version: number | null;
  error: ({ code: string } & Message) | null;
  createdAt: string;
  updatedAt: string;
}

interface ImportRow {
  id: string;
  dataset_id: number;
  status: ImportStatus;
  file_id: string;
  original_name: string;
  size_bytes: number;
  storage_key: string;
  format: string;
  options: ReadOptions;
  detection: Detection;
  columns: ColumnSpec[];
  report: ValidationReport;
  schema_diff: SchemaDiff | null;
  version: number | null;
  error: ({ code: string } & Message) | null;
  created_at: Date;
  updated_at: Date;
}

export const importNotFound = (id: string) =>
  notFound({
    de: `Den Import „${id}“ gibt es in diesem Datensatz nicht. Bitte prüfen Sie die Import-ID.`,
    en: `Import "${id}" does not exist in this dataset.`,
  });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Loads an import of the dataset; an unknown or malformed id gives 404. */
export async function loadImport(db: Queryable, datasetId: number, id: string): Promise<ImportRecord> {
  if (!UUID.test(id)) throw importNotFound(id);
  const { rows } = await db.query<ImportRow>(
    `SELECT i.id, i.dataset_id, i.status, i.file_id, f.original_name, f.size_bytes, f.storage_key, i.format,
            i.options, i.detection, i.columns, i.report, i.schema_diff, i.version, i.error, i.created_at, i.updated_at
       FROM imports i JOIN files f ON f.id = i.file_id
      WHERE i.id = $1 AND i.dataset_id = $2`,
    [id, datasetId],
  );
  const row = rows[0];
  if (!row) throw importNotFound(id);
  return {
    id: row.id,
    datasetId: Number(row.dataset_id),
    status: row.status,
    fileId: row.file_id,
    fileName: row.original_name,
    fileSize: Number(row.size_bytes),
    storageKey: row.storage_key,
    format: row.format,
    options: row.options,
    detection: row.detection,
    columns: row.columns,
    report: row.report,
    diff: row.schema_diff,
    version: row.version,
    error: row.error,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function insertImport(
  db: Queryable,
  entry: {
    id: string;
    datasetId: number;
    status: ImportStatus;
    fileId: string;
    options: ReadOptions;
    detection: Detection;
    columns: ColumnSpec[];
    report: ValidationReport;
    diff: SchemaDiff;
    createdBy: number | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO imports (id, dataset_id, status, file_id, format, options, detection, columns, report, schema_diff, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      entry.id,
      entry.datasetId,
      entry.status,
      entry.fileId,
      entry.detection.format,
      JSON.stringify(entry.options),
      JSON.stringify(entry.detection),
      JSON.stringify(entry.columns),
      JSON.stringify(entry.report),
      JSON.stringify(entry.diff),
      entry.createdBy,
    ],
  );
}

/** Moves a pending import to 'committing'; returns false when another request got there first. */
export async function claimPendingImport(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "UPDATE imports SET status = 'committing', updated_at = now() WHERE id = $1 AND status = 'pending'",
    [id],
  );
  return rowCount === 1;
}

export async function updateImport(
  db: Queryable,
  id: string,
  changes: {
    status: ImportStatus;
    columns?: ColumnSpec[];
    report?: ValidationReport;
    diff?: SchemaDiff;
    version?: number | null;
    error?: ({ code: string } & Message) | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE imports SET status = $2,
            columns = COALESCE($3::jsonb, columns),
            report = COALESCE($4::jsonb, report),
            schema_diff = COALESCE($5::jsonb, schema_diff),
            version = COALESCE($6::integer, version),
            error = $7::jsonb,
            updated_at = now()
      WHERE id = $1`,
    [
      id,
      changes.status,
      changes.columns ? JSON.stringify(changes.columns) : null,
      changes.report ? JSON.stringify(changes.report) : null,
      changes.diff ? JSON.stringify(changes.diff) : null,
      changes.version ?? null,
      changes.error ? JSON.stringify(changes.error) : null,
    ],
  );
}

/** The import as the API returns it. */
export function importView(record: ImportRecord) {
  return {
    id: record.id,
    status: record.status,
    file: { id: record.fileId, name: record.fileName, sizeBytes: record.fileSize },
    format: record.format,
    options: record.options,
    detection: record.detection,
    columns: record.columns,
    report: record.report,
    diff: record.diff,
    version: record.version,
    error: record.error,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
