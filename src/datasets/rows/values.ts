import type { CsvDialect } from './options.ts';
import type { RowColumn } from './schema.ts';

/** Shortens "2024-03-01T10:00:00.000000+01:00" to "2024-03-01T10:00:00+01:00" and drops trailing fraction zeros. */
export function trimTimestamp(text: string): string {
  return text.replace(/\.(\d*?)0*(?=[+-]\d{2}:\d{2}$)/, (_match, digits: string) => (digits === '' ? '' : `.${digits}`));
}

/**
 * Converts a value as read (text) to its JSON type. Integers beyond ±2^53 lose precision,
 * because JSON numbers are doubles in most clients.
 */
export function toJsonValue(column: RowColumn, text: string | null): unknown {
  if (text === null) return null;
  switch (column.type) {
    case 'integer':
    case 'decimal':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'timestamp':
      return trimTimestamp(text);
    case 'geometry':
      return JSON.parse(text);
    default:
      return text;
  }
}

/** Text that German Excel would run as a formula; such cells get a leading apostrophe. */
const FORMULA_START = /^[=+@\t\r]|^-(?![\d.,]*$)/;

/**
 * Digit strings that Excel would turn into numbers and so lose information: leading zeros
 * (LOR codes such as 01100101, postal codes) and more than 15 digits (Excel keeps 15).
 */
const CODE_LIKE = /^(0\d+|\d{16,})$/;

/** Formats a value for a CSV cell: canonical text for rfc4180, German conventions for excel-de. */
export function toCsvText(column: RowColumn, text: string | null, dialect: CsvDialect): string {
  if (text === null) return '';
  if (dialect === 'rfc4180') return column.type === 'timestamp' ? trimTimestamp(text) : text;
  switch (column.type) {
    case 'decimal':
      return text.replace('.', ',');
    case 'boolean':
      return text === 'true' ? 'WAHR' : 'FALSCH';
    case 'date':
      return `${text.slice(8, 10)}.${text.slice(5, 7)}.${text.slice(0, 4)}`;
    case 'timestamp':
      return `${text.slice(8, 10)}.${text.slice(5, 7)}.${text.slice(0, 4)} ${text.slice(11, 19)}`;
    case 'text':
      // ="01100101" is the usual way to make Excel open a digit string as text.
      if (CODE_LIKE.test(text)) return `="${text}"`;
      return FORMULA_START.test(text) ? `'${text}` : text;
    default:
      return text;
  }
}

/** Quotes a CSV field when it contains the delimiter, a quote, CR or LF (RFC 4180, section 2). */
export function quoteCsvField(value: string, delimiter: string): string {
  if (value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r')) {
    return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

/** Maximum characters in one Excel cell (Excel specifications and limits). */
export const EXCEL_CELL_MAX_CHARS = 32_767;

/** Converts a value as read to a typed Excel cell value. Timestamps become Berlin wall time, because Excel cells have no time zone. */
export function toExcelValue(column: RowColumn, text: string | null): string | number | boolean | Date | null {
  if (text === null) return null;
  switch (column.type) {
    case 'integer':
    case 'decimal':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'date':
      return new Date(`${text}T00:00:00Z`);
    case 'timestamp':
      return new Date(`${text.slice(0, 23)}Z`);
    case 'geometry':
      return text.length > EXCEL_CELL_MAX_CHARS ? 'Geometrie zu groß für eine Excel-Zelle; bitte GeoJSON oder CSV verwenden.' : text;
    default:
      return text;
  }
}
