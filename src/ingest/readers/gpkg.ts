/**
 * GeoPackage reader (sql.js). Reads one feature table (or attribute table) with its geometry
 * column decoded to GeoJSON; the geometry is the last column, named "geometry".
 */
import fs from 'node:fs/promises';
import initSqlJs, { type Database, type SqlValue } from 'sql.js';
import { SourceFormatError, type RawRecord, type RawValue, type ReadOptions, type SourceTable } from '../types.ts';
import { uniqueHeaders } from './headers.ts';
import { decodeGpkgGeometry } from './wkb.ts';

let sqlJs: ReturnType<typeof initSqlJs> | null = null;

function loadSqlJs(): ReturnType<typeof initSqlJs> {
  sqlJs ??= initSqlJs();
  return sqlJs;
}

interface LayerInfo {
  table: string;
  geometryColumn: string | null;
  srid: number | undefined;
  columns: string[];
}

/** Quotes an SQLite identifier read from the GeoPackage's own catalogue tables. */
function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export async function openGpkg(filePath: string, originalName: string, options: ReadOptions): Promise<SourceTable> {
  // NOTE: sql.js works on an in-memory copy of the whole file, so a GeoPackage needs its file size
  // in heap during each pass.
  const bytes = new Uint8Array(await fs.readFile(filePath));
  const SQL = await loadSqlJs();

  const database = openDatabase(SQL, bytes, originalName);
  let layer: LayerInfo;
  let layers: string[];
  try {
    layers = listLayers(database, originalName);
    layer = describeLayer(database, chooseLayer(layers, options.layer, originalName));
  } finally {
    database.close();
  }

  const srid = options.srid ?? layer.srid;
  const names = layer.geometryColumn ? [...layer.columns, 'geometry'] : layer.columns;
  const { headers, warnings } = uniqueHeaders(names);

  async function* records(): AsyncIterable<RawRecord> {
    const pass = openDatabase(SQL, bytes, originalName);
    const selected = [...layer.columns, ...(layer.geometryColumn ? [layer.geometryColumn] : [])];
    const statement = pass.prepare(`SELECT ${selected.map(quoteIdentifier).join(', ')} FROM ${quoteIdentifier(layer.table)}`);
    try {
      for (let line = 1; statement.step(); line += 1) {
        const row = statement.get();
        const values: RawValue[] = row.slice(0, layer.columns.length).map(toRawValue);
        if (layer.geometryColumn) values.push(geometryValue(row[row.length - 1], line, originalName));
        yield { line, values };
      }
    } finally {
      statement.free();
      pass.close();
    }
  }

  return {
    detection: { format: 'gpkg', srid: layer.geometryColumn ? srid : undefined, layer: layer.table, layers },
    headers,
    geometryIndex: layer.geometryColumn ? headers.length - 1 : null,
    warnings,
    records,
  };
}

function openDatabase(SQL: Awaited<ReturnType<typeof initSqlJs>>, bytes: Uint8Array, originalName: string): Database {
  try {
    const database = new SQL.Database(bytes);
    database.exec('SELECT 1 FROM gpkg_contents LIMIT 1');
    return database;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new SourceFormatError(
      'invalid-gpkg',
      `„${originalName}“ ist keine lesbare GeoPackage-Datei (${detail}). Bitte exportieren Sie die Daten erneut als GeoPackage.`,
      `"${originalName}" is not a readable GeoPackage (${detail}). Export the data again as GeoPackage.`,
      { cause: detail },
    );
  }
}

/** Lists feature tables first, then attribute tables, each in catalogue order. */
function listLayers(database: Database, originalName: string): string[] {
  const result = database.exec(
    "SELECT table_name FROM gpkg_contents WHERE data_type IN ('features', 'attributes') ORDER BY data_type <> 'features', rowid",
  );
  const layers = (result[0]?.values ?? []).map((row) => String(row[0]));
  if (layers.length === 0) {
    throw new SourceFormatError(
      'no-layer',
      `Die GeoPackage-Datei „${originalName}“ enthält keine Feature- oder Attributtabelle. Bitte prüfen Sie den Export.`,
      `The GeoPackage "${originalName}" contains no feature or attribute table. Check the export.`,
    );
  }
  return layers;
}

function chooseLayer(layers: string[], requested: string | undefined, originalName: string): string {
  if (!requested) return layers[0];
  const found = layers.find((name) => name === requested) ?? layers.find((name) => name.toLowerCase() === requested.toLowerCase());
  if (found) return found;
  throw new SourceFormatError(
    'layer-not-found',
    `Die Ebene „${requested}“ ist in „${originalName}“ nicht vorhanden. Vorhandene Ebenen: ${layers.join(', ')}.`,
    `The layer "${requested}" is not in "${originalName}". Available layers: ${layers.join(', ')}.`,
    { layer: requested, layers },
  );
}

/**
 * Reads the geometry column and SRID of a table. The SRID is the EPSG code from
 * gpkg_spatial_ref_sys when the organisation is EPSG, otherwise the srs_id itself. An INTEGER
 * PRIMARY KEY named fid is the row id GDAL adds and is left out.
 */
function describeLayer(database: Database, table: string): LayerInfo {
  const geometry = database.exec(
    `SELECT g.column_name, g.srs_id, s.organization, s.organization_coordsys_id
       FROM gpkg_geometry_columns g LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
      WHERE g.table_name = ?`,
    [table],
  )[0]?.values[0];
  const geometryColumn = geometry ? String(geometry[0]) : null;
  let srid: number | undefined;
  if (geometry) {
    const isEpsg = typeof geometry[2] === 'string' && geometry[2].toUpperCase() === 'EPSG';
    srid = Number(isEpsg ? geometry[3] : geometry[1]);
  }

  const info = database.exec(`PRAGMA table_info(${quoteIdentifier(table)})`)[0]?.values ?? [];
  const columns = info
    .filter((row) => {
      const name = String(row[1]);
      const isRowId = Number(row[5]) === 1 && String(row[2]).toUpperCase() === 'INTEGER' && name.toLowerCase() === 'fid';
      return name !== geometryColumn && !isRowId;
    })
    .map((row) => String(row[1]));
  return { table, geometryColumn, srid, columns };
}

function geometryValue(value: SqlValue, line: number, originalName: string): RawValue {
  if (value === null) return null;
  if (!(value instanceof Uint8Array)) {
    throw new SourceFormatError(
      'invalid-geometry',
      `Feature ${line.toLocaleString('de-DE')} in „${originalName}“ hat keine GeoPackage-Geometrie. Bitte prüfen Sie den Export.`,
      `Feature ${line} of "${originalName}" has no GeoPackage geometry. Check the export.`,
      { line },
    );
  }
  try {
    // NOTE: Z and M values are dropped, so 3D data is stored in 2D.
    return decodeGpkgGeometry(value).geometry;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new SourceFormatError(
      'invalid-geometry',
      `Die Geometrie von Feature ${line.toLocaleString('de-DE')} in „${originalName}“ ist beschädigt (${detail}).`,
      `The geometry of feature ${line} in "${originalName}" is damaged (${detail}).`,
      { line, cause: detail },
    );
  }
}

/** Converts an SQLite value; blobs outside the geometry column become hexadecimal text. */
function toRawValue(value: SqlValue): RawValue {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return value;
}
