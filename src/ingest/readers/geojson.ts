/**
 * GeoJSON reader: FeatureCollection, single Feature or bare geometry. Properties become columns
 * and the geometry is the last column, named "geometry".
 */
import fs from 'node:fs/promises';
import { SourceFormatError, type GeoJsonGeometry, type RawRecord, type RawValue, type ReadOptions, type SourceTable } from '../types.ts';
import { optionHintDe, optionHintEn } from './option-names.ts';
import { uniqueHeaders } from './headers.ts';
import { sridFromCrsName } from './srid.ts';

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/**
 * Largest GeoJSON file read, in bytes. V8 in Node 20 caps a string at 2^29 − 24 characters
 * (about 512 Mi), and JSON.parse needs the whole file as one string.
 */
const MAX_GEOJSON_BYTES = 500 * 1024 * 1024;

interface Feature {
  id?: unknown;
  properties?: Record<string, unknown> | null;
  geometry?: GeoJsonGeometry | null;
}

export async function openGeoJson(filePath: string, originalName: string, options: ReadOptions): Promise<SourceTable> {
  // NOTE: the whole file is parsed in memory with JSON.parse, which needs several times the file
  // size in heap. That is fine for files up to a few hundred MB; larger files need a streaming parser.
  const { size } = await fs.stat(filePath);
  if (size > MAX_GEOJSON_BYTES) {
    const limit = (MAX_GEOJSON_BYTES / 1024 / 1024).toLocaleString('de-DE');
    throw new SourceFormatError(
      'file-too-large',
      `Die GeoJSON-Datei „${originalName}“ ist größer als ${limit} MiB und kann nicht gelesen werden. Bitte laden Sie die Daten als GeoPackage oder Shapefile (ZIP) hoch.`,
      `The GeoJSON file "${originalName}" is larger than ${MAX_GEOJSON_BYTES / 1024 / 1024} MiB and cannot be read. Upload the data as GeoPackage or zipped shapefile.`,
      { size },
    );
  }
  const raw = await fs.readFile(filePath, 'utf8');
  const hasBom = raw.startsWith('\uFEFF');
  const text = hasBom ? raw.slice(1) : raw;
  const document = parseJson(text, originalName, hasBom ? 3 : 0);
  const features = featuresOf(document, originalName);

  const keys: string[] = [];
  const seen = new Set<string>();
  // The id member of a Feature becomes the first column "id" unless a property has that name.
  const hasFeatureId = features.some((feature) => feature.id !== undefined && feature.id !== null);
  for (const feature of features) {
    for (const key of Object.keys(feature.properties ?? {})) {
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  const idColumn = hasFeatureId && !seen.has('id');
  const { headers, warnings } = uniqueHeaders([...(idColumn ? ['id'] : []), ...keys, 'geometry']);
  const srid = options.srid ?? sridOfDocument(document, originalName);

  async function* records(): AsyncIterable<RawRecord> {
    for (let index = 0; index < features.length; index += 1) {
      const feature = features[index];
      const properties = feature.properties ?? {};
      const values: RawValue[] = keys.map((key) => toRawValue(properties[key]));
      if (idColumn) values.unshift(toRawValue(feature.id));
      values.push(feature.geometry ?? null);
      yield { line: index + 1, values };
    }
  }

  return {
    detection: { format: 'geojson', encoding: 'utf-8', srid },
    headers,
    geometryIndex: headers.length - 1,
    warnings,
    records,
  };
}

function parseJson(text: string, originalName: string, bomBytes: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // V8's messages give a position for some errors only, so the position comes from a scan.
    const position = findJsonErrorPosition(text);
    const before = text.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    const bytePosition = Buffer.byteLength(before, 'utf8') + bomBytes;
    const truncated = position >= text.trimEnd().length;
    const problem = truncated ? 'endet unerwartet (die Datei ist abgeschnitten)' : 'ist ungültig';
    throw new SourceFormatError(
      'invalid-geojson',
      `Die GeoJSON-Datei „${originalName}“ ${problem}: Fehler bei Byte ${bytePosition.toLocaleString('de-DE')} (Zeile ${line.toLocaleString('de-DE')}, Spalte ${column.toLocaleString('de-DE')}). Bitte laden Sie die Datei vollständig und unverändert erneut hoch.`,
      `The GeoJSON file "${originalName}" ${truncated ? 'ends unexpectedly (it is truncated)' : 'is invalid'}: error at byte ${bytePosition} (line ${line}, column ${column}). Upload the complete file again.`,
      { position: bytePosition, line, column },
    );
  }
}

/** Returns the character index of the first JSON syntax error in text, or text.length when the text ends early. */
export function findJsonErrorPosition(text: string): number {
  let index = 0;
  const fail = (): never => {
    throw new JsonScanError(Math.min(index, text.length));
  };
  const skipWhitespace = () => {
    while (index < text.length && ' \t\n\r'.includes(text[index])) index += 1;
  };
  const scanString = () => {
    index += 1;
    while (index < text.length) {
      const char = text[index];
      if (char === '"') {
        index += 1;
        return;
      }
      if (char < ' ') fail();
      index += char === '\\' ? 2 : 1;
    }
    fail();
  };
  const scanValue = (): void => {
    skipWhitespace();
    const char = text[index];
    if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      index += 1;
      skipWhitespace();
      if (text[index] === close) {
        index += 1;
        return;
      }
      for (;;) {
        if (close === '}') {
          skipWhitespace();
          if (text[index] !== '"') fail();
          scanString();
          skipWhitespace();
          if (text[index] !== ':') fail();
          index += 1;
        }
        scanValue();
        skipWhitespace();
        if (text[index] === ',') index += 1;
        else if (text[index] === close) {
          index += 1;
          return;
        } else fail();
      }
    }
    if (char === '"') return scanString();
    const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(index, index + 400));
    if (!literal) fail();
    index += literal![0].length;
  };

  try {
    scanValue();
    skipWhitespace();
    if (index < text.length) fail();
    return text.length;
  } catch (error) {
    if (error instanceof JsonScanError) return error.position;
    throw error;
  }
}

class JsonScanError extends Error {
  constructor(readonly position: number) {
    super(`JSON syntax error at ${position}`);
  }
}

function featuresOf(document: unknown, originalName: string): Feature[] {
  const object = document as { type?: unknown; features?: unknown; coordinates?: unknown; geometries?: unknown };
  if (object && typeof object === 'object') {
    if (object.type === 'FeatureCollection' && Array.isArray(object.features)) return object.features as Feature[];
    if (object.type === 'Feature') return [object as Feature];
    if (typeof object.type === 'string' && GEOMETRY_TYPES.has(object.type)) {
      return [{ properties: {}, geometry: object as GeoJsonGeometry }];
    }
  }
  throw new SourceFormatError(
    'invalid-geojson',
    `„${originalName}“ ist JSON, aber kein GeoJSON: erwartet wird eine FeatureCollection, ein Feature oder eine Geometrie. Bitte exportieren Sie die Daten als GeoJSON.`,
    `"${originalName}" is JSON but not GeoJSON: expected a FeatureCollection, a Feature or a geometry. Export the data as GeoJSON.`,
  );
}

/** Reads the legacy crs member; RFC 7946 GeoJSON without it is WGS 84 longitude/latitude (EPSG:4326). */
function sridOfDocument(document: unknown, originalName: string): number {
  const name = (document as { crs?: { properties?: { name?: unknown } } }).crs?.properties?.name;
  if (typeof name !== 'string') return 4326;
  const srid = sridFromCrsName(name);
  if (srid !== null) return srid;
  throw new SourceFormatError(
    'unknown-crs',
    `Das Koordinatensystem „${name}“ in „${originalName}“ ist unbekannt. Bitte geben Sie das Koordinatensystem als EPSG-Code an (${optionHintDe('srid')}), z. B. 25833.`,
    `The coordinate reference system "${name}" in "${originalName}" is unknown. Set the coordinate reference system as an EPSG code (${optionHintEn('srid')}), for example 25833.`,
    { crs: name },
  );
}

/** Converts a property value; nested objects and arrays become JSON text because a cell is one scalar value. */
function toRawValue(value: unknown): RawValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
