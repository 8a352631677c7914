import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/audit.ts';
import type { Principal } from '../auth/principal.ts';
import { assertAllowed } from '../auth/permissions.ts';
import type { AppContext } from '../context.ts';
import { loadVersion, type DatasetRef } from '../datasets/lookup.ts';
import { ApiError, type Message } from '../http/problem.ts';
import { diffSchemas, type SchemaDiff } from './diff.ts';
import { claimPendingImport, insertImport, updateImport, type ImportRecord } from './imports.ts';
import { inferColumns } from './infer.ts';
import { RowRejectedError, type LoadCounts, type OnError } from './loader.ts';
import { loadNewVersion } from './pipeline-load.ts';
import { applyReview, needsRevalidation, type ReviewedColumn } from './pipeline-schema.ts';
import { openSource } from './readers/index.ts';
import { SourceFormatError, type ColumnSpec, type Detection, type RawRecord, type ReadOptions, type SourceTable } from './types.ts';
import { validateSource, type PreviewRow, type ValidationReport } from './validate.ts';

/** Records read for type inference. */
const INFERENCE_SAMPLE = 10_000;

/** Who runs an import, for permissions, created_by and the audit log. */
export interface ImportActor {
  principal: Principal | null;
  sourceAddress: string | null;
}

/** The choices of the commit step, from the wizard, the JSON body or multipart fields. */
export interface CommitChoices {
  columns?: ReviewedColumn[];
  onError?: OnError;
  confirmBreaking?: boolean;
  repairGeometries?: boolean;
}

export interface Analysis {
  table: SourceTable;
  detection: Detection;
  columns: ColumnSpec[];
  report: ValidationReport;
  preview: PreviewRow[];
  diff: SchemaDiff;
}

export interface CommitResult {
  version: number;
  /** The stored schema, with physical column names. */
  columns: ColumnSpec[];
  rowCount: number;
  load: LoadCounts & { repairedGeometries: number };
}

/** Maps reader failures to a 422 problem; other errors pass unchanged. */
export function toImportError(error: unknown): unknown {
  if (error instanceof SourceFormatError) {
    return new ApiError(422, error.code, { de: error.german, en: error.english }, { source: error.details });
  }
  if (error instanceof RowRejectedError) {
    return new ApiError(422, 'import-row-rejected', {
      de: `Zeile ${error.line.toLocaleString('de-DE')}, Spalte „${error.column}“: ${error.reason.de} Der Import wurde abgebrochen; die aktuelle Version bleibt unverändert. Wählen Sie „überspringen“ oder „als leer übernehmen“, oder korrigieren Sie die Datei.`,
      en: `Line ${error.line}, column "${error.column}": ${error.reason.en} The import was aborted; the current version is unchanged.`,
    });
  }
  return error;
}

async function readSample(table: SourceTable): Promise<RawRecord[]> {
  const sample: RawRecord[] = [];
  for await (const record of table.records()) {
    sample.push(record);
    if (sample.length >= INFERENCE_SAMPLE) break;
  }
  return sample;
}

async function currentSchema(ctx: AppContext, dataset: DatasetRef) {
  const current = await loadVersion(ctx.db, dataset);
  return current ? { version: current.version, columns: current.columns, rowCount: current.rowCount } : null;
}

/** Opens the file, infers the schema (unless given) and runs the full validation pass and the schema diff. */
export async function analyzeFile(
  ctx: AppContext,
  dataset: DatasetRef,
  file: { path: string; originalName: string },
  options: ReadOptions,
  columns?: ColumnSpec[],
): Promise<Analysis> {
  try {
    const table = await openSource(file.path, file.originalName, options);
    const schema = columns ?? inferColumns(table, await readSample(table));
    const { report, preview } = await validateSource(ctx.db, table, schema);
    const withGeometryTypes = schema.map((column, i) =>
      column.type === 'geometry' ? { ...column, geometryTypes: report.columns[i].geometry?.types ?? [] } : column,
    );
    const diff = diffSchemas(await currentSchema(ctx, dataset), withGeometryTypes, report.rowCount);
    return { table, detection: table.detection, columns: withGeometryTypes, report, preview, diff };
  } catch (error) {
    throw toImportError(error);
  }
}

/** Returns the problem that stops a commit, or null when the import may load. */
export function findBlocker(report: ValidationReport, diff: SchemaDiff, choices: CommitChoices, importId: string): ApiError | null {
  const extensions = { importId, report, diff };
  if (report.rowCount === 0) {
    return new ApiError(
      422,
      'import-empty',
      {
        de: 'Die Datei enthält keine Datenzeilen. Bitte prüfen Sie, ob Sie die richtige Datei oder das richtige Tabellenblatt gewählt haben.',
        en: 'The file contains no data rows.',
      },
      extensions,
    );
  }
  if ((choices.onError ?? 'abort') === 'abort' && report.typeErrorCount > 0) {
    return new ApiError(
      422,
      'import-validation-failed',
      { de: `Die Prüfung hat Fehler gefunden. ${report.summary}`, en: `Validation found ${report.typeErrorCount} type errors.` },
      extensions,
    );
  }
  if (diff.breaking && !choices.confirmBreaking) {
    return new ApiError(
      422,
      'schema-change-unconfirmed',
      {
        de: `Die neue Datei ändert das Schema so, dass bisherige Abfragen brechen. ${diff.summary}`,
        en: 'The new file breaks the current schema (missing columns or changed types); confirm with confirmBreaking=true.',
      },
      extensions,
    );
  }
  return null;
}

async function markFailed(ctx: AppContext, dataset: DatasetRef, importId: string, actor: ImportActor, error: unknown) {
  const mapped = toImportError(error);
  const detail: { code: string } & Message =
    mapped instanceof ApiError
      ? { code: mapped.code, ...mapped.detail }
      : {
          code: 'import-failed',
          de: 'Der Import ist an einem internen Fehler gescheitert. Die aktuelle Version bleibt unverändert; der Fehler wurde protokolliert.',
          en: 'The import failed with an internal error. The current version is unchanged.',
        };
  await ctx.db.transaction(async (tx) => {
    await updateImport(tx, importId, { status: 'failed', error: detail });
    await recordAudit(tx, {
      actor: actor.principal,
      action: 'import.failed',
      dataspaceId: dataset.space.id,
      objectType: 'dataset',
      objectId: dataset.id,
      details: { dataset: dataset.slug, importId, code: detail.code },
      sourceAddress: actor.sourceAddress,
    });
  });
  return mapped;
}

async function loadImportVersion(
  ctx: AppContext,
  dataset: DatasetRef,
  actor: ImportActor,
  importId: string,
  fileId: string,
  analysis: Pick<Analysis, 'table' | 'columns' | 'diff'>,
  choices: CommitChoices,
): Promise<CommitResult> {
  try {
    const loaded = await loadNewVersion(
      ctx,
      dataset,
      analysis.table,
      {
        importId,
        fileId,
        columns: analysis.columns,
        onError: choices.onError ?? 'abort',
        repairGeometries: choices.repairGeometries ?? false,
        diff: analysis.diff,
      },
      actor,
    );
    return { version: loaded.version, columns: loaded.columns, rowCount: loaded.rowCount, load: { ...loaded.counts, repairedGeometries: loaded.repairedGeometries } };
  } catch (error) {
    throw await markFailed(ctx, dataset, importId, actor, error);
  }
}

function assertSchemaChangeAllowed(dataset: DatasetRef, actor: ImportActor, diff: SchemaDiff): void {
  if (!diff.breaking) return;
  assertAllowed(actor.principal, 'dataset.schema.change', { dataspaceId: dataset.space.id, role: dataset.space.role });
}

/**
 * Analyzes an uploaded file and stores the import. With `commit` the inferred schema is loaded
 * at once; a blocking finding then fails the import with a 422 problem.
 */
export async function startImport(
  ctx: AppContext,
  dataset: DatasetRef,
  actor: ImportActor,
  file: { id: string; path: string; originalName: string },
  options: ReadOptions,
  commit: CommitChoices | null,
) {
  const analysis = await analyzeFile(ctx, dataset, file, options);
  const id = randomUUID();
  const blocker = commit ? findBlocker(analysis.report, analysis.diff, commit, id) : null;
  if (commit && !blocker) assertSchemaChangeAllowed(dataset, actor, analysis.diff);
  await insertImport(ctx.db, {
    id,
    datasetId: dataset.id,
    status: commit ? 'committing' : 'pending',
    fileId: file.id,
    options,
    detection: analysis.detection,
    columns: analysis.columns,
    report: analysis.report,
    diff: analysis.diff,
    createdBy: actor.principal?.userId ?? null,
  });
  const view = {
    id,
    status: commit ? 'committed' : 'pending',
    detection: analysis.detection,
    columns: analysis.columns,
    preview: analysis.preview,
    report: analysis.report,
    diff: analysis.diff,
  };
  if (!commit) return view;
  if (blocker) throw await markFailed(ctx, dataset, id, actor, blocker);
  const result = await loadImportVersion(ctx, dataset, actor, id, file.id, analysis, commit);
  return { ...view, ...result };
}

/** Opens the stored file again and, when the review changed types or the key, validates it again. */
async function reanalyze(ctx: AppContext, dataset: DatasetRef, record: ImportRecord, columns: ColumnSpec[]): Promise<Analysis> {
  const file = { path: ctx.files.localPath(record.storageKey), originalName: record.fileName };
  if (needsRevalidation(record.columns, columns)) return analyzeFile(ctx, dataset, file, record.options, columns);
  try {
    const table = await openSource(file.path, file.originalName, record.options);
    const diff = diffSchemas(await currentSchema(ctx, dataset), columns, record.report.rowCount);
    return { table, detection: record.detection, columns, report: record.report, preview: [], diff };
  } catch (error) {
    throw toImportError(error);
  }
}

/** Commits a pending import with the reviewed schema; a blocking finding leaves it pending. */
export async function commitImport(ctx: AppContext, dataset: DatasetRef, actor: ImportActor, record: ImportRecord, choices: CommitChoices) {
  if (record.status !== 'pending') throw notPending(record);
  const columns = applyReview(record.columns, choices.columns);
  if (!(await claimPendingImport(ctx.db, record.id))) throw notPending(record);

  let analysis: Analysis;
  try {
    analysis = await reanalyze(ctx, dataset, record, columns);
    const blocker = findBlocker(analysis.report, analysis.diff, choices, record.id);
    if (blocker) {
      await updateImport(ctx.db, record.id, { status: 'pending', columns, report: analysis.report, diff: analysis.diff });
      throw blocker;
    }
    assertSchemaChangeAllowed(dataset, actor, analysis.diff);
  } catch (error) {
    await updateImport(ctx.db, record.id, { status: 'pending' });
    throw error;
  }

  await updateImport(ctx.db, record.id, { status: 'committing', columns, report: analysis.report, diff: analysis.diff });
  const result = await loadImportVersion(ctx, dataset, actor, record.id, record.fileId, analysis, choices);
  return { id: record.id, status: 'committed', report: analysis.report, diff: analysis.diff, ...result };
}

function notPending(record: ImportRecord) {
  return new ApiError(409, 'import-not-pending', {
    de: `Der Import „${record.id}“ hat den Status „${record.status}“ und kann nicht mehr übernommen oder abgebrochen werden. Laden Sie die Datei für einen neuen Versuch erneut hoch.`,
    en: `Import "${record.id}" has status "${record.status}" and can no longer be committed or cancelled.`,
  });
}

/** Cancels a pending import; its uploaded file stays for provenance. */
export async function cancelImport(ctx: AppContext, record: ImportRecord): Promise<void> {
  const { rowCount } = await ctx.db.query(
    "UPDATE imports SET status = 'cancelled', updated_at = now() WHERE id = $1 AND status = 'pending'",
    [record.id],
  );
  if (rowCount !== 1) throw notPending(record);
}

