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
import type { LoadCounts, OnError } from './loader.ts';
import { loadNewVersion } from './pipeline-load.ts';
import { applyReview, needsRevalidation, type ReviewedColumn } from './pipeline-schema.ts';
import { openSource } from './readers/index.ts';
import { SourceFormatError, type ColumnSpec, type Detection, type RawRecord, type ReadOptions, type SourceTable } from './types.ts';
import { validateSource, withGeometryTypes, type PreviewRow, type ValidationReport } from './validate.ts';

/** Records read for type inference. */
const INFERENCE_SAMPLE = 10_000;

/** Caller of an import, for permissions, created_by and the audit log. */
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

/**
 * Maps reader failures to a 422 problem; other errors pass unchanged. Problem types are kebab-case,
 * so underscores in a reader's code become hyphens here.
 */
export function toImportError(error: unknown): unknown {
  if (error instanceof SourceFormatError) {
    // NOTE: the CSV reader still throws codes such as 'empty_file'; this keeps the API output consistent.
    return new ApiError(422, error.code.replaceAll('_', '-'), { de: error.german, en: error.english }, { source: error.details });
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

interface OpenedSource {
  table: SourceTable;
  columns: ColumnSpec[];
}

/** Opens the file and infers the schema from a sample, unless a schema is given. */
async function openAndInfer(file: { path: string; originalName: string }, options: ReadOptions, columns?: ColumnSpec[]): Promise<OpenedSource> {
  try {
    const table = await openSource(file.path, file.originalName, options);
    return { table, columns: columns ?? inferColumns(table, await readSample(table)) };
  } catch (error) {
    throw toImportError(error);
  }
}

/** Opens the file, infers the schema (unless given) and runs the full validation pass and the schema diff. */
export async function analyzeFile(
  ctx: AppContext,
  dataset: DatasetRef,
  file: { path: string; originalName: string },
  options: ReadOptions,
  columns?: ColumnSpec[],
): Promise<Analysis> {
  const opened = await openAndInfer(file, options, columns);
  try {
    const { report, preview } = await validateSource(ctx.db, opened.table, opened.columns);
    const checked = withGeometryTypes(opened.columns, report);
    const diff = diffSchemas(await currentSchema(ctx, dataset), checked, report.rowCount);
    return { table: opened.table, detection: opened.table.detection, columns: checked, report, preview, diff };
  } catch (error) {
    throw toImportError(error);
  }
}

/** Returns the problem that stops a commit, or null when the import may load. */
export function findBlocker(report: ValidationReport, diff: SchemaDiff, choices: CommitChoices, importId: string): ApiError | null {
  return reportBlocker(report, diff, choices, importId) ?? schemaBlocker(report, diff, choices, importId);
}

/** Returns the problem found by validation: no rows, or type errors with onError 'abort'. */
function reportBlocker(report: ValidationReport, diff: SchemaDiff, choices: CommitChoices, importId: string): ApiError | null {
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
  return null;
}

/** Returns the problem of a breaking schema change that was not confirmed. */
function schemaBlocker(report: ValidationReport | null, diff: SchemaDiff, choices: CommitChoices, importId: string): ApiError | null {
  const extensions = report ? { importId, report, diff } : { importId, diff };
  if (diff.breaking && !choices.confirmBreaking) {
    return new ApiError(
      422,
      'schema-change-unconfirmed',
      {
        de: `Die neue Datei ändert das Schema so, dass bisherige Abfragen brechen. ${diff.summary}`,
        en: 'The new file breaks the current schema (missing columns or changed types). Confirm the change: in the wizard, on the command line with --confirm-breaking, or in the API with confirmBreaking=true.',
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
    const report = mapped instanceof ApiError ? (mapped.extensions.report as ValidationReport | undefined) : undefined;
    const diff = mapped instanceof ApiError ? (mapped.extensions.diff as SchemaDiff | undefined) : undefined;
    await updateImport(tx, importId, { status: 'failed', error: detail, report, diff });
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
  source: OpenedSource,
  choices: CommitChoices,
) {
  const current = await currentSchema(ctx, dataset);
  const checkReport = (report: ValidationReport) => {
    const diff = diffSchemas(current, withGeometryTypes(source.columns, report), report.rowCount);
    const blocker = reportBlocker(report, diff, choices, importId);
    if (blocker) throw blocker;
    return diff;
  };
  try {
    const loaded = await loadNewVersion(
      ctx,
      dataset,
      source.table,
      {
        importId,
        fileId,
        columns: source.columns,
        onError: choices.onError ?? 'abort',
        repairGeometries: choices.repairGeometries ?? false,
        checkReport,
      },
      actor,
    );
    const result: CommitResult = {
      version: loaded.version,
      columns: loaded.columns,
      rowCount: loaded.rowCount,
      load: { ...loaded.counts, repairedGeometries: loaded.repairedGeometries },
    };
    return { ...result, report: loaded.report, preview: loaded.preview, diff: loaded.diff };
  } catch (error) {
    throw await markFailed(ctx, dataset, importId, actor, error);
  }
}

function assertSchemaChangeAllowed(dataset: DatasetRef, actor: ImportActor, diff: SchemaDiff): void {
  if (!diff.breaking) return;
  assertAllowed(actor.principal, 'dataset.schema.change', { dataspaceId: dataset.space.id, role: dataset.space.role });
}

/**
 * Analyzes an uploaded file and stores the import as pending. With `commit` the inferred schema is
 * loaded at once, validating in the same pass; a blocking finding then fails the import with 422.
 */
export async function startImport(
  ctx: AppContext,
  dataset: DatasetRef,
  actor: ImportActor,
  file: { id: string; path: string; originalName: string },
  options: ReadOptions,
  commit: CommitChoices | null,
) {
  const id = randomUUID();
  if (!commit) {
    const analysis = await analyzeFile(ctx, dataset, file, options);
    await insertImport(ctx.db, { id, datasetId: dataset.id, status: 'pending', fileId: file.id, options, ...analysis, createdBy: actor.principal?.userId ?? null });
    const { table: _table, ...view } = analysis;
    return { id, status: 'pending', ...view };
  }

  const source = await openAndInfer(file, options);
  const diff = diffSchemas(await currentSchema(ctx, dataset), source.columns, null);
  const report = await validateSource(ctx.db, emptyTable(source.table), source.columns).then((result) => result.report);
  await insertImport(ctx.db, {
    id,
    datasetId: dataset.id,
    status: 'committing',
    fileId: file.id,
    options,
    detection: source.table.detection,
    columns: source.columns,
    report,
    diff,
    createdBy: actor.principal?.userId ?? null,
  });
  const blocker = schemaBlocker(null, diff, commit, id);
  if (blocker) throw await markFailed(ctx, dataset, id, actor, blocker);
  try {
    assertSchemaChangeAllowed(dataset, actor, diff);
  } catch (error) {
    throw await markFailed(ctx, dataset, id, actor, error);
  }
  const result = await loadImportVersion(ctx, dataset, actor, id, file.id, source, commit);
  return { id, status: 'committed', detection: source.table.detection, ...result };
}

/** Returns the table without records, so the report stored while an import loads is an empty one. */
function emptyTable(table: SourceTable): SourceTable {
  return { ...table, records: async function* () {} };
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
  return { id: record.id, status: 'committed', ...result };
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

