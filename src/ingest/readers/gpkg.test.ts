import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import initSqlJs from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferColumns } from '../infer.ts';
import { SourceFormatError, type RawRecord, type ReadOptions, type SourceTable } from '../types.ts';
import { openSource } from './index.ts';
import { decodeGpkgGeometry } from './wkb.ts';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpkg-reader-'));
afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

/** Builds a GeoPackage geometry blob: "GP", version 0, flags, srs_id, optional XY envelope, WKB. */
function gpkgBlob(wkb: Buffer, srsId: number, options: { envelope?: boolean; empty?: boolean } = {}): Buffer {
  const header = Buffer.alloc(8);
  header.write('GP', 0, 'latin1');
  header[2] = 0;
  header[3] = 1 | (options.envelope ? 1 << 1 : 0) | (options.empty ? 1 << 4 : 0);
  header.writeInt32LE(srsId, 4);
  const envelope = options.envelope ? Buffer.alloc(32) : Buffer.alloc(0);
  return Buffer.concat([header, envelope, wkb]);
}

function doubles(values: number[], littleEndian = true): Buffer {
  const buffer = Buffer.alloc(values.length * 8);
  values.forEach((value, index) => (littleEndian ? buffer.writeDoubleLE(value, index * 8) : buffer.writeDoubleBE(value, index * 8)));
  return buffer;
}

function uint32(value: number, littleEndian = true): Buffer {
  const buffer = Buffer.alloc(4);
  if (littleEndian) buffer.writeUInt32LE(value);
  else buffer.writeUInt32BE(value);
  return buffer;
}

function wkbPoint(x: number, y: number): Buffer {
  return Buffer.concat([Buffer.from([1]), uint32(1), doubles([x, y])]);
}

/** Big-endian polygon with one ring, to cover both byte orders. */
function wkbPolygonBigEndian(ring: number[][]): Buffer {
  return Buffer.concat([Buffer.from([0]), uint32(3, false), uint32(1, false), uint32(ring.length, false), doubles(ring.flat(), false)]);
}

/** ISO WKB MultiPoint Z (type 1004) with PointZ (1001) members. */
function wkbMultiPointZ(points: number[][]): Buffer {
  const members = points.map((point) => Buffer.concat([Buffer.from([1]), uint32(1001), doubles(point)]));
  return Buffer.concat([Buffer.from([1]), uint32(1004), uint32(points.length), ...members]);
}

const ring = [
  [390000, 5820000],
  [390100, 5820000],
  [390100, 5820100],
  [390000, 5820000],
];

let gpkgFile = '';

beforeAll(async () => {
  const SQL = await initSqlJs();
  const database = new SQL.Database();
  database.run(`
    CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT, organization_coordsys_id INTEGER, definition TEXT, description TEXT);
    INSERT INTO gpkg_spatial_ref_sys VALUES ('ETRS89 / UTM zone 33N', 25833, 'EPSG', 25833, 'undefined', NULL);
    INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84', 4326, 'EPSG', 4326, 'undefined', NULL);
    CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT, description TEXT, last_change TEXT, min_x REAL, min_y REAL, max_x REAL, max_y REAL, srs_id INTEGER);
    CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT, srs_id INTEGER, z INTEGER, m INTEGER);
    INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES ('standorte', 'features', 25833), ('punkte_3d', 'features', 4326), ('kennzahlen', 'attributes', NULL);
    INSERT INTO gpkg_geometry_columns VALUES ('standorte', 'geom', 'GEOMETRY', 25833, 0, 0), ('punkte_3d', 'shape', 'MULTIPOINT', 4326, 1, 0);
    CREATE TABLE standorte (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom BLOB, plr_id TEXT, name TEXT, flaeche REAL, anzahl INTEGER);
    CREATE TABLE punkte_3d (fid INTEGER PRIMARY KEY, shape BLOB, hoehe REAL);
    CREATE TABLE kennzahlen (id INTEGER PRIMARY KEY, schluessel TEXT, wert REAL);
    INSERT INTO kennzahlen (schluessel, wert) VALUES ('01100101', 1.5);
  `);
  const insert = database.prepare('INSERT INTO standorte (geom, plr_id, name, flaeche, anzahl) VALUES (?, ?, ?, ?, ?)');
  insert.run([gpkgBlob(wkbPoint(390000, 5820000), 25833, { envelope: true }), '08401245', 'Köpenick', 12.5, 3]);
  insert.run([gpkgBlob(wkbPolygonBigEndian(ring), 25833), '01100101', 'Mitte', null, null]);
  insert.run([null, '01100102', 'ohne Geometrie', 0.25, 0]);
  insert.run([gpkgBlob(wkbPoint(0, 0), 25833, { empty: true }), '01100103', 'leer', 1, 1]);
  insert.free();
  database.run('INSERT INTO punkte_3d (shape, hoehe) VALUES (?, 34.5)', [
    gpkgBlob(
      wkbMultiPointZ([
        [13.4, 52.5, 34],
        [13.5, 52.6, 40],
      ]),
      4326,
    ),
  ]);
  gpkgFile = path.join(tempDir, 'test.gpkg');
  fs.writeFileSync(gpkgFile, database.export());
  database.close();
});

async function readAll(source: SourceTable): Promise<RawRecord[]> {
  const records: RawRecord[] = [];
  for await (const record of source.records()) records.push(record);
  return records;
}

async function openError(file: string, name: string, options: ReadOptions = {}): Promise<SourceFormatError> {
  try {
    await readAll(await openSource(file, name, options));
  } catch (error) {
    if (error instanceof SourceFormatError) return error;
    throw error;
  }
  throw new Error(`${name} was read without error`);
}

describe('GeoPackage reader', () => {
  it('reads the first feature table', async () => {
    const source = await openSource(gpkgFile, 'test.gpkg', {});
    expect(source.detection).toEqual({ format: 'gpkg', srid: 25833, layer: 'standorte', layers: ['standorte', 'punkte_3d', 'kennzahlen'] });
    expect(source.headers).toEqual(['plr_id', 'name', 'flaeche', 'anzahl', 'geometry']);
    expect(source.geometryIndex).toBe(4);

    const records = await readAll(source);
    expect(records).toEqual([
      { line: 1, values: ['08401245', 'Köpenick', 12.5, 3, { type: 'Point', coordinates: [390000, 5820000] }] },
      { line: 2, values: ['01100101', 'Mitte', null, null, { type: 'Polygon', coordinates: [ring] }] },
      { line: 3, values: ['01100102', 'ohne Geometrie', 0.25, 0, null] },
      { line: 4, values: ['01100103', 'leer', 1, 1, null] },
    ]);

    const columns = inferColumns(source, records);
    expect(columns.map((column) => column.type)).toEqual(['text', 'text', 'decimal', 'integer', 'geometry']);
    expect(columns[4]).toMatchObject({ srid: 25833, geometryTypes: ['Point', 'Polygon'] });
  });

  it('drops Z values of a selected layer', async () => {
    const source = await openSource(gpkgFile, 'test.gpkg', { layer: 'punkte_3d' });
    expect(source.detection.srid).toBe(4326);
    expect(await readAll(source)).toEqual([
      {
        line: 1,
        values: [
          34.5,
          {
            type: 'MultiPoint',
            coordinates: [
              [13.4, 52.5],
              [13.5, 52.6],
            ],
          },
        ],
      },
    ]);
  });

  it('reads an attribute table without geometry', async () => {
    const source = await openSource(gpkgFile, 'test.gpkg', { layer: 'kennzahlen' });
    expect(source.geometryIndex).toBeNull();
    expect(source.headers).toEqual(['id', 'schluessel', 'wert']);
    expect((await readAll(source))[0].values).toEqual([1, '01100101', 1.5]);
  });

  it('rejects an unknown layer', async () => {
    const error = await openError(gpkgFile, 'test.gpkg', { layer: 'bezirke' });
    expect(error.code).toBe('layer-not-found');
    expect(error.german).toBe('Die Ebene „bezirke“ ist in „test.gpkg“ nicht vorhanden. Vorhandene Ebenen: standorte, punkte_3d, kennzahlen.');
  });

  it('rejects a plain SQLite file', async () => {
    const SQL = await initSqlJs();
    const database = new SQL.Database();
    database.run('CREATE TABLE t (a TEXT)');
    const file = path.join(tempDir, 'plain.sqlite');
    fs.writeFileSync(file, database.export());
    database.close();
    const error = await openError(file, 'plain.gpkg');
    expect(error.code).toBe('invalid-gpkg');
    expect(error.german).toContain('„plain.gpkg“ ist keine lesbare GeoPackage-Datei');
  });
});

describe('decodeGpkgGeometry', () => {
  it('reads the srs_id from the header', () => {
    expect(decodeGpkgGeometry(gpkgBlob(wkbPoint(1, 2), 31468)).srsId).toBe(31468);
  });

  it('reports dropped Z values', () => {
    expect(decodeGpkgGeometry(gpkgBlob(wkbMultiPointZ([[1, 2, 3]]), 4326)).droppedDimensions).toBe(true);
  });

  it('rejects a blob without GP magic', () => {
    expect(() => decodeGpkgGeometry(wkbPoint(1, 2))).toThrow('geometry blob does not start with "GP"');
  });
});
