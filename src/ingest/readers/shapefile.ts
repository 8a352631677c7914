/**
 * Reader for zipped shapefiles. Each pass extracts the layer's files into a fresh temporary folder
 * and removes it when the pass ends, so an opened table keeps no files between passes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as shapefile from 'shapefile';
import { SourceFormatError, type GeoJsonGeometry, type RawRecord, type RawValue, type ReadOptions, type SourceTable } from '../types.ts';
import { optionHintDe, optionHintEn } from './option-names.ts';
import { uniqueHeaders } from './headers.ts';
import { sridFromPrj } from './srid.ts';
import { extractZipEntries, listZip, type ZipEntryInfo } from './zip.ts';

const COMPANION_EXTENSIONS = ['.shp', '.shx', '.dbf', '.prj', '.cpg'];

interface Layer {
  name: string;
  /** Zip paths of the layer's files by lower-case extension. */
  files: Map<string, string>;
}

export async function openShapefile(filePath: string, originalName: string, options: ReadOptions): Promise<SourceTable> {
  const entries = await listZip(filePath, originalName);
  const layers = findLayers(entries);
  if (layers.length === 0) {
    throw new SourceFormatError(
      'no-shapefile',
      `Die ZIP-Datei „${originalName}“ enthält kein Shapefile (.shp mit .dbf). Bitte packen Sie .shp, .shx, .dbf und .prj gemeinsam in das ZIP-Archiv.`,
      `The zip file "${originalName}" contains no shapefile (.shp with .dbf). Put .shp, .shx, .dbf and .prj together into the archive.`,
      { entries: entries.map((entry) => entry.name).slice(0, 50) },
    );
  }
  const layer = chooseLayer(layers, options.layer, originalName);

  const opened = await withExtractedLayer(filePath, originalName, layer, async (files) => {
    const srid = options.srid ?? readSrid(files, layer, originalName);
    const fieldNames = await readFieldNames(files.get('.dbf')!, dbfEncoding(files));
    return { srid, fieldNames };
  });

  const { headers, warnings } = uniqueHeaders([...opened.fieldNames, 'geometry']);
  const fieldNames = opened.fieldNames;

  async function* records(): AsyncIterable<RawRecord> {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datahub-shp-'));
    try {
      const files = await extractLayer(filePath, originalName, layer, workDir);
      const source = await shapefile.open(files.get('.shp')!, files.get('.dbf')!, { encoding: dbfEncoding(files) });
      for (let line = 1; ; line += 1) {
        const { done, value } = await source.read();
        if (done) break;
        const properties = (value.properties ?? {}) as Record<string, unknown>;
        const values: RawValue[] = fieldNames.map((name) => toRawValue(properties[name]));
        values.push((value.geometry as GeoJsonGeometry | null) ?? null);
        yield { line, values };
      }
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }

  return {
    detection: { format: 'shapefile', srid: opened.srid, layer: layer.name, layers: layers.map((item) => item.name) },
    headers,
    geometryIndex: headers.length - 1,
    warnings,
    records,
  };
}

/** Groups zip entries into layers: a .shp plus the files with the same path and base name. */
function findLayers(entries: ZipEntryInfo[]): Layer[] {
  const byBase = new Map<string, Layer>();
  for (const entry of entries) {
    if (entry.name.startsWith('__MACOSX/')) continue;
    const extension = path.posix.extname(entry.name).toLowerCase();
    if (!COMPANION_EXTENSIONS.includes(extension)) continue;
    const base = entry.name.slice(0, -extension.length);
    const layer = byBase.get(base.toLowerCase()) ?? { name: path.posix.basename(base), files: new Map() };
    layer.files.set(extension, entry.name);
    byBase.set(base.toLowerCase(), layer);
  }
  return [...byBase.values()].filter((layer) => layer.files.has('.shp') && layer.files.has('.dbf'));
}

function chooseLayer(layers: Layer[], requested: string | undefined, originalName: string): Layer {
  if (!requested) return layers[0];
  const requestedName = requested.replace(/\.shp$/i, '').toLowerCase();
  const layer = layers.find((item) => item.name.toLowerCase() === requestedName);
  if (layer) return layer;
  const names = layers.map((item) => item.name).join(', ');
  throw new SourceFormatError(
    'layer-not-found',
    `Die Ebene „${requested}“ ist in „${originalName}“ nicht vorhanden. Vorhandene Ebenen: ${names}.`,
    `The layer "${requested}" is not in "${originalName}". Available layers: ${names}.`,
    { layer: requested, layers: layers.map((item) => item.name) },
  );
}

/** Extracts the layer into workDir and returns the local paths by lower-case extension. */
async function extractLayer(zipPath: string, originalName: string, layer: Layer, workDir: string): Promise<Map<string, string>> {
  await extractZipEntries(zipPath, originalName, new Set(layer.files.values()), workDir);
  const local = new Map<string, string>();
  for (const [extension, name] of layer.files) local.set(extension, path.join(workDir, name));
  return local;
}

async function withExtractedLayer<T>(zipPath: string, originalName: string, layer: Layer, use: (files: Map<string, string>) => Promise<T>): Promise<T> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datahub-shp-'));
  try {
    return await use(await extractLayer(zipPath, originalName, layer, workDir));
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

function readSrid(files: Map<string, string>, layer: Layer, originalName: string): number {
  const prjPath = files.get('.prj');
  const wkt = prjPath ? fs.readFileSync(prjPath, 'utf8') : '';
  const srid = wkt ? sridFromPrj(wkt) : null;
  if (srid !== null) return srid;
  const problem = wkt ? `Das Koordinatensystem in ${layer.name}.prj ist unbekannt` : `Zu ${layer.name}.shp fehlt die .prj-Datei mit dem Koordinatensystem`;
  const problemEn = wkt ? `The coordinate reference system in ${layer.name}.prj is unknown` : `${layer.name}.shp has no .prj file with the coordinate reference system`;
  throw new SourceFormatError(
    'unknown-crs',
    `${problem} („${originalName}“). Bitte geben Sie das Koordinatensystem als EPSG-Code an (${optionHintDe('srid')}), z. B. 25833 für ETRS89 / UTM 33N.`,
    `${problemEn} ("${originalName}"). Set the coordinate reference system as an EPSG code (${optionHintEn('srid')}), for example 25833 for ETRS89 / UTM 33N.`,
    { layer: layer.name, prj: wkt.slice(0, 200) },
  );
}

/** DBF text encoding from the .cpg file; without one, Windows-1252 as ESRI tools write by default. */
function dbfEncoding(files: Map<string, string>): string {
  const cpgPath = files.get('.cpg');
  const declared = cpgPath ? fs.readFileSync(cpgPath, 'latin1').trim().toLowerCase() : '';
  if (declared === '') return 'windows-1252';
  if (/^\d+$/.test(declared)) return declared === '65001' ? 'utf-8' : `windows-${declared}`;
  if (declared === 'utf8') return 'utf-8';
  return declared;
}

/** Reads the DBF field names in file order, also when the table has no records. */
async function readFieldNames(dbfPath: string, encoding: string): Promise<string[]> {
  const source = (await shapefile.openDbf(dbfPath, { encoding })) as unknown as { _fields?: { name: string }[]; cancel(): Promise<void> };
  const names = source._fields?.map((field) => field.name) ?? [];
  await source.cancel();
  return names;
}

function toRawValue(value: unknown): RawValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  return String(value);
}
