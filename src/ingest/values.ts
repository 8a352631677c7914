/**
 * Conversion of raw cells into the canonical PostgreSQL text input that the loader writes with COPY,
 * including German number and date formats and the placeholders of official statistics.
 */
import type { ColumnSpec, GeoJsonGeometry, RawValue } from './types.ts';
import type { DecimalStyle } from './types.ts';

/**
 * Symbols that official statistics put into cells without a value: "–" (nothing), "." (unknown),
 * "x" (not applicable), "/" (too uncertain), "…" (not yet available), plus ASCII and em dash variants.
 */
export const PLACEHOLDERS: ReadonlySet<string> = new Set(['–', '—', '-', '.', 'x', 'X', '/', '…', '...']);

export type NormalizeFailure = { ok: false; reason: { de: string; en: string } };

export type NormalizeResult = { ok: true; value: string | null; placeholder?: boolean } | NormalizeFailure;

/** Length of the longest entry of PLACEHOLDERS, so longer text needs no set lookup. */
const MAX_PLACEHOLDER_LENGTH = 3;

/** Returns true for empty text, whitespace and statistical placeholders, which carry no value. */
export function isPlaceholder(text: string): boolean {
  const trimmed = trimText(text);
  return trimmed === '' || (trimmed.length <= MAX_PLACEHOLDER_LENGTH && PLACEHOLDERS.has(trimmed));
}

/**
 * Returns `text.trim()`, skipping the call when both ends are visible ASCII, which is the common
 * case for cells and cannot be whitespace.
 */
export function trimText(text: string): string {
  const last = text.length - 1;
  if (last < 0) return text;
  const first = text.charCodeAt(0);
  const end = text.charCodeAt(last);
  if (first > 0x20 && first < 0x7f && end > 0x20 && end < 0x7f) return text;
  return text.trim();
}

/**
 * Converts one raw cell into the text PostgreSQL accepts for the column type, or null.
 * Placeholders and empty cells become null with `placeholder: true` in non-text columns. Text
 * columns keep their literal text and only turn empty or whitespace-only cells into null.
 */
export function normalizeValue(raw: RawValue, column: ColumnSpec): NormalizeResult {
  if (raw === null || raw === undefined) return { ok: true, value: null };

  if (column.type === 'text') return { ok: true, value: rawToText(raw) };

  if (typeof raw === 'string' && isPlaceholder(raw)) {
    return { ok: true, value: null, placeholder: true };
  }

  switch (column.type) {
    case 'integer':
      return normalizeInteger(raw, column.decimalSeparator);
    case 'decimal':
      return normalizeDecimal(raw, column.decimalSeparator);
    case 'boolean':
      return normalizeBoolean(raw);
    case 'date':
      return normalizeDate(raw);
    case 'timestamp':
      return normalizeTimestamp(raw);
    case 'geometry':
      return normalizeGeometry(raw, column.srid);
  }
}

/**
 * Same conversion as normalizeValue, returned without a result object: the text, null, or the
 * failure. The validator calls it for every cell, so strings in text, number and date columns take
 * fast paths. A null for a non-blank string in a non-text column means a placeholder.
 */
export function normalizeCell(raw: RawValue, column: ColumnSpec): string | null | NormalizeFailure {
  if (typeof raw === 'string') {
    const type = column.type;
    if (type === 'text') return trimText(raw) === '' ? null : raw;
    const text = trimText(raw);
    if (text === '' || (text.length <= MAX_PLACEHOLDER_LENGTH && PLACEHOLDERS.has(text))) return null;
    if (type === 'integer' || type === 'decimal') {
      const style = column.decimalSeparator ?? ',';
      const kind = plainNumberKind(text, style);
      if (kind === PLAIN_INTEGER || (kind === PLAIN_DECIMAL && type === 'decimal')) return plainCanonical(text, kind, style);
    } else if (type === 'date') {
      const date = parsePlainGermanDate(text);
      if (date) return date;
    }
  }
  const result = normalizeValue(raw, column);
  return result.ok ? result.value : result;
}

function rawToText(raw: Exclude<RawValue, null>): string | null {
  if (typeof raw === 'string') return trimText(raw) === '' ? null : raw;
  if (typeof raw === 'number') return formatNumber(raw);
  if (typeof raw === 'boolean') return raw ? 'true' : 'false';
  if (raw instanceof Date) return formatExcelDate(raw, hasTimeOfDay(raw));
  return JSON.stringify(raw);
}

/** Formats a number without exponent for typical statistics values and without a trailing ".0". */
function formatNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  return String(value);
}

function fail(de: string, en: string): NormalizeResult {
  return { ok: false, reason: { de, en } };
}

function quoted(raw: RawValue): string {
  return `„${typeof raw === 'string' ? raw : rawToText(raw as Exclude<RawValue, null>)}“`;
}

function normalizeInteger(raw: Exclude<RawValue, null>, style: DecimalStyle | undefined): NormalizeResult {
  if (typeof raw === 'number') {
    if (Number.isSafeInteger(raw)) return { ok: true, value: raw.toFixed(0) };
    return fail(`${quoted(raw)} ist keine ganze Zahl.`, `${quoted(raw)} is not an integer.`);
  }
  if (typeof raw === 'string') {
    const parsed = parseNumber(trimText(raw), style);
    if (parsed && parsed.kind === 'integer') return { ok: true, value: parsed.canonical };
  }
  return fail(
    `${quoted(raw)} ist keine ganze Zahl. Erwartet wird z. B. 1234 oder 1.234.`,
    `${quoted(raw)} is not an integer. Expected for example 1234 or 1.234.`,
  );
}

function normalizeDecimal(raw: Exclude<RawValue, null>, style: DecimalStyle | undefined): NormalizeResult {
  if (typeof raw === 'number') {
    if (Number.isFinite(raw)) return { ok: true, value: formatNumber(raw) };
    return fail(`${quoted(raw)} ist keine Dezimalzahl.`, `${quoted(raw)} is not a decimal number.`);
  }
  if (typeof raw === 'string') {
    const parsed = parseNumber(trimText(raw), style);
    if (parsed) return { ok: true, value: parsed.canonical };
  }
  return fail(
    `${quoted(raw)} ist keine Dezimalzahl. Erwartet wird z. B. 1234,5 oder 1.234,5.`,
    `${quoted(raw)} is not a decimal number. Expected for example 1234,5 or 1.234,5.`,
  );
}

function normalizeBoolean(raw: Exclude<RawValue, null>): NormalizeResult {
  if (typeof raw === 'boolean') return { ok: true, value: raw ? 'true' : 'false' };
  if (typeof raw === 'string') {
    const parsed = parseBoolean(raw.trim());
    if (parsed !== null) return { ok: true, value: parsed ? 'true' : 'false' };
  }
  return fail(
    `${quoted(raw)} ist kein Wahrheitswert. Erlaubt sind ja/nein, wahr/falsch oder true/false.`,
    `${quoted(raw)} is not a boolean. Allowed are ja/nein, wahr/falsch or true/false.`,
  );
}

function normalizeDate(raw: Exclude<RawValue, null>): NormalizeResult {
  if (raw instanceof Date) {
    if (!hasTimeOfDay(raw)) return { ok: true, value: formatExcelDate(raw, false) };
  } else if (typeof raw === 'string') {
    const parsed = parseDate(trimText(raw));
    if (parsed) return { ok: true, value: parsed };
  }
  return fail(
    `${quoted(raw)} ist kein gültiges Datum. Erwartet wird TT.MM.JJJJ oder JJJJ-MM-TT.`,
    `${quoted(raw)} is not a valid date. Expected DD.MM.YYYY or YYYY-MM-DD.`,
  );
}

function normalizeTimestamp(raw: Exclude<RawValue, null>): NormalizeResult {
  if (raw instanceof Date) return { ok: true, value: formatExcelDate(raw, true) };
  if (typeof raw === 'string') {
    const text = raw.trim();
    const parsed = parseTimestamp(text) ?? dateAsMidnight(text);
    if (parsed) return { ok: true, value: parsed };
  }
  return fail(
    `${quoted(raw)} ist kein gültiger Zeitpunkt. Erwartet wird TT.MM.JJJJ HH:MM[:SS] oder ISO 8601.`,
    `${quoted(raw)} is not a valid timestamp. Expected DD.MM.YYYY HH:MM[:SS] or ISO 8601.`,
  );
}

/** Reads a plain date in a timestamp column as midnight in Berlin. */
function dateAsMidnight(text: string): string | null {
  const date = parseDate(text);
  return date ? parseTimestamp(`${date}T00:00:00`) : null;
}

function normalizeGeometry(raw: Exclude<RawValue, null>, srid: number | undefined): NormalizeResult {
  let geometry: GeoJsonGeometry | null = null;
  if (typeof raw === 'object' && !(raw instanceof Date) && typeof raw.type === 'string') {
    geometry = raw;
  } else if (typeof raw === 'string' && raw.trim().startsWith('{')) {
    try {
      const parsed = JSON.parse(raw) as GeoJsonGeometry;
      if (parsed && typeof parsed.type === 'string') geometry = parsed;
    } catch {
      geometry = null;
    }
  }
  if (!geometry) {
    const excerpt = typeof raw === 'string' ? raw.slice(0, 60) : String(raw);
    return fail(
      `„${excerpt}“ ist keine GeoJSON-Geometrie. Erwartet wird z. B. {"type":"Point","coordinates":[13.4,52.5]}.`,
      `"${excerpt}" is not a GeoJSON geometry. Expected for example {"type":"Point","coordinates":[13.4,52.5]}.`,
    );
  }
  // PostGIS reads the legacy crs member of GeoJSON and sets the SRID from it, so the loader can
  // COPY this text straight into a geometry(Geometry, srid) column.
  const { crs: _ignored, ...rest } = geometry as GeoJsonGeometry & { crs?: unknown };
  const withCrs = { ...rest, crs: { type: 'name', properties: { name: `EPSG:${srid ?? 4326}` } } };
  return { ok: true, value: JSON.stringify(withCrs) };
}

function hasTimeOfDay(date: Date): boolean {
  return date.getUTCHours() !== 0 || date.getUTCMinutes() !== 0 || date.getUTCSeconds() !== 0 || date.getUTCMilliseconds() !== 0;
}

/**
 * Formats an Excel date. Excel stores wall-clock time without a zone, and the reader delivers it
 * in the UTC fields of the Date, so the wall time is read from those fields and then placed in
 * Europe/Berlin.
 */
function formatExcelDate(date: Date, withTime: boolean): string {
  const iso = date.toISOString();
  if (!withTime) return iso.slice(0, 10);
  const wallTime = iso.slice(0, 19);
  return parseTimestamp(wallTime) ?? `${wallTime}+00:00`;
}

export interface ParsedNumber {
  kind: 'integer' | 'decimal';
  /** The number as PostgreSQL reads it: no grouping, '.' as decimal separator, digits kept exactly. */
  canonical: string;
}

const NUMBER_PATTERNS: Record<DecimalStyle, { integer: RegExp[]; decimal: RegExp[] }> = {
  ',': {
    integer: [/^[+-]?\d+$/, /^[+-]?\d{1,3}(?:\.\d{3})+$/],
    decimal: [/^[+-]?(?:\d+|\d{1,3}(?:\.\d{3})+),\d+$/, /^[+-]?\d+(?:,\d+)?[eE][+-]?\d+$/],
  },
  '.': {
    integer: [/^[+-]?\d+$/, /^[+-]?\d{1,3}(?:,\d{3})+$/],
    decimal: [/^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)?\.\d+$/, /^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$/],
  },
};

/**
 * Parses a trimmed number written with the given decimal separator. Without a style, German
 * notation is tried first, so "1.234" reads as 1234 and "366933.12" (not valid German) as 366933.12.
 */
export function parseNumber(text: string, style?: DecimalStyle): ParsedNumber | null {
  const plain = parsePlainNumber(text, style ?? ',');
  if (plain) return plain;
  if (!style) return parseNumber(text, ',') ?? parseNumber(text, '.');

  const patterns = NUMBER_PATTERNS[style];
  const grouping = style === ',' ? '.' : ',';
  let kind: ParsedNumber['kind'] | null = null;
  if (patterns.integer.some((pattern) => pattern.test(text))) kind = 'integer';
  else if (patterns.decimal.some((pattern) => pattern.test(text))) kind = 'decimal';
  if (!kind) return null;

  let canonical = text.split(grouping).join('');
  if (style === ',') canonical = canonical.replace(',', '.');
  if (canonical.startsWith('+')) canonical = canonical.slice(1);
  if (canonical.startsWith('.')) canonical = `0${canonical}`;
  if (canonical.startsWith('-.')) canonical = `-0${canonical.slice(1)}`;
  return { kind, canonical };
}

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

const PLAIN_INTEGER = 1;
const PLAIN_DECIMAL = 2;

/**
 * Classifies the common number forms without regular expressions: digits with an optional sign
 * (PLAIN_INTEGER), or digits, the decimal separator of `style` and digits (PLAIN_DECIMAL).
 * Returns 0 for every other form, which the patterns of parseNumber then decide.
 */
function plainNumberKind(text: string, style: DecimalStyle): number {
  const length = text.length;
  let index = 0;
  const sign = text.charCodeAt(0);
  if (sign === 0x2b || sign === 0x2d) index = 1;
  const digitsStart = index;
  while (index < length && text.charCodeAt(index) >= DIGIT_0 && text.charCodeAt(index) <= DIGIT_9) index++;
  if (index === digitsStart) return 0;
  if (index === length) return PLAIN_INTEGER;
  if (text.charCodeAt(index) !== style.charCodeAt(0)) return 0;
  const fractionStart = ++index;
  while (index < length && text.charCodeAt(index) >= DIGIT_0 && text.charCodeAt(index) <= DIGIT_9) index++;
  return index > fractionStart && index === length ? PLAIN_DECIMAL : 0;
}

/** Returns the canonical text of a number that plainNumberKind accepted, as the patterns would produce it. */
function plainCanonical(text: string, kind: number, style: DecimalStyle): string {
  const unsigned = text.charCodeAt(0) === 0x2b ? text.slice(1) : text;
  return kind === PLAIN_DECIMAL && style === ',' ? unsigned.replace(',', '.') : unsigned;
}

function parsePlainNumber(text: string, style: DecimalStyle): ParsedNumber | null {
  const kind = plainNumberKind(text, style);
  if (kind === 0) return null;
  return { kind: kind === PLAIN_INTEGER ? 'integer' : 'decimal', canonical: plainCanonical(text, kind, style) };
}

const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  false: false,
  ja: true,
  nein: false,
  wahr: true,
  falsch: false,
};

/** Parses true/false, ja/nein and wahr/falsch in any letter case; 0 and 1 are numbers, not booleans. */
export function parseBoolean(text: string): boolean | null {
  const value = BOOLEAN_WORDS[text.toLowerCase()];
  return value === undefined ? null : value;
}

const GERMAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const GERMAN_TIMESTAMP = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Parses dd.mm.yyyy, d.m.yyyy or yyyy-mm-dd into yyyy-mm-dd; rejects days that do not exist. */
export function parseDate(text: string): string | null {
  const fast = parsePlainGermanDate(text);
  if (fast !== undefined) return fast;
  const german = GERMAN_DATE.exec(text);
  if (german) return formatDate(Number(german[3]), Number(german[2]), Number(german[1]));
  const iso = ISO_DATE.exec(text);
  if (iso) return formatDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  return null;
}

/** Reads the decimal digits from `start` to `end`. Returns -1 when the range is empty or contains another character. */
function readDigits(text: string, start: number, end: number): number {
  let value = 0;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code < DIGIT_0 || code > DIGIT_9) return -1;
    value = value * 10 + (code - DIGIT_0);
  }
  return end > start ? value : -1;
}

/**
 * Fast path of parseDate for d.m.yyyy and dd.mm.yyyy with a year from 1000, without regular
 * expressions or Date objects. Returns undefined for any other text, which the patterns then decide.
 */
function parsePlainGermanDate(text: string): string | null | undefined {
  const length = text.length;
  if (length < 8 || length > 10) return undefined;
  const firstDot = text.indexOf('.');
  const secondDot = firstDot < 0 ? -1 : text.indexOf('.', firstDot + 1);
  if (firstDot < 1 || firstDot > 2 || secondDot - firstDot < 2 || secondDot - firstDot > 3 || length - secondDot !== 5) return undefined;
  const day = readDigits(text, 0, firstDot);
  const month = readDigits(text, firstDot + 1, secondDot);
  const year = readDigits(text, secondDot + 1, length);
  if (day < 0 || month < 0 || year < 1000) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${text.slice(secondDot + 1)}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** Days of a month in the proleptic Gregorian calendar, as Date.UTC computes them for years from 100. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function formatDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * Parses "dd.mm.yyyy HH:MM[:SS]" and ISO 8601 date-times into ISO 8601 with an explicit offset.
 * Times without an offset are wall-clock times in Europe/Berlin.
 */
export function parseTimestamp(text: string): string | null {
  let parts: { year: number; month: number; day: number; hour: number; minute: number; second: number };
  let fraction = '';
  let offset: string | null = null;

  const german = GERMAN_TIMESTAMP.exec(text);
  const iso = german ? null : ISO_TIMESTAMP.exec(text);
  if (german) {
    parts = { year: +german[3], month: +german[2], day: +german[1], hour: +german[4], minute: +german[5], second: +(german[6] ?? 0) };
  } else if (iso) {
    parts = { year: +iso[1], month: +iso[2], day: +iso[3], hour: +iso[4], minute: +iso[5], second: +(iso[6] ?? 0) };
    fraction = iso[7] ?? '';
    offset = iso[8] ? normalizeOffset(iso[8]) : null;
  } else {
    return null;
  }

  const date = formatDate(parts.year, parts.month, parts.day);
  if (!date || parts.hour > 23 || parts.minute > 59 || parts.second > 59) return null;
  if (offset === null) {
    const wallMs = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    offset = formatOffset(berlinOffsetMinutes(wallMs));
  }
  return `${date}T${pad2(parts.hour)}:${pad2(parts.minute)}:${pad2(parts.second)}${fraction}${offset}`;
}

function normalizeOffset(text: string): string | null {
  if (text === 'Z') return '+00:00';
  const digits = text.slice(1).replace(':', '');
  const hours = digits.slice(0, 2);
  const minutes = digits.slice(2) || '00';
  if (Number(hours) > 14 || Number(minutes) > 59) return null;
  return `${text[0]}${hours}:${minutes}`;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${pad2(Math.floor(absolute / 60))}:${pad2(absolute % 60)}`;
}

const berlinFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Returns the offset of Europe/Berlin from UTC in minutes at the given instant. */
function offsetAtInstant(utcMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of berlinFormat.formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

/**
 * Returns the offset of Europe/Berlin for a wall-clock time given as if it were UTC. In the autumn
 * hour that occurs twice this picks the later one (standard time). A time in the skipped spring
 * hour gets the offset before the change, so PostgreSQL shifts it forward by one hour.
 */
function berlinOffsetMinutes(wallMs: number): number {
  const guess = offsetAtInstant(wallMs);
  return offsetAtInstant(wallMs - guess * 60000);
}

/** Escapes one field for the PostgreSQL COPY text format; null becomes \N. */
export function escapeCopyText(value: string | null): string {
  if (value === null) return '\\N';
  if (!needsCopyEscape(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (char) => {
    if (char === '\\') return '\\\\';
    if (char === '\t') return '\\t';
    if (char === '\n') return '\\n';
    return '\\r';
  });
}

function needsCopyEscape(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    // Backslash (0x5c), tab, LF or CR.
    if (code === 0x5c || (code <= 0x0d && (code === 0x09 || code === 0x0a || code === 0x0d))) return true;
  }
  return false;
}
