import { badRequest } from '../../http/problem.ts';
import type { ColumnSpec, ColumnType } from '../../ingest/types.ts';
import type { VersionRef } from '../lookup.ts';

/** A dataset column as the rows API uses it: the logical name plus the checked physical name. */
export interface RowColumn {
  name: string;
  type: ColumnType;
  /** Physical column in the version table, already double-quoted for SQL. */
  sql: string;
  /** SRID of stored coordinates; only for geometry columns. */
  srid: number | null;
}

/** Physical names come from the loader (c1, c2, …, geom); anything else means a damaged version row. */
const PHYSICAL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function quoteIdentifier(name: string): string {
  if (!PHYSICAL_NAME.test(name)) throw new Error(`unexpected physical identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** Returns the quoted, schema-qualified data table of a version. */
export function versionTable(version: VersionRef): string {
  return `datahub_data.${quoteIdentifier(version.tableName)}`;
}

export function toRowColumns(specs: ColumnSpec[]): RowColumn[] {
  return specs.map((spec, index) => ({
    name: spec.name,
    type: spec.type,
    sql: quoteIdentifier(spec.physical ?? `c${index + 1}`),
    srid: spec.type === 'geometry' ? (spec.srid ?? 4326) : null,
  }));
}

export function geometryColumn(columns: RowColumn[]): RowColumn | null {
  return columns.find((column) => column.type === 'geometry') ?? null;
}

/** Finds a column by its logical name; unknown names get a 400 that lists the valid names. */
export function findColumn(columns: RowColumn[], name: string, where: string): RowColumn {
  const column = columns.find((candidate) => candidate.name === name);
  if (column) return column;
  const valid = columns.map((candidate) => candidate.name);
  const list = valid.length > 0 ? valid.map((entry) => `„${entry}“`).join(', ') : '(keine)';
  throw badRequest(
    'unknown-column',
    {
      de: `Die Spalte „${name}“ in „${where}“ gibt es in diesem Datensatz nicht. Gültige Spalten: ${list}.`,
      en: `Column "${name}" in "${where}" does not exist in this dataset. Valid columns: ${valid.map((entry) => `"${entry}"`).join(', ') || '(none)'}.`,
    },
    { column: name, validColumns: valid },
  );
}
