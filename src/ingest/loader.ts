import type { Db, Queryable } from '../db/db.ts';
import { escapeCopyText } from './values.ts';
import type { Validator } from './validate.ts';
import type { ColumnSpec, ColumnType, RawRecord, SourceTable } from './types.ts';

/** Handling of a cell that does not fit its column type: stop, leave the row out, or store NULL. */
export type OnError = 'abort' | 'skip' | 'null';

export const ON_ERROR_CHOICES: readonly OnError[] = ['abort', 'skip', 'null'];

/** Geometries without an SRID in the source are stored as WGS 84, the GeoJSON default. */
const DEFAULT_SRID = 4326;

/**
 * Size of one COPY data chunk in characters. Each chunk ends at a row boundary. Small chunks are
 * sent before V8 moves their rows to the old generation, which made 1 MiB chunks slower.
 */
const COPY_CHUNK_CHARS = 256 * 1024;

const SQL_TYPES: Record<Exclude<ColumnType, 'geometry'>, string> = {
  text: 'text',
  integer: 'bigint',
  decimal: 'numeric',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamptz',
};

/** Name of the table holding one version; only digits come from the database, never user text. */
export function versionTableName(datasetId: number, version: number): string {
  return `ds${Math.trunc(datasetId)}_v${Math.trunc(version)}`;
}

export function quoteIdentifier(name: string): string {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected physical name ${name}`);
  return `"${name}"`;
}

export const qualifiedTable = (tableName: string) => `datahub_data.${quoteIdentifier(tableName)}`;

/** Assigns physical names: c1…cN by position for attributes and `geom` for the geometry column. */
export function assignPhysicalNames(columns: ColumnSpec[]): ColumnSpec[] {
  let attribute = 0;
  return columns.map((column) => {
    if (column.type === 'geometry') return { ...column, physical: 'geom', srid: column.srid ?? DEFAULT_SRID };
    attribute += 1;
    const { srid: _srid, geometryTypes: _types, ...rest } = column;
    return { ...rest, physical: `c${attribute}` };
  });
}

function sqlType(column: ColumnSpec): string {
  if (column.type === 'geometry') return `geometry(Geometry, ${Math.trunc(column.srid ?? DEFAULT_SRID)})`;
  return SQL_TYPES[column.type];
}

/** Creates the empty version table. Indexes come later, after COPY, because building them once is faster. */
export async function createVersionTable(db: Db, tableName: string, columns: ColumnSpec[]): Promise<void> {
  const definitions = ['"_row" bigint PRIMARY KEY'];
  for (const column of columns) definitions.push(`${quoteIdentifier(column.physical!)} ${sqlType(column)}`);
  await db.exec(`CREATE TABLE ${qualifiedTable(tableName)} (${definitions.join(', ')})`);
}

/** Builds the GIST index on the geometry and a btree index on the key column. */
export async function createVersionIndexes(db: Db, tableName: string, columns: ColumnSpec[]): Promise<void> {
  for (const column of columns) {
    const physical = column.physical!;
    if (column.type === 'geometry') {
      await db.exec(`CREATE INDEX ${quoteIdentifier(`${tableName}_${physical}_gist`)} ON ${qualifiedTable(tableName)} USING gist (${quoteIdentifier(physical)})`);
    } else if (column.key) {
      await db.exec(`CREATE INDEX ${quoteIdentifier(`${tableName}_${physical}_key`)} ON ${qualifiedTable(tableName)} (${quoteIdentifier(physical)})`);
    }
  }
}

export async function dropVersionTable(db: Queryable, tableName: string): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${qualifiedTable(tableName)}`);
}

/**
 * Maps each column to the index of its value in a record: by sourceName, and for the geometry
 * column also by the reader's geometryIndex. Returns -1 for a column the file does not contain.
 */
export function sourceIndexes(table: SourceTable, columns: ColumnSpec[]): number[] {
  return columns.map((column) => {
    const index = table.headers.indexOf(column.sourceName);
    if (index >= 0) return index;
    if (column.type === 'geometry' && table.geometryIndex !== null) return table.geometryIndex;
    return -1;
  });
}

export interface LoadCounts {
  rowsLoaded: number;
  rowsSkipped: number;
  cellsNulled: number;
}

/** Shows a raw value in a message; long values are cut so a report stays readable. */
export function displayValue(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  if (raw instanceof Date) return raw.toISOString();
  const text = typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * Passes each record through the validator and yields COPY text rows in chunks of COPY_CHUNK_CHARS,
 * applying onError to rows with cells that do not fit. With 'abort', rows after the first bad one
 * are only validated, not sent, so the report stays complete and the caller rejects the load.
 * `counts` is updated while the chunks are consumed.
 */
export async function* copyChunks(
  records: AsyncIterable<RawRecord>,
  validator: Validator,
  onError: OnError,
  counts: LoadCounts,
): AsyncGenerator<string> {
  // Rows of the chunk, joined once, because appending every row to one string builds a deep rope.
  let parts: string[] = [];
  let chunkLength = 0;
  let aborted = false;
  // Only text and GeoJSON can contain a backslash, tab or line break. The canonical forms of the
  // other types consist of digits, signs, '.', ':', 'T', 'e' and the words true and false.
  const escaped = validator.columns.map((column) => column.type === 'text' || column.type === 'geometry');
  for await (const record of records) {
    const { values, failed } = validator.observe(record);
    if (validator.geometriesPending) await validator.checkGeometries();
    if (failed.length > 0) {
      if (onError === 'abort') aborted = true;
      if (onError === 'skip') counts.rowsSkipped += 1;
      if (onError !== 'null') continue;
      counts.cellsNulled += failed.length;
    }
    if (aborted) continue;

    // The validator returns a new array per record, so its cells can be escaped in place and joined flat.
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === null) values[i] = '\\N';
      else if (escaped[i]) values[i] = escapeCopyText(value);
    }
    const row = values.length > 0 ? `${record.line}\t${values.join('\t')}\n` : `${record.line}\n`;
    parts.push(row);
    chunkLength += row.length;
    counts.rowsLoaded += 1;
    if (chunkLength >= COPY_CHUNK_CHARS) {
      yield parts.join('');
      parts = [];
      chunkLength = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}

/** Streams all records of the source into the version table with COPY, validating them on the way. */
export async function copyIntoVersionTable(
  db: Db,
  tableName: string,
  table: SourceTable,
  validator: Validator,
  columns: ColumnSpec[],
  onError: OnError,
): Promise<LoadCounts> {
  const counts: LoadCounts = { rowsLoaded: 0, rowsSkipped: 0, cellsNulled: 0 };
  const names = ['_row', ...columns.map((column) => column.physical!)].map(quoteIdentifier).join(', ');
  const copySql = `COPY ${qualifiedTable(tableName)} (${names}) FROM STDIN`;
  await db.copyFrom(copySql, copyChunks(table.records(), validator, onError, counts));
  return counts;
}
