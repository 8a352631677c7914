import { badRequest } from '../../http/problem.ts';

export const FORMATS = ['json', 'csv', 'geojson', 'xlsx'] as const;
export type RowsFormat = (typeof FORMATS)[number];
export type CsvDialect = 'rfc4180' | 'excel-de';

/** Query parameters with a fixed meaning; a column with one of these names is filtered as filter[<name>]. */
export const RESERVED_PARAMETERS = new Set([
  'format', 'dialect', 'limit', 'offset', 'cursor', 'sort', 'select', 'bbox', 'bbox-crs', 'crs', 'version', 'total',
]);

export const DEFAULT_JSON_LIMIT = 100;
export const MAX_JSON_LIMIT = 10_000;
/** Output and bbox CRS the API accepts: WGS 84 and ETRS89 / UTM zone 33N, the official Berlin CRS. */
export const SUPPORTED_CRS = [4326, 25833];

export const MEDIA_TYPES: Record<RowsFormat, string> = {
  json: 'application/json',
  csv: 'text/csv',
  geojson: 'application/geo+json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The reserved parameters of one rows request, parsed and checked. */
export interface RowsOptions {
  format: RowsFormat;
  dialect: CsvDialect;
  /** Null means no limit, which only downloads allow. */
  limit: number | null;
  offset: number;
  cursor: string | null;
  crs: number;
  version: number | undefined;
  total: boolean;
}

const invalidParameter = (name: string, value: string, expected: { de: string; en: string }) =>
  badRequest(
    'invalid-parameter',
    {
      de: `Ungültiger Wert „${value}“ für den Parameter „${name}“. ${expected.de}`,
      en: `Invalid value "${value}" for parameter "${name}". ${expected.en}`,
    },
    { parameter: name, value },
  );

function parseCount(name: string, value: string, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number > max) {
    throw invalidParameter(name, value, {
      de: `Erlaubt ist eine ganze Zahl von 0 bis ${max.toLocaleString('de-DE')}.`,
      en: `Use a whole number from 0 to ${max}.`,
    });
  }
  return number;
}

/** Reads "4326", "EPSG:4326" or the OGC URI form; only SUPPORTED_CRS pass. */
export function parseCrs(name: string, value: string): number {
  const match = /^(?:EPSG:|urn:ogc:def:crs:EPSG::|https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/0\/)?(\d+)$/i.exec(value.trim());
  const srid = match ? Number(match[1]) : NaN;
  if (!SUPPORTED_CRS.includes(srid)) {
    throw invalidParameter(name, value, {
      de: `Unterstützt werden ${SUPPORTED_CRS.join(' und ')} (WGS 84 und ETRS89/UTM 33N).`,
      en: `Supported are ${SUPPORTED_CRS.join(' and ')}.`,
    });
  }
  return srid;
}

/** Picks the format from `format`, else from the Accept header; JSON when neither names a known one. */
function chooseFormat(value: string | undefined, accept: string | undefined): RowsFormat {
  if (value !== undefined) {
    const format = value.toLowerCase();
    if ((FORMATS as readonly string[]).includes(format)) return format as RowsFormat;
    throw invalidParameter('format', value, {
      de: `Erlaubt sind ${FORMATS.join(', ')}.`,
      en: `Allowed are ${FORMATS.join(', ')}.`,
    });
  }
  const ranked = (accept ?? '')
    .split(',')
    .map((part, position) => {
      const [type, ...params] = part.trim().toLowerCase().split(';');
      const quality = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
      return { type: type.trim(), quality: quality ? Number(quality.slice(2)) : 1, position };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.position - b.position);
  for (const entry of ranked) {
    const match = FORMATS.find((format) => MEDIA_TYPES[format] === entry.type);
    if (match) return match;
  }
  return 'json';
}

/** Parses the reserved parameters. `single` contains the last value of each parameter. */
export function parseOptions(single: Map<string, string>, accept: string | undefined): RowsOptions {
  const format = chooseFormat(single.get('format'), accept);
  const dialectValue = single.get('dialect') ?? 'rfc4180';
  if (dialectValue !== 'rfc4180' && dialectValue !== 'excel-de') {
    throw invalidParameter('dialect', dialectValue, {
      de: 'Erlaubt sind rfc4180 (Standard) und excel-de (Semikolon, Dezimalkomma, für deutsches Excel).',
      en: 'Allowed are rfc4180 (default) and excel-de.',
    });
  }
  const limitValue = single.get('limit');
  const maxLimit = format === 'json' ? MAX_JSON_LIMIT : Number.MAX_SAFE_INTEGER;
  const limit = limitValue !== undefined ? parseCount('limit', limitValue, maxLimit) : format === 'json' ? DEFAULT_JSON_LIMIT : null;
  const versionValue = single.get('version');
  const version = versionValue !== undefined ? parseCount('version', versionValue, 2_147_483_647) : undefined;
  const totalValue = single.get('total') ?? 'true';
  if (totalValue !== 'true' && totalValue !== 'false') {
    throw invalidParameter('total', totalValue, { de: 'Erlaubt sind true und false.', en: 'Allowed are true and false.' });
  }
  const cursor = single.get('cursor') ?? null;
  return {
    format,
    dialect: dialectValue,
    limit,
    offset: cursor === null && single.has('offset') ? parseCount('offset', single.get('offset')!, Number.MAX_SAFE_INTEGER) : 0,
    cursor,
    crs: single.has('crs') ? parseCrs('crs', single.get('crs')!) : 4326,
    version,
    total: totalValue === 'true',
  };
}
