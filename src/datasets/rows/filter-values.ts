import { badRequest } from '../../http/problem.ts';
import { columnTypeNameDe } from '../../ingest/type-names.ts';
import type { RowColumn } from './schema.ts';

/** A filter value checked against its column type: the SQL parameter and the typed placeholder that reads it. */
export interface TypedValue {
  param: string;
  placeholder: (index: number) => string;
}

const TYPE_NAMES_DE: Record<string, string> = {
  integer: 'ganze Zahl, z. B. 42',
  decimal: 'Zahl, z. B. 3,5 oder 3.5',
  boolean: 'Wahrheitswert: true/false oder ja/nein',
  date: 'Datum als TT.MM.JJJJ oder JJJJ-MM-TT',
  timestamp: 'Zeitpunkt als JJJJ-MM-TTThh:mm[:ss][+01:00] oder TT.MM.JJJJ hh:mm',
  text: 'Text',
};

export function invalidValue(column: RowColumn, raw: string) {
  const expected = TYPE_NAMES_DE[column.type] ?? column.type;
  return badRequest(
    'invalid-filter-value',
    {
      de: `Der Wert „${raw}“ passt nicht zur Spalte „${column.name}“ (Typ ${columnTypeNameDe(column.type)}). Erwartet wird: ${expected}.`,
      en: `Value "${raw}" does not fit column "${column.name}" (type ${column.type}).`,
    },
    { column: column.name, value: raw },
  );
}

const cast = (type: string) => (index: number) => `$${index}::${type}`;

function parseInteger(raw: string): string | null {
  const trimmed = raw.trim();
  return /^[+-]?\d{1,18}$/.test(trimmed) ? trimmed : null;
}

/** Accepts "1234.5", "1234,5" and "1.234,5"; a dot alone is a decimal point, as in the API's own output. */
export function parseDecimal(raw: string): string | null {
  let text = raw.trim();
  if (text.includes(',')) {
    if (!/^[+-]?\d{1,3}(\.\d{3})*(,\d+)?$/.test(text) && !/^[+-]?\d+(,\d+)?$/.test(text)) return null;
    text = text.replace(/\./g, '').replace(',', '.');
  }
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text) ? text : null;
}

const TRUE_WORDS = new Set(['true', 'ja', 'wahr', '1']);
const FALSE_WORDS = new Set(['false', 'nein', 'falsch', '0']);

export function parseBoolean(raw: string): boolean | null {
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Returns an ISO date (YYYY-MM-DD) for "dd.mm.yyyy" or "yyyy-mm-dd", or null for anything else. */
export function parseDate(raw: string): string | null {
  const text = raw.trim();
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = german
    ? [Number(german[3]), Number(german[2]), Number(german[1])]
    : iso
      ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
      : [NaN, NaN, NaN];
  if (!isRealDate(year, month, day)) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Parses a timestamp. Values with an offset (or Z) are absolute; values without one are
 * Berlin wall time, the same rule the import applies.
 */
function parseTimestamp(raw: string): TypedValue | null {
  const text = raw.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  const german = /^(\d{1,2}\.\d{1,2}\.\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  const match = iso ?? german;
  if (!match) return null;
  const date = parseDate(match[1]);
  const [hour, minute, second] = [Number(match[2] ?? 0), Number(match[3] ?? 0), Number(match[4] ?? 0)];
  if (!date || hour > 23 || minute > 59 || second > 59) return null;
  const fraction = iso ? (match[5] ?? '') : '';
  const offset = iso ? match[6] : undefined;
  const pad = (value: number) => String(value).padStart(2, '0');
  const local = `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}${fraction}`;
  if (offset) return { param: `${local}${offset}`, placeholder: cast('timestamptz') };
  return { param: local, placeholder: (index) => `($${index}::timestamp AT TIME ZONE 'Europe/Berlin')` };
}

/** Checks one filter value against the column type; throws a 400 naming column and value when it does not fit. */
export function parseFilterValue(column: RowColumn, raw: string): TypedValue {
  let parsed: TypedValue | null = null;
  switch (column.type) {
    case 'text':
      parsed = { param: raw, placeholder: cast('text') };
      break;
    case 'integer': {
      const value = parseInteger(raw);
      parsed = value === null ? null : { param: value, placeholder: cast('bigint') };
      break;
    }
    case 'decimal': {
      const value = parseDecimal(raw);
      parsed = value === null ? null : { param: value, placeholder: cast('numeric') };
      break;
    }
    case 'boolean': {
      const value = parseBoolean(raw);
      parsed = value === null ? null : { param: String(value), placeholder: cast('boolean') };
      break;
    }
    case 'date': {
      const value = parseDate(raw);
      parsed = value === null ? null : { param: value, placeholder: cast('date') };
      break;
    }
    case 'timestamp':
      parsed = parseTimestamp(raw);
      break;
    case 'geometry':
      parsed = null;
      break;
  }
  if (!parsed) throw invalidValue(column, raw);
  return parsed;
}
