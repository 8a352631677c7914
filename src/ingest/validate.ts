import type { Db } from '../db/db.ts';
import { displayValue, sourceIndexes } from './loader.ts';
import { normalizeCell, trimText } from './values.ts';
import type { ColumnSpec, ColumnType, GeoJsonGeometry, RawRecord, RawValue, SourceTable } from './types.ts';

/** Row numbers and examples kept per finding; counts are always complete. */
const MAX_EXAMPLES = 10;
const PREVIEW_ROWS = 20;
/** Geometries checked with ST_IsValid per query. */
const GEOMETRY_BATCH = 200;
/**
 * Distinct key values remembered for the duplicate check (about 100 bytes each).
 * NOTE: beyond this the check stops, and the report marks it incomplete, to keep memory bounded on huge files.
 */
const MAX_TRACKED_KEYS = 2_000_000;

export interface CellExample {
  row: number;
  value: string;
  reason?: string;
}

export interface ColumnReport {
  name: string;
  sourceName: string;
  type: ColumnType;
  typeErrors: { count: number; rows: number[]; examples: CellExample[] };
  /** Cells that are missing or contain only whitespace. */
  empty: number;
  /** Cells with a statistical placeholder such as „–“ or „x“, stored as NULL. */
  placeholders: number;
  geometry?: {
    nullCount: number;
    types: string[];
    invalid: { count: number; rows: number[]; examples: CellExample[] };
  };
}

export interface ValidationReport {
  rowCount: number;
  /** Rows with at least one type error. */
  rowsWithErrors: number;
  typeErrorCount: number;
  columns: ColumnReport[];
  duplicateKeys: { column: string; count: number; examples: CellExample[]; complete: boolean } | null;
  /** Columns of the schema that the file does not contain. */
  missingSourceColumns: string[];
  warnings: string[];
  /** German summary, shown in the wizard, the CLI and 422 problem details. */
  summary: string;
}

export type PreviewRow = Record<string, unknown>;

export interface ValidationResult {
  report: ValidationReport;
  preview: PreviewRow[];
}

const de = (value: number) => value.toLocaleString('de-DE');

function isBlank(raw: RawValue): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && trimText(raw) === '');
}

/** V8 copies substrings shorter than this (SlicedString::kMinLength) instead of pointing into the parent string. */
const MIN_SLICED_LENGTH = 13;

/**
 * Returns a copy of a string that does not keep the reader's text chunk alive. The CSV reader
 * returns cells as slices of 64 KiB chunks, and a kept key would otherwise keep its whole chunk.
 */
function ownCopy(value: string): string {
  return value.length < MIN_SLICED_LENGTH ? value : Buffer.from(value, 'utf8').toString('utf8');
}

/** Converts a normalised COPY text value to the JSON value shown in the preview. */
function previewValue(column: ColumnSpec, value: string | null, raw: RawValue): unknown {
  if (value === null) return null;
  switch (column.type) {
    case 'integer':
    case 'decimal':
      return Number(value);
    case 'boolean':
      return value === 'true';
    case 'geometry':
      return raw && typeof raw === 'object' && !(raw instanceof Date) ? raw : null;
    default:
      return value;
  }
}

function newColumnReport(column: ColumnSpec): ColumnReport {
  const report: ColumnReport = {
    name: column.name,
    sourceName: column.sourceName,
    type: column.type,
    typeErrors: { count: 0, rows: [], examples: [] },
    empty: 0,
    placeholders: 0,
  };
  if (column.type === 'geometry') report.geometry = { nullCount: 0, types: [], invalid: { count: 0, rows: [], examples: [] } };
  return report;
}

/** Checks a batch of geometries with PostGIS and records the invalid ones in the column report. */
async function checkGeometries(db: Db, batch: { row: number; text: string }[], report: ColumnReport): Promise<void> {
  if (batch.length === 0) return;
  const { rows } = await db.query<{ row: number; reason: string }>(
    `SELECT n AS row, ST_IsValidReason(g) AS reason
       FROM (SELECT n, t::geometry AS g FROM unnest($1::text[], $2::bigint[]) AS u(t, n)) AS checked
      WHERE NOT ST_IsValid(g)
      ORDER BY n`,
    [batch.map((item) => item.text), batch.map((item) => item.row)],
  );
  const invalid = report.geometry!.invalid;
  for (const row of rows) {
    invalid.count += 1;
    if (invalid.rows.length < MAX_EXAMPLES) {
      invalid.rows.push(Number(row.row));
      invalid.examples.push({ row: Number(row.row), value: '', reason: row.reason });
    }
  }
}

/** Shared `failed` list of records without type errors. Callers only read it. */
const NO_FAILURES: readonly number[] = Object.freeze([]);

/** Normalised cells of one record; cells that failed conversion are null and listed in `failed`. */
export interface ObservedRecord {
  values: (string | null)[];
  failed: readonly number[];
}

/**
 * Collects the validation report while records stream past, one record at a time, and returns
 * the normalised cells so a loader can COPY them without converting twice. Collects per column
 * type errors, empty cells, placeholders and geometry findings, plus duplicate key values and
 * the first rows as a preview.
 */
export class Validator {
  readonly indexes: number[];
  private readonly reports: ColumnReport[];
  private readonly keyIndex: number;
  private readonly geometryColumn: number;
  private readonly seenKeys = new Set<string>();
  private keysComplete = true;
  private readonly duplicates = { count: 0, examples: [] as CellExample[] };
  private readonly geometryBatch: { row: number; text: string }[] = [];
  private readonly preview: PreviewRow[] = [];
  private rowCount = 0;
  private rowsWithErrors = 0;
  private typeErrorCount = 0;

  constructor(
    private readonly db: Db,
    private readonly table: SourceTable,
    readonly columns: ColumnSpec[],
  ) {
    this.indexes = sourceIndexes(table, columns);
    this.reports = columns.map(newColumnReport);
    this.keyIndex = columns.findIndex((column) => column.key);
    this.geometryColumn = columns.findIndex((column) => column.type === 'geometry');
  }

  get typeErrors(): number {
    return this.typeErrorCount;
  }

  observe(record: RawRecord): ObservedRecord {
    this.rowCount += 1;
    const columns = this.columns;
    const indexes = this.indexes;
    const cells = record.values;
    const values: (string | null)[] = [];
    let failed = NO_FAILURES;
    const previewRow: PreviewRow | null = this.preview.length < PREVIEW_ROWS ? { _row: record.line } : null;

    for (let i = 0; i < columns.length; i++) {
      const column = columns[i];
      const report = this.reports[i];
      const raw: RawValue = indexes[i] >= 0 ? (cells[indexes[i]] ?? null) : null;
      const blank = isBlank(raw);
      if (blank) report.empty += 1;
      const result = normalizeCell(raw, column);

      if (result !== null && typeof result === 'object') {
        failed = failed === NO_FAILURES ? [i] : [...failed, i];
        values.push(null);
        this.typeErrorCount += 1;
        report.typeErrors.count += 1;
        if (report.typeErrors.rows.length < MAX_EXAMPLES) {
          report.typeErrors.rows.push(record.line);
          report.typeErrors.examples.push({ row: record.line, value: displayValue(raw), reason: result.reason.de });
        }
        if (previewRow) previewRow[column.name] = displayValue(raw);
        continue;
      }

      values.push(result);
      // normalizeCell returns null for a non-blank string in a non-text column only for a placeholder.
      if (result === null && !blank && typeof raw === 'string' && column.type !== 'text') report.placeholders += 1;
      if (previewRow) previewRow[column.name] = previewValue(column, result, raw);
      if (column.type === 'geometry') this.observeGeometry(report, record.line, raw, result);
      if (i === this.keyIndex && result !== null) this.observeKey(record.line, result);
    }

    if (failed.length > 0) this.rowsWithErrors += 1;
    if (previewRow) this.preview.push(previewRow);
    return { values, failed };
  }

  private observeGeometry(report: ColumnReport, line: number, raw: RawValue, value: string | null): void {
    const geometry = report.geometry!;
    if (value === null) {
      geometry.nullCount += 1;
      return;
    }
    const type = (raw as GeoJsonGeometry).type;
    if (type && !geometry.types.includes(type)) geometry.types.push(type);
    if (type !== 'Point' && type !== 'MultiPoint') this.geometryBatch.push({ row: line, text: value });
  }

  private observeKey(line: number, value: string): void {
    if (!this.keysComplete) return;
    if (this.seenKeys.has(value)) {
      this.duplicates.count += 1;
      if (this.duplicates.examples.length < MAX_EXAMPLES) this.duplicates.examples.push({ row: line, value });
    } else if (this.seenKeys.size < MAX_TRACKED_KEYS) {
      this.seenKeys.add(ownCopy(value));
    } else {
      this.keysComplete = false;
    }
  }

  /** True when enough geometries wait for the PostGIS validity check; call checkGeometries then. */
  get geometriesPending(): boolean {
    return this.geometryBatch.length >= GEOMETRY_BATCH;
  }

  async checkGeometries(): Promise<void> {
    if (this.geometryColumn < 0 || this.geometryBatch.length === 0) return;
    await checkGeometries(this.db, this.geometryBatch, this.reports[this.geometryColumn]);
    this.geometryBatch.length = 0;
  }

  /** Checks the remaining geometries and returns the report with its German summary. */
  async finish(): Promise<ValidationResult> {
    await this.checkGeometries();
    const report: ValidationReport = {
      rowCount: this.rowCount,
      rowsWithErrors: this.rowsWithErrors,
      typeErrorCount: this.typeErrorCount,
      columns: this.reports,
      duplicateKeys:
        this.keyIndex >= 0
          ? { column: this.columns[this.keyIndex].name, count: this.duplicates.count, examples: this.duplicates.examples, complete: this.keysComplete }
          : null,
      missingSourceColumns: this.columns.filter((_, i) => this.indexes[i] < 0).map((column) => column.sourceName),
      warnings: [...this.table.warnings],
      summary: '',
    };
    report.summary = summarizeReport(report);
    return { report, preview: this.preview };
  }
}

/** Streams every record once and returns the report and preview. Throws SourceFormatError when the reader finds the file broken mid-way. */
export async function validateSource(db: Db, table: SourceTable, columns: ColumnSpec[]): Promise<ValidationResult> {
  const validator = new Validator(db, table, columns);
  for await (const record of table.records()) {
    validator.observe(record);
    if (validator.geometriesPending) await validator.checkGeometries();
  }
  return validator.finish();
}

/** Copies the geometry types that validation found into the geometry column specs. */
export function withGeometryTypes(columns: ColumnSpec[], report: ValidationReport): ColumnSpec[] {
  return columns.map((column, i) =>
    column.type === 'geometry' ? { ...column, geometryTypes: report.columns[i].geometry?.types ?? [] } : column,
  );
}

/** Writes the German summary: row count, then each kind of finding with counts and first rows. */
export function summarizeReport(report: ValidationReport): string {
  const parts: string[] = [`${de(report.rowCount)} Zeilen geprüft.`];

  if (report.typeErrorCount === 0) {
    parts.push('Keine Typfehler.');
  } else {
    const perColumn = report.columns
      .filter((column) => column.typeErrors.count > 0)
      .map((column) => {
        const first = column.typeErrors.examples[0];
        return `„${column.name}“: ${de(column.typeErrors.count)} (z. B. Zeile ${de(first.row)}: ${first.reason})`;
      });
    parts.push(
      `${de(report.typeErrorCount)} Typfehler in ${de(report.rowsWithErrors)} Zeilen – ${perColumn.join('; ')}.` +
        ' Korrigieren Sie die Datei, ändern Sie den Spaltentyp, oder wählen Sie „fehlerhafte Zeilen überspringen“ bzw. „als leer (NULL) übernehmen“.',
    );
  }

  const placeholders = report.columns.reduce((sum, column) => sum + column.placeholders, 0);
  if (placeholders > 0) parts.push(`${de(placeholders)} Platzhalter (z. B. „–“, „x“) werden als leer (NULL) gespeichert.`);
  const empty = report.columns.reduce((sum, column) => sum + column.empty, 0);
  if (empty > 0) parts.push(`${de(empty)} leere Zellen.`);

  const duplicates = report.duplicateKeys;
  if (duplicates && duplicates.count > 0) {
    const rows = duplicates.examples.map((example) => `Zeile ${de(example.row)} („${example.value}“)`).join(', ');
    parts.push(`Die Schlüsselspalte „${duplicates.column}“ hat ${de(duplicates.count)} doppelte Werte: ${rows}.`);
  }
  if (duplicates && !duplicates.complete) {
    parts.push(`Die Prüfung auf doppelte Schlüsselwerte wurde nach ${de(MAX_TRACKED_KEYS)} verschiedenen Werten beendet.`);
  }

  for (const column of report.columns) {
    const geometry = column.geometry;
    if (!geometry) continue;
    if (geometry.nullCount > 0) parts.push(`${de(geometry.nullCount)} Objekte ohne Geometrie.`);
    if (geometry.types.length > 1) parts.push(`Gemischte Geometrietypen: ${geometry.types.join(', ')}.`);
    if (geometry.invalid.count > 0) {
      const rows = geometry.invalid.rows.map(de).join(', ');
      parts.push(
        `${de(geometry.invalid.count)} ungültige Geometrien (z. B. Objekt ${rows}: ${geometry.invalid.examples[0].reason}).` +
          ' Sie können sie beim Übernehmen mit „Geometrien reparieren“ (ST_MakeValid) korrigieren lassen.',
      );
    }
  }

  if (report.missingSourceColumns.length > 0) {
    parts.push(`Diese Spalten fehlen in der Datei und bleiben leer: ${report.missingSourceColumns.map((name) => `„${name}“`).join(', ')}.`);
  }
  parts.push(...report.warnings);
  return parts.join(' ');
}
