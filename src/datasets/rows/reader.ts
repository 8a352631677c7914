import type { Queryable } from '../../db/db.ts';
import { afterCursor, cursorColumns, cursorFromRow, orderBy, type Cursor } from './cursor.ts';
import type { RowQuery, SqlParameters } from './query.ts';
import type { RowColumn } from './schema.ts';

/** Text encoding of geometry values read from the database: GeoJSON for JSON outputs, WKT for CSV and XLSX. */
export type GeometryEncoding = 'geojson' | 'wkt';

/** Everything needed to read rows of one version table with the request's filters. */
export interface RowsPlan {
  table: string;
  query: RowQuery;
  params: SqlParameters;
  geometry: GeometryEncoding;
  /** Output CRS (EPSG code) for geometry values. */
  crs: number;
}

/** A row as read: source_row (the _row value), sort key texts (k0…) and output values v0… as text (GeoJSON/WKT for geometry). */
export type RawRow = Record<string, string | null>;

/** Rows per query while streaming. The embedded database runs one query at a time, so batches stay short. */
export const BATCH_SIZE = 5000;

/** Decimal digits of output coordinates: 7 for degrees (about 1 cm), 3 for metres (1 mm). */
const coordinateDigits = (crs: number) => (crs === 4326 ? 7 : 3);

function valueExpression(column: RowColumn, plan: RowsPlan): string {
  const sql = column.sql;
  switch (column.type) {
    case 'text':
      return sql;
    case 'date':
      return `to_char(${sql}, 'YYYY-MM-DD')`;
    case 'timestamp':
      // Berlin wall time plus its UTC offset, independent of the session's TimeZone setting.
      return `CASE WHEN ${sql} IS NULL THEN NULL ELSE to_char(${sql} AT TIME ZONE 'Europe/Berlin', 'YYYY-MM-DD"T"HH24:MI:SS.US')
        || to_char((${sql} AT TIME ZONE 'Europe/Berlin') - (${sql} AT TIME ZONE 'UTC'), '"+"HH24:MI') END`;
    case 'geometry': {
      const transformed = column.srid === plan.crs ? sql : `ST_Transform(${sql}, ${Number(plan.crs)})`;
      const digits = coordinateDigits(plan.crs);
      return plan.geometry === 'geojson' ? `ST_AsGeoJSON(${transformed}, ${digits}, 0)` : `ST_AsText(${transformed}, ${digits})`;
    }
    default:
      return `${sql}::text`;
  }
}

function selectStatement(plan: RowsPlan, columns: RowColumn[], conditions: string[], limit: number | null, offset: number, params: SqlParameters): string {
  const outputs = columns.map((column, index) => `${valueExpression(column, plan)} AS v${index}`);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const limitClause = limit === null ? '' : `LIMIT $${params.add(limit)}::bigint`;
  const offsetClause = offset > 0 ? `OFFSET $${params.add(offset)}::bigint` : '';
  return `SELECT _row::text AS source_row, ${[...cursorColumns(plan.query.sort), ...outputs].join(', ')}
    FROM ${plan.table} ${where} ORDER BY ${orderBy(plan.query.sort)} ${limitClause} ${offsetClause}`;
}

/** Reads up to `limit` rows after `cursor` (or after skipping `offset`), in the output column order of `columns`. */
export async function readRows(
  db: Queryable,
  plan: RowsPlan,
  columns: RowColumn[],
  page: { limit: number | null; offset: number; cursor: Cursor | null },
): Promise<RawRow[]> {
  const params = plan.params.copy();
  const conditions = [...plan.query.conditions];
  if (page.cursor) conditions.push(afterCursor(plan.query.sort, page.cursor, params));
  const sql = selectStatement(plan, columns, conditions, page.limit, page.offset, params);
  const { rows } = await db.query<RawRow>(sql, params.values);
  return rows;
}

/** Counts the rows that match the filters. */
export async function countRows(db: Queryable, plan: RowsPlan): Promise<number> {
  const where = plan.query.conditions.length > 0 ? `WHERE ${plan.query.conditions.join(' AND ')}` : '';
  const { rows } = await db.query<{ total: string }>(`SELECT count(*)::text AS total FROM ${plan.table} ${where}`, plan.params.values);
  return Number(rows[0].total);
}

/**
 * Yields batches of rows in sort order until `limit` rows (or all) are read. Each batch is a
 * keyset query after the previous batch's last row. Version tables never change, so the
 * batches together read the same rows that one query would.
 */
export async function* readBatches(
  db: Queryable,
  plan: RowsPlan,
  columns: RowColumn[],
  start: { limit: number | null; offset: number; cursor: Cursor | null },
): AsyncGenerator<RawRow[]> {
  let remaining = start.limit;
  let cursor = start.cursor;
  let offset = start.offset;
  while (remaining === null || remaining > 0) {
    const size = remaining === null ? BATCH_SIZE : Math.min(BATCH_SIZE, remaining);
    const rows = await readRows(db, plan, columns, { limit: size, offset, cursor });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < size) return;
    if (remaining !== null) remaining -= rows.length;
    cursor = cursorFromRow(rows[rows.length - 1], plan.query.sort);
    offset = 0;
  }
}
