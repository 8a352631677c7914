/** Entry point for reading uploaded files of all supported formats. */
import { detectFormat } from '../detect.ts';
import type { ReadOptions, SourceTable } from '../types.ts';
import { openCsv } from './csv.ts';
import { openGeoJson } from './geojson.ts';
import { openGpkg } from './gpkg.ts';
import { openShapefile } from './shapefile.ts';
import { openXlsx } from './xlsx.ts';

/**
 * Opens a source file: detects the format from the first bytes and the original name and returns
 * a table whose records() streams the rows. Throws SourceFormatError with a German message when
 * the file cannot be read as a table.
 */
export async function openSource(filePath: string, originalName: string, options: ReadOptions = {}): Promise<SourceTable> {
  const format = await detectFormat(filePath, originalName);
  switch (format) {
    case 'csv':
      return openCsv(filePath, originalName, options);
    case 'geojson':
      return openGeoJson(filePath, originalName, options);
    case 'shapefile':
      return openShapefile(filePath, originalName, options);
    case 'xlsx':
      return openXlsx(filePath, originalName, options);
    case 'gpkg':
      return openGpkg(filePath, originalName, options);
  }
}
