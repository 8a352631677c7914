import { badRequest } from '../../http/problem.ts';
import { columnTypeNameDe } from '../../ingest/type-names.ts';
import { parseBoolean, parseFilterValue } from './filter-values.ts';
import { parseCrs, RESERVED_PARAMETERS } from './options.ts';
import { findColumn, geometryColumn, type RowColumn } from './schema.ts';

export const OPERATORS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'contains', 'startswith', 'isnull'] as const;
export type Operator = (typeof OPERATORS)[number];

/** Collects SQL parameters and hands out their $n placeholders. */
export class SqlParameters {
  constructor(readonly values: unknown[] = []) {}

  /** Returns a copy, so per-page conditions do not leak into the shared filter parameters. */
  copy(): SqlParameters {
    return new SqlParameters([...this.values]);
  }

  add(value: unknown): number {
    this.values.push(value);
    return this.values.length;
  }
}

export interface SortKey {
  column: RowColumn;
  descending: boolean;
}

/** The column-related part of a rows request: WHERE conditions, sort keys and output columns. */
export interface RowQuery {
  conditions: string[];
  sort: SortKey[];
  select: RowColumn[];
}

/** More values than this in one `in` list are rejected, so a URL cannot build a huge statement. */
const MAX_IN_VALUES = 1000;

const COMPARISON_SQL: Partial<Record<Operator, string>> = { eq: '=', lt: '<', lte: '<=', gt: '>', gte: '>=' };

function operatorNotAllowed(column: RowColumn, operator: string) {
  return badRequest(
    'invalid-filter-operator',
    {
      de: `Der Operator „${operator}“ passt nicht zur Spalte „${column.name}“ (Typ ${columnTypeNameDe(column.type)}). contains und startswith gehen nur bei Text, bei Geometrien nur isnull und bbox.`,
      en: `Operator "${operator}" does not fit column "${column.name}" (type ${column.type}).`,
    },
    { column: column.name, operator },
  );
}

function unknownOperator(key: string, operator: string) {
  return badRequest(
    'invalid-filter-operator',
    {
      de: `Den Filter-Operator „${operator}“ in „${key}“ gibt es nicht. Erlaubt: ${OPERATORS.join(', ')}.`,
      en: `Filter operator "${operator}" in "${key}" does not exist. Allowed: ${OPERATORS.join(', ')}.`,
    },
    { parameter: key, operator },
  );
}

/** Escapes LIKE wildcards so user text matches literally (backslash is PostgreSQL's default LIKE escape). */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

/** Splits an `in` list on semicolons when there are any, so decimal commas stay usable; otherwise on commas. */
const splitList = (raw: string) => (raw.includes(';') ? raw.split(';') : raw.split(','));

function filterCondition(column: RowColumn, operator: Operator, raw: string, params: SqlParameters): string {
  if (operator === 'isnull') {
    const isNull = parseBoolean(raw);
    if (isNull === null) {
      throw badRequest('invalid-filter-value', {
        de: `Der Wert „${raw}“ für isnull bei Spalte „${column.name}“ ist ungültig. Erlaubt sind true und false.`,
        en: `Value "${raw}" for isnull on column "${column.name}" is invalid. Use true or false.`,
      }, { column: column.name, value: raw });
    }
    return `${column.sql} IS ${isNull ? '' : 'NOT '}NULL`;
  }
  if (column.type === 'geometry') throw operatorNotAllowed(column, operator);
  if (operator === 'contains' || operator === 'startswith') {
    if (column.type !== 'text') throw operatorNotAllowed(column, operator);
    const pattern = operator === 'contains' ? `%${escapeLike(raw)}%` : `${escapeLike(raw)}%`;
    return `${column.sql} ILIKE $${params.add(pattern)}`;
  }
  if (operator === 'in') {
    const items = splitList(raw);
    if (items.length > MAX_IN_VALUES) {
      throw badRequest('invalid-filter-value', {
        de: `Die in-Liste für Spalte „${column.name}“ hat ${items.length.toLocaleString('de-DE')} Werte; erlaubt sind höchstens ${MAX_IN_VALUES.toLocaleString('de-DE')}.`,
        en: `The in list for column "${column.name}" has ${items.length} values; at most ${MAX_IN_VALUES} are allowed.`,
      }, { column: column.name });
    }
    const placeholders = items.map((item) => {
      const value = parseFilterValue(column, column.type === 'text' ? item : item.trim());
      return value.placeholder(params.add(value.param));
    });
    return `${column.sql} IN (${placeholders.join(', ')})`;
  }
  const value = parseFilterValue(column, raw);
  const placeholder = value.placeholder(params.add(value.param));
  // ne keeps rows where the column is empty: NULL is "not equal" to any value for a reader.
  if (operator === 'ne') return `${column.sql} IS DISTINCT FROM ${placeholder}`;
  return `${column.sql} ${COMPARISON_SQL[operator]} ${placeholder}`;
}

/** Splits a parameter name into column and operator: `name`, `name[op]`, `filter[name]` or `filter[name][op]`. */
function parseFilterKey(key: string, columns: RowColumn[]): { column: RowColumn; operator: Operator } {
  const known = (name: string) => columns.some((column) => column.name === name);
  const toOperator = (operator: string): Operator => {
    if (!(OPERATORS as readonly string[]).includes(operator)) throw unknownOperator(key, operator);
    return operator as Operator;
  };
  const explicitWithOperator = /^filter\[(.*)\]\[([a-z]+)\]$/.exec(key);
  if (explicitWithOperator && known(explicitWithOperator[1])) {
    return { column: findColumn(columns, explicitWithOperator[1], key), operator: toOperator(explicitWithOperator[2]) };
  }
  const explicit = /^filter\[(.*)\]$/.exec(key);
  if (explicit) return { column: findColumn(columns, explicit[1], key), operator: 'eq' };
  if (known(key)) return { column: findColumn(columns, key, key), operator: 'eq' };
  const withOperator = /^(.*)\[([a-z]+)\]$/.exec(key);
  if (withOperator) return { column: findColumn(columns, withOperator[1], key), operator: toOperator(withOperator[2]) };
  return { column: findColumn(columns, key, key), operator: 'eq' };
}

function parseNames(raw: string, columns: RowColumn[]): string[] {
  return raw.split(',').filter((name) => name !== '').map((name) => (columns.some((column) => column.name === name) ? name : name.trim()));
}

function parseSort(raw: string | undefined, columns: RowColumn[]): SortKey[] {
  if (raw === undefined) return [];
  const keys: SortKey[] = [];
  for (const entry of parseNames(raw, columns)) {
    const descending = entry.startsWith('-') && !columns.some((column) => column.name === entry);
    const column = findColumn(columns, descending ? entry.slice(1) : entry, 'sort');
    if (column.type === 'geometry') {
      throw badRequest('invalid-sort', {
        de: `Nach der Geometriespalte „${column.name}“ kann nicht sortiert werden. Bitte wählen Sie eine andere Spalte.`,
        en: `Cannot sort by geometry column "${column.name}".`,
      }, { column: column.name });
    }
    if (!keys.some((key) => key.column === column)) keys.push({ column, descending });
  }
  return keys;
}

function parseSelect(raw: string | undefined, columns: RowColumn[]): RowColumn[] {
  if (raw === undefined) return columns;
  const selected: RowColumn[] = [];
  for (const name of parseNames(raw, columns)) {
    const column = findColumn(columns, name, 'select');
    if (!selected.includes(column)) selected.push(column);
  }
  return selected;
}

function parseBbox(raw: string, crsValue: string | undefined, columns: RowColumn[], params: SqlParameters): string {
  const geometry = geometryColumn(columns);
  if (!geometry) {
    throw badRequest('no-geometry', {
      de: 'Dieser Datensatz hat keine Geometriespalte, deshalb ist bbox hier nicht möglich.',
      en: 'This dataset has no geometry column, so bbox is not available.',
    });
  }
  const srid = crsValue === undefined ? 4326 : parseCrs('bbox-crs', crsValue);
  const parts = raw.split(',').map((part) => part.trim());
  const numbers = parts.map(Number);
  // Beyond these ranges PROJ fails to transform the envelope, which would end as a 500.
  const [maxX, maxY] = srid === 4326 ? [180, 90] : [10_000_000, 10_000_000];
  const valid =
    parts.length === 4 &&
    parts.every((part) => /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(part)) &&
    numbers.every((number, index) => Math.abs(number) <= (index % 2 === 0 ? maxX : maxY)) &&
    numbers[0] <= numbers[2] &&
    numbers[1] <= numbers[3];
  if (!valid) {
    throw badRequest('invalid-bbox', {
      de: `Ungültige bbox „${raw}“. Erwartet werden vier Zahlen minx,miny,maxx,maxy (min ≤ max) mit Punkt als Dezimaltrennzeichen im EPSG:${srid}-Bereich bis ±${maxX.toLocaleString('de-DE')}/±${maxY.toLocaleString('de-DE')}, z. B. bbox=13.40,52.51,13.42,52.53.`,
      en: `Invalid bbox "${raw}". Expected four numbers minx,miny,maxx,maxy (min <= max) within ±${maxX}/±${maxY} in EPSG:${srid}, e.g. bbox=13.40,52.51,13.42,52.53.`,
    }, { value: raw });
  }
  const [west, south, east, north] = numbers.map((number) => params.add(number));
  // NOTE: only the corners are transformed, so the box becomes a straight-edged approximation
  // in the data CRS. That is fine for city-scale boxes but drifts for boxes spanning many degrees.
  const envelope = `ST_MakeEnvelope($${west}, $${south}, $${east}, $${north}, $${params.add(srid)}::integer)`;
  return `ST_Intersects(${geometry.sql}, ST_Transform(${envelope}, $${params.add(geometry.srid)}::integer))`;
}

/**
 * Turns the non-reserved parameters into filters and reads sort, select and bbox.
 * Repeated filters on one column are combined with AND.
 */
export function parseRowQuery(entries: [string, string][], single: Map<string, string>, columns: RowColumn[], params: SqlParameters): RowQuery {
  const conditions: string[] = [];
  for (const [key, value] of entries) {
    if (RESERVED_PARAMETERS.has(key)) continue;
    const { column, operator } = parseFilterKey(key, columns);
    conditions.push(filterCondition(column, operator, value, params));
  }
  const bbox = single.get('bbox');
  if (bbox !== undefined) conditions.push(parseBbox(bbox, single.get('bbox-crs'), columns, params));
  return { conditions, sort: parseSort(single.get('sort'), columns), select: parseSelect(single.get('select'), columns) };
}
