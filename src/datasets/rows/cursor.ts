import { badRequest } from '../../http/problem.ts';
import { parseDate } from './filter-values.ts';
import type { SqlParameters, SortKey } from './query.ts';
import type { ColumnType } from '../../ingest/types.ts';

/** Position after the last row of a page: its sort key values as PostgreSQL text, then its _row. */
export interface Cursor {
  keys: (string | null)[];
  row: string;
}

const SQL_TYPES: Record<Exclude<ColumnType, 'geometry'>, string> = {
  text: 'text',
  integer: 'bigint',
  decimal: 'numeric',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamptz',
};

/** The sort a cursor belongs to, so a cursor is not silently reused with another sort. */
const sortSignature = (sort: SortKey[]) => sort.map((key) => `${key.descending ? '-' : ''}${key.column.name}`).join(',');

export function encodeCursor(cursor: Cursor, sort: SortKey[]): string {
  return Buffer.from(JSON.stringify({ s: sortSignature(sort), k: cursor.keys, r: cursor.row })).toString('base64url');
}

const invalidCursor = () =>
  badRequest('invalid-cursor', {
    de: 'Der Parameter „cursor“ ist ungültig oder gehört zu einer anderen Sortierung. Bitte folgen Sie dem Link „next“ der vorigen Seite unverändert oder beginnen Sie ohne cursor.',
    en: 'The "cursor" parameter is invalid or belongs to another sort. Follow the previous page\'s "next" link unchanged or start without a cursor.',
  });

/** Checks that a key value from a cursor casts cleanly, because a failed cast in SQL would be a 500. */
function isValidKey(type: ColumnType, value: string): boolean {
  switch (type) {
    case 'text':
      return !value.includes('\u0000');
    case 'integer':
      return /^-?\d{1,19}$/.test(value);
    case 'decimal':
      return /^-?\d+(\.\d+)?$/.test(value);
    case 'boolean':
      return value === 'true' || value === 'false';
    case 'date':
      return parseDate(value) === value;
    case 'timestamp': {
      const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-]\d{2})(:\d{2})?$/.exec(value);
      return match !== null && parseDate(match[1]) !== null && Number(match[2]) < 24 && Number(match[3]) < 60 && Number(match[4]) < 60;
    }
    default:
      return false;
  }
}

export function decodeCursor(raw: string, sort: SortKey[]): Cursor {
  let decoded: { s?: unknown; k?: unknown; r?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const keys = decoded?.k;
  const row = decoded?.r;
  const fits =
    decoded?.s === sortSignature(sort) &&
    typeof row === 'string' &&
    /^\d{1,19}$/.test(row) &&
    Array.isArray(keys) &&
    keys.length === sort.length &&
    keys.every((key, index) => key === null || (typeof key === 'string' && isValidKey(sort[index].column.type, key)));
  if (!fits) throw invalidCursor();
  return { keys: keys as (string | null)[], row: row as string };
}

/** ORDER BY for the sort keys. NULLs come last in both directions; _row breaks ties in source order. */
export function orderBy(sort: SortKey[]): string {
  const parts = sort.flatMap((key) => [`(${key.column.sql} IS NULL)`, `${key.column.sql}${key.descending ? ' DESC' : ''}`]);
  return [...parts, '_row'].join(', ');
}

/**
 * Builds the keyset condition "comes after the cursor" for the order of orderBy(). It expands
 * to (k1 > v1) OR (k1 = v1 AND k2 > v2) OR …, because mixed directions rule out a row comparison.
 * A NULL key value drops that column's comparison: the rows tied on "IS NULL" are all NULL there.
 */
export function afterCursor(sort: SortKey[], cursor: Cursor, params: SqlParameters): string {
  const terms: { expression: string; descending: boolean; placeholder: string }[] = [];
  sort.forEach((key, index) => {
    const value = cursor.keys[index];
    terms.push({ expression: `(${key.column.sql} IS NULL)`, descending: false, placeholder: `$${params.add(String(value === null))}::boolean` });
    if (value !== null) {
      const type = SQL_TYPES[key.column.type as Exclude<ColumnType, 'geometry'>];
      terms.push({ expression: key.column.sql, descending: key.descending, placeholder: `$${params.add(value)}::${type}` });
    }
  });
  terms.push({ expression: '_row', descending: false, placeholder: `$${params.add(cursor.row)}::bigint` });

  const alternatives = terms.map((term, index) => {
    const equalBefore = terms.slice(0, index).map((earlier) => `${earlier.expression} = ${earlier.placeholder}`);
    const step = `${term.expression} ${term.descending ? '<' : '>'} ${term.placeholder}`;
    return `(${[...equalBefore, step].join(' AND ')})`;
  });
  return `(${alternatives.join(' OR ')})`;
}

/** Selects the sort key values as text (k0, k1, …) so the last row of a page can become a cursor. */
export function cursorColumns(sort: SortKey[]): string[] {
  return sort.map((key, index) => `${key.column.sql}::text AS k${index}`);
}

export function cursorFromRow(row: Record<string, unknown>, sort: SortKey[]): Cursor {
  return {
    keys: sort.map((_key, index) => (row[`k${index}`] === null ? null : String(row[`k${index}`]))),
    row: String(row.source_row),
  };
}
