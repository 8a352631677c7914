import { PassThrough, Readable } from 'node:stream';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import type { CsvDialect } from './options.ts';
import type { RawRow } from './reader.ts';
import type { RowColumn } from './schema.ts';
import { quoteCsvField, toCsvText, toExcelValue, toJsonValue } from './values.ts';

export type Batches = AsyncIterable<RawRow[]>;

/** Builds the JSON object of one row with the logical column names as keys. */
export function rowObject(columns: RowColumn[], row: RawRow): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  columns.forEach((column, index) => {
    object[column.name] = toJsonValue(column, row[`v${index}`]);
  });
  return object;
}

/** Streams CSV: header with logical names, CRLF line ends; excel-de adds a UTF-8 BOM and uses semicolons. */
export async function* csvChunks(columns: RowColumn[], batches: Batches, dialect: CsvDialect): AsyncGenerator<string> {
  const delimiter = dialect === 'excel-de' ? ';' : ',';
  const bom = dialect === 'excel-de' ? '\uFEFF' : '';
  if (columns.length === 0) {
    if (bom) yield bom;
    return;
  }
  yield `${bom}${columns.map((column) => quoteCsvField(column.name, delimiter)).join(delimiter)}\r\n`;
  for await (const rows of batches) {
    const lines = rows.map(
      (row) => columns.map((column, index) => quoteCsvField(toCsvText(column, row[`v${index}`], dialect), delimiter)).join(delimiter) + '\r\n',
    );
    yield lines.join('');
  }
}

/**
 * Streams a GeoJSON FeatureCollection. `columns` ends with the geometry column; its value is
 * GeoJSON text from PostGIS and is embedded as is. A CRS other than 4326 adds the legacy
 * `crs` member (GeoJSON 2008), which RFC 7946 dropped but GIS tools still read.
 */
export async function* geojsonChunks(columns: RowColumn[], batches: Batches, crs: number): AsyncGenerator<string> {
  const properties = columns.slice(0, -1);
  const geometryIndex = columns.length - 1;
  const crsMember = crs === 4326 ? '' : `"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::${crs}"}},`;
  yield `{"type":"FeatureCollection",${crsMember}"features":[`;
  let first = true;
  for await (const rows of batches) {
    const features = rows.map((row) => {
      const values: Record<string, unknown> = {};
      properties.forEach((column, index) => {
        values[column.name] = toJsonValue(column, row[`v${index}`]);
      });
      const geometry = row[`v${geometryIndex}`] ?? 'null';
      return `{"type":"Feature","id":${Number(row.source_row)},"geometry":${geometry},"properties":${JSON.stringify(values)}}`;
    });
    if (features.length === 0) continue;
    yield `${first ? '' : ','}\n${features.join(',\n')}`;
    first = false;
  }
  yield '\n]}\n';
}

const EXCEL_FORMATS: Partial<Record<RowColumn['type'], string>> = {
  date: 'dd.mm.yyyy',
  timestamp: 'dd.mm.yyyy hh:mm:ss',
};

/**
 * Streams an XLSX workbook with one sheet: bold header with autofilter and typed cells.
 * The WorkbookWriter writes each committed row to the output, so memory stays flat.
 */
export function xlsxStream(columns: RowColumn[], batches: Batches, sheetName: string, onError: (error: unknown) => void): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31) || 'Daten');
  sheet.columns = columns.map((column) => ({ key: column.name, width: Math.min(Math.max(column.name.length + 2, 12), 60), style: EXCEL_FORMATS[column.type] ? { numFmt: EXCEL_FORMATS[column.type] } : {} }));

  const write = async () => {
    const header = sheet.getRow(1);
    header.values = columns.map((column) => column.name);
    header.font = { bold: true };
    header.commit();
    if (columns.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    for await (const rows of batches) {
      for (const row of rows) {
        sheet.addRow(columns.map((column, index) => toExcelValue(column, row[`v${index}`]))).commit();
      }
      if (output.writableNeedDrain) await once(output, 'drain');
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error) => {
    onError(error);
    output.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return output;
}
