import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inferColumns } from '../infer.ts';
import { SourceFormatError, type GeoJsonGeometry, type RawRecord, type ReadOptions, type SourceTable } from '../types.ts';
import { openSource } from './index.ts';
import { buildZip, sharedFile, skipNotice, type ZipInput } from './test-data.ts';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shapefile-reader-'));
afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

const PLR = 'LOR_2023-01-01_PLR_EPSG_25833_nur_ID';
const BZR = 'LOR_2023-01-01_BZR_EPSG_25833_nur_ID';
const plrShp = sharedFile(`geo/lor_2021/${PLR}.shp`);
const bzrShp = sharedFile(`geo/lor_2021/${BZR}.shp`);

function layerEntries(base: string, folder = '', extensions = ['shp', 'shx', 'dbf', 'prj', 'cpg']): ZipInput[] {
  return extensions.map((extension) => ({
    name: `${folder}${base}.${extension}`,
    data: fs.readFileSync(sharedFile(`geo/lor_2021/${base}.${extension}`)!),
  }));
}

function writeZip(name: string, entries: ZipInput[]): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, buildZip(entries));
  return file;
}

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

function coordinateBounds(geometries: GeoJsonGeometry[]): [number, number, number, number] {
  const bounds: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      bounds[0] = Math.min(bounds[0], value[0]);
      bounds[1] = Math.min(bounds[1], value[1] as number);
      bounds[2] = Math.max(bounds[2], value[0]);
      bounds[3] = Math.max(bounds[3], value[1] as number);
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    }
  };
  for (const geometry of geometries) visit(geometry.coordinates);
  return bounds;
}

describe.skipIf(skipNotice('shapefile reader with LOR geometries', plrShp, bzrShp))('shapefile reader on LOR data', () => {
  it('reads the zipped PLR layer', async () => {
    const file = writeZip('plr.zip', layerEntries(PLR));
    const source = await openSource(file, 'plr.zip', {});
    expect(source.detection).toEqual({ format: 'shapefile', srid: 25833, layer: PLR, layers: [PLR] });
    expect(source.headers).toEqual(['PLR_ID', 'geometry']);
    expect(source.geometryIndex).toBe(1);

    const records = await readAll(source);
    expect(records.length).toBe(542);
    expect(records[0].line).toBe(1);
    expect(records[0].values[0]).toBe('08401245');

    const geometries = records.map((record) => record.values[1] as GeoJsonGeometry);
    expect(new Set(geometries.map((geometry) => geometry.type))).toEqual(new Set(['Polygon', 'MultiPolygon']));
    const [minX, minY, maxX, maxY] = coordinateBounds(geometries);
    expect(minX).toBeGreaterThanOrEqual(370000);
    expect(maxX).toBeLessThanOrEqual(416000);
    expect(minY).toBeGreaterThanOrEqual(5799000);
    expect(maxY).toBeLessThanOrEqual(5838000);

    const columns = inferColumns(source, records);
    expect(columns[0]).toEqual({ name: 'PLR_ID', sourceName: 'PLR_ID', type: 'text' });
    expect(columns[1]).toMatchObject({ type: 'geometry', srid: 25833 });
  });

  it('reads the table twice', async () => {
    const file = writeZip('plr-twice.zip', layerEntries(PLR));
    const source = await openSource(file, 'plr-twice.zip', {});
    expect((await readAll(source)).length).toBe(542);
    expect((await readAll(source)).length).toBe(542);
  });

  it('lists layers in a subfolder and selects one', async () => {
    const file = writeZip('two-layers.zip', [...layerEntries(PLR, 'daten/'), ...layerEntries(BZR, 'daten/')]);
    const first = await openSource(file, 'two-layers.zip', {});
    expect(first.detection.layers).toEqual([PLR, BZR]);
    expect(first.detection.layer).toBe(PLR);

    const bzr = await openSource(file, 'two-layers.zip', { layer: BZR });
    expect(bzr.headers).toEqual(['BZR_ID', 'geometry']);
    expect((await readAll(bzr)).length).toBe(143);
  });

  it('rejects an unknown layer', async () => {
    const file = writeZip('one-layer.zip', layerEntries(PLR));
    const error = await openError(file, 'one-layer.zip', { layer: 'Bezirke' });
    expect(error.code).toBe('layer-not-found');
    expect(error.german).toBe(`Die Ebene „Bezirke“ ist in „one-layer.zip“ nicht vorhanden. Vorhandene Ebenen: ${PLR}.`);
  });

  it('asks for srid without .prj', async () => {
    const file = writeZip('no-prj.zip', layerEntries(PLR, '', ['shp', 'shx', 'dbf']));
    const error = await openError(file, 'no-prj.zip');
    expect(error.code).toBe('unknown-crs');
    expect(error.german).toBe(
      `Zu ${PLR}.shp fehlt die .prj-Datei mit dem Koordinatensystem („no-prj.zip“). Bitte geben Sie das Koordinatensystem als EPSG-Code an (im Assistenten „Koordinatensystem (EPSG-Code)“, auf der Kommandozeile --srid), z. B. 25833 für ETRS89 / UTM 33N.`,
    );

    const withOption = await openSource(file, 'no-prj.zip', { srid: 25833 });
    expect(withOption.detection.srid).toBe(25833);
  });

  it('rejects a truncated zip', async () => {
    const whole = buildZip(layerEntries(PLR));
    const file = path.join(tempDir, 'truncated.zip');
    fs.writeFileSync(file, whole.subarray(0, 100_000));
    const error = await openError(file, 'truncated.zip');
    expect(error.code).toBe('broken-zip');
    expect(error.german).toBe(
      'Die ZIP-Datei „truncated.zip“ ist beschädigt oder unvollständig. Bitte erstellen Sie das ZIP-Archiv neu und laden Sie es erneut hoch.',
    );
    expect(error.english).toMatch(/^The zip file "truncated.zip" is damaged or incomplete \(.+\)\. Create the archive again and upload it\.$/);
  });
});

describe('shapefile reader', () => {
  it('rejects a zip without shapefile', async () => {
    const file = writeZip('readme.zip', [{ name: 'liesmich.txt', data: 'Nur Text' }]);
    const error = await openError(file, 'readme.zip');
    expect(error.code).toBe('no-shapefile');
    expect(error.german).toBe(
      'Die ZIP-Datei „readme.zip“ enthält kein Shapefile (.shp mit .dbf). Bitte packen Sie .shp, .shx, .dbf und .prj gemeinsam in das ZIP-Archiv.',
    );
    expect(error.details).toEqual({ entries: ['liesmich.txt'] });
  });

  it('rejects a .shp without .dbf', async () => {
    const file = writeZip('only-shp.zip', [{ name: 'a.shp', data: Buffer.alloc(100) }]);
    expect((await openError(file, 'only-shp.zip')).code).toBe('no-shapefile');
  });

  it('rejects entries leaving the folder', async () => {
    const file = writeZip('slip.zip', [
      { name: '../a.shp', data: Buffer.alloc(100) },
      { name: '../a.dbf', data: Buffer.alloc(100) },
    ]);
    const error = await openError(file, 'slip.zip');
    expect(error.code).toBe('broken-zip');
    expect(fs.existsSync(path.join(os.tmpdir(), 'a.shp'))).toBe(false);
  });

  it('rejects a zip bomb before extracting', async () => {
    const file = writeZip('bomb.zip', [
      { name: 'a.shp', data: Buffer.alloc(1000), declaredSize: 3 * 1024 ** 3 },
      { name: 'a.dbf', data: Buffer.alloc(1000), declaredSize: 1000 },
    ]);
    const error = await openError(file, 'bomb.zip');
    expect(error.code).toBe('zip-too-large');
    expect(error.german).toBe(
      'Die ZIP-Datei „bomb.zip“ ist entpackt größer als 2 GiB oder enthält mehr als 10.000 Dateien. Bitte laden Sie nur die benötigten Dateien hoch.',
    );
  });

  it('rejects an entry larger than declared', async () => {
    const file = writeZip('understated.zip', [
      { name: 'a.shp', data: Buffer.alloc(100_000), declaredSize: 100 },
      { name: 'a.dbf', data: Buffer.alloc(100), declaredSize: 100 },
    ]);
    const error = await openError(file, 'understated.zip');
    // yauzl's entry size validation stops the stream before the reader's own byte count does.
    expect(error.code).toBe('broken-zip');
  });

  it('rejects bytes that are no zip', async () => {
    const file = path.join(tempDir, 'fake.zip');
    fs.writeFileSync(file, Buffer.from('PK\x03\x04 this is not a zip archive at all'));
    expect((await openError(file, 'fake.zip')).code).toBe('broken-zip');
  });
});
