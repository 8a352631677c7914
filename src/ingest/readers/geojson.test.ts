import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inferColumns } from '../infer.ts';
import { SourceFormatError, type GeoJsonGeometry, type RawRecord, type ReadOptions, type SourceTable } from '../types.ts';
import { openSource } from './index.ts';
import { sharedFile, skipNotice } from './test-data.ts';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'geojson-reader-'));
afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

const prognoseraeume = sharedFile('geo/lor_2021/lor_prognoseraeume_2021_wgs84.geojson');
const derivedPlr = sharedFile('geo/lor_2021/derived/lor_2023-01-01_plr_wgs84_DERIVED.geojson');

function writeJson(name: string, content: unknown): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
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

const point = { type: 'Point', coordinates: [390000, 5820000] };

describe.skipIf(skipNotice('GeoJSON reader with LOR data', prognoseraeume, derivedPlr))('GeoJSON reader on LOR data', () => {
  it('reads the Prognoseräume with crs member', async () => {
    const source = await openSource(prognoseraeume!, 'lor_prognoseraeume_2021_wgs84.geojson', {});
    expect(source.detection).toEqual({ format: 'geojson', encoding: 'utf-8', srid: 4326 });
    expect(source.headers).toEqual(['PGR_ID', 'PGR_NAME', 'BEZ', 'STAND', 'GROESSE_M2', 'geometry']);
    expect(source.geometryIndex).toBe(5);

    const records = await readAll(source);
    expect(records.length).toBe(58);
    expect(records[0].values.slice(0, 5)).toEqual(['0930', 'Treptow-Köpenick 3', '09', '01.01.2021', 40689624.24]);
    expect((records[0].values[5] as GeoJsonGeometry).type).toBe('MultiPolygon');

    const types = inferColumns(source, records).map((column) => column.type);
    expect(types).toEqual(['text', 'text', 'text', 'date', 'decimal', 'geometry']);
  });

  it('reads the derived PLR without crs member', async () => {
    const source = await openSource(derivedPlr!, 'plr.geojson', {});
    expect(source.detection.srid).toBe(4326);
    expect(source.headers[0]).toBe('PLR_ID');
    const records = await readAll(source);
    expect(records.length).toBe(542);
    expect(records[0].values[0]).toBe('01100101');
    expect(records[541].line).toBe(542);
  });

  it('rejects the truncated Prognoseräume', async () => {
    const text = fs.readFileSync(prognoseraeume!, 'utf8');
    const cut = text.slice(0, 100_000);
    const file = writeJson('cut.geojson', cut);
    const error = await openError(file, 'cut.geojson');
    expect(error.code).toBe('invalid-geojson');
    expect(error.details.position).toBe(Buffer.byteLength(cut));
    expect(error.details.line).toBe(1);
    expect(error.german).toContain('endet unerwartet (die Datei ist abgeschnitten): Fehler bei Byte 100.0');
  });
});

describe('GeoJSON reader', () => {
  it.each([
    ['urn:ogc:def:crs:EPSG::25833', 25833],
    ['EPSG:25833', 25833],
    ['urn:ogc:def:crs:OGC:1.3:CRS84', 4326],
    ['urn:ogc:def:crs:EPSG::3857', 3857],
  ])('maps crs %s to %i', async (name, srid) => {
    const file = writeJson('crs.geojson', { type: 'FeatureCollection', crs: { type: 'name', properties: { name } }, features: [] });
    expect((await openSource(file, 'crs.geojson', {})).detection.srid).toBe(srid);
  });

  it('prefers the srid option', async () => {
    const file = writeJson('option.geojson', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: point }] });
    expect((await openSource(file, 'option.geojson', { srid: 25833 })).detection.srid).toBe(25833);
  });

  it('rejects an unknown crs', async () => {
    const file = writeJson('unknown.geojson', { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'Soldner Berlin' } }, features: [] });
    const error = await openError(file, 'unknown.geojson');
    expect(error.code).toBe('unknown-crs');
    expect(error.german).toBe(
      'Das Koordinatensystem „Soldner Berlin“ in „unknown.geojson“ ist unbekannt. Bitte geben Sie das Koordinatensystem als EPSG-Code an (im Assistenten „Koordinatensystem (EPSG-Code)“, auf der Kommandozeile --srid), z. B. 25833.',
    );
  });

  it('unions property keys in order', async () => {
    const file = writeJson('union.geojson', {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: '01', name: 'Mitte' }, geometry: point },
        { type: 'Feature', properties: { id: '02', area: 12.5, tags: ['a', 'b'], meta: { ok: true } }, geometry: null },
      ],
    });
    const source = await openSource(file, 'union.geojson', {});
    expect(source.headers).toEqual(['id', 'name', 'area', 'tags', 'meta', 'geometry']);
    const records = await readAll(source);
    expect(records[0].values).toEqual(['01', 'Mitte', null, null, null, point]);
    expect(records[1].values).toEqual(['02', null, 12.5, '["a","b"]', '{"ok":true}', null]);
  });

  it('adds the Feature id as column', async () => {
    const file = writeJson('ids.geojson', {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', id: 'plr.01100101', properties: { name: 'Stülerstraße' }, geometry: point },
        { type: 'Feature', properties: { name: 'ohne id' }, geometry: point },
      ],
    });
    const source = await openSource(file, 'ids.geojson', {});
    expect(source.headers).toEqual(['id', 'name', 'geometry']);
    const records = await readAll(source);
    expect(records[0].values).toEqual(['plr.01100101', 'Stülerstraße', point]);
    expect(records[1].values).toEqual([null, 'ohne id', point]);
  });

  it('reads a single Feature', async () => {
    const file = writeJson('feature.geojson', { type: 'Feature', properties: { name: 'Rotes Rathaus' }, geometry: point });
    const records = await readAll(await openSource(file, 'feature.geojson', {}));
    expect(records).toEqual([{ line: 1, values: ['Rotes Rathaus', point] }]);
  });

  it('reads a bare geometry', async () => {
    const file = writeJson('point.json', `\ufeff  ${JSON.stringify(point)}`);
    const source = await openSource(file, 'point.json', {});
    expect(source.headers).toEqual(['geometry']);
    expect(await readAll(source)).toEqual([{ line: 1, values: [point] }]);
  });

  it('reports invalid JSON with line', async () => {
    const file = writeJson('invalid.geojson', '{"type": "FeatureCollection",\n"features": [}\n');
    const error = await openError(file, 'invalid.geojson');
    expect(error.code).toBe('invalid-geojson');
    expect(error.details).toEqual({ position: 43, line: 2, column: 14 });
    expect(error.german).toContain('ist ungültig: Fehler bei Byte 43 (Zeile 2, Spalte 14)');
  });

  it('rejects JSON that is no GeoJSON', async () => {
    const error = await openError(writeJson('other.json', { hello: 'Berlin' }), 'other.json');
    expect(error.code).toBe('invalid-geojson');
    expect(error.german).toContain('ist JSON, aber kein GeoJSON');
  });
});
