/**
 * Column type inference from a sample of raw records (the pipeline passes about the first 10,000).
 */
import type { ColumnSpec, ColumnType, DecimalStyle, RawRecord, RawValue, SourceTable } from './types.ts';
import { isPlaceholder, parseBoolean, parseDate, parseNumber, parseTimestamp } from './values.ts';

/** Counts of the value kinds found in one column's non-empty sample values. */
interface ColumnEvidence {
  values: number;
  geometry: number;
  geometryTypes: Set<string>;
  /** Values such as "01100101" or "0049": codes whose leading zeros a number column would lose. */
  leadingZero: boolean;
  /** Integers beyond 2^53 lose digits in JavaScript and in many clients, so the column stays text. */
  unsafeInteger: boolean;
  /** Lengths of values written only with digits; null once another value (a number cell, a sign, a separator) was seen. */
  digitWidths: Set<number> | null;
  boolean: number;
  date: number;
  timestamp: number;
  /** Numbers that are valid with ',' (German) or '.' as decimal separator, and whether any has a fraction. */
  numeric: Record<DecimalStyle, { count: number; decimal: boolean }>;
  otherText: boolean;
}

function emptyEvidence(): ColumnEvidence {
  return {
    values: 0,
    geometry: 0,
    geometryTypes: new Set(),
    leadingZero: false,
    unsafeInteger: false,
    digitWidths: new Set(),
    boolean: 0,
    date: 0,
    timestamp: 0,
    numeric: { ',': { count: 0, decimal: false }, '.': { count: 0, decimal: false } },
    otherText: false,
  };
}

/**
 * Infers one ColumnSpec per header from the sample. Empty cells and statistical placeholders
 * ("–", ".", "x", …) are ignored; a column with no other values becomes text.
 */
export function inferColumns(table: SourceTable, sample: RawRecord[]): ColumnSpec[] {
  const evidence = table.headers.map(() => emptyEvidence());
  for (const record of sample) {
    for (let index = 0; index < evidence.length; index += 1) {
      addValue(evidence[index], record.values[index] ?? null);
    }
  }

  return table.headers.map((header, index) => {
    const spec: ColumnSpec = { name: header.trim(), sourceName: header, type: 'text' };
    const found = evidence[index];

    if (index === table.geometryIndex || (found.geometry > 0 && found.geometry === found.values)) {
      spec.type = 'geometry';
      if (table.detection.srid !== undefined) spec.srid = table.detection.srid;
      spec.geometryTypes = [...found.geometryTypes].sort();
      return spec;
    }

    const decided = isCodeColumn(header, found) ? { type: 'text' as const } : decideType(found);
    spec.type = decided.type;
    if (decided.decimalSeparator) spec.decimalSeparator = decided.decimalSeparator;
    return spec;
  });
}

function addValue(found: ColumnEvidence, raw: RawValue): void {
  if (raw === null || raw === undefined) return;
  if (typeof raw === 'string' && isPlaceholder(raw)) return;
  found.values += 1;

  if (typeof raw === 'number') {
    addNumber(found, raw);
  } else if (typeof raw === 'boolean') {
    found.boolean += 1;
  } else if (raw instanceof Date) {
    const midnight = raw.getUTCHours() === 0 && raw.getUTCMinutes() === 0 && raw.getUTCSeconds() === 0;
    if (midnight) found.date += 1;
    else found.timestamp += 1;
  } else if (typeof raw === 'object') {
    found.geometry += 1;
    found.geometryTypes.add(raw.type);
  } else {
    addText(found, raw.trim());
  }
}

function addNumber(found: ColumnEvidence, value: number): void {
  found.digitWidths = null;
  const isFraction = !Number.isInteger(value);
  if (!isFraction && !Number.isSafeInteger(value)) found.unsafeInteger = true;
  for (const style of [',', '.'] as const) {
    found.numeric[style].count += 1;
    if (isFraction) found.numeric[style].decimal = true;
  }
}

function addText(found: ColumnEvidence, text: string): void {
  if (/^[+-]?0\d/.test(text)) found.leadingZero = true;
  if (/^\d+$/.test(text)) found.digitWidths?.add(text.length);
  else found.digitWidths = null;

  let matched = false;
  for (const style of [',', '.'] as const) {
    const parsed = parseNumber(text, style);
    if (!parsed) continue;
    matched = true;
    found.numeric[style].count += 1;
    if (parsed.kind === 'decimal') found.numeric[style].decimal = true;
    else if (!Number.isSafeInteger(Number(parsed.canonical))) found.unsafeInteger = true;
  }
  if (matched) return;

  if (parseBoolean(text) !== null) found.boolean += 1;
  else if (parseDate(text)) found.date += 1;
  else if (parseTimestamp(text)) found.timestamp += 1;
  else found.otherText = true;
}

/**
 * Header words of key columns: postal codes, IDs and official keys anywhere in the header, and
 * the LOR levels as the whole header. Such a column with digit strings of one fixed width contains
 * codes like "10115" or "10", not quantities.
 */
const CODE_WORD = /(?:^|[^\p{L}])(?:plz|postleitzahl|id|schlüssel|schluessel|nummer|nr|code|kennziffer|kennung|ags|raumid)(?:[^\p{L}]|$)/iu;
const LOR_LEVEL_HEADER = /^(?:lor|bez|pgr|bzr|plr|bezirk|prognoseraum|bezirksregion|planungsraum)$/i;

function isCodeColumn(header: string, found: ColumnEvidence): boolean {
  const widths = found.digitWidths;
  if (!widths || widths.size !== 1 || found.values === 0) return false;
  const [width] = widths;
  return width >= 2 && (CODE_WORD.test(header) || LOR_LEVEL_HEADER.test(header.trim()));
}

function decideType(found: ColumnEvidence): { type: ColumnType; decimalSeparator?: DecimalStyle } {
  const total = found.values;
  if (total === 0 || found.otherText || found.geometry > 0) return { type: 'text' };

  for (const style of [',', '.'] as const) {
    const numeric = found.numeric[style];
    if (numeric.count !== total) continue;
    if (found.leadingZero) return { type: 'text' };
    if (numeric.decimal) return { type: 'decimal', decimalSeparator: style };
    if (found.unsafeInteger) return { type: 'text' };
    return { type: 'integer', decimalSeparator: style };
  }

  if (found.boolean === total) return { type: 'boolean' };
  if (found.date === total) return { type: 'date' };
  if (found.date + found.timestamp === total) return { type: 'timestamp' };
  return { type: 'text' };
}
