/**
 * Format detection for uploaded files from the first bytes and, where the bytes leave a choice,
 * the original file name.
 */
import fs from 'node:fs/promises';
import { listZip } from './readers/zip.ts';
import { SourceFormatError, type Detection } from './types.ts';

export type SourceFormat = Detection['format'];

/** Bytes read from the start of the file to detect its format and encoding. */
const HEAD_BYTES = 4096;

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** Compound File Binary signature of .xls, .doc and other legacy Office files. */
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Reads up to `length` bytes from the start of a file without reading the rest. */
export async function readHead(filePath: string, length: number): Promise<Buffer> {
  const handle = await fs.open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export function stripUtf8Bom(bytes: Buffer): Buffer {
  return bytes.subarray(0, 3).equals(UTF8_BOM) ? bytes.subarray(3) : bytes;
}

function emptyFileError(originalName: string): SourceFormatError {
  return new SourceFormatError(
    'empty-file',
    `Die Datei „${originalName}“ ist leer. Bitte laden Sie eine Datei mit Kopfzeile und Daten hoch.`,
    `The file "${originalName}" is empty. Upload a file with a header row and data.`,
  );
}

/**
 * Detects the format: a zip (PK) is Excel when it contains xl/workbook.xml and otherwise a zipped
 * shapefile, "SQLite format 3" is a GeoPackage, "{" (after an optional BOM and whitespace) is
 * GeoJSON, and everything else is read as delimited text. Throws for empty files and for binary
 * formats that are not supported.
 */
export async function detectFormat(filePath: string, originalName: string): Promise<SourceFormat> {
  const stat = await fs.stat(filePath);
  if (stat.size === 0) throw emptyFileError(originalName);

  const head = await readHead(filePath, HEAD_BYTES);
  const text = stripUtf8Bom(head);
  if (text.toString('latin1').trim() === '' && stat.size <= HEAD_BYTES) throw emptyFileError(originalName);

  if (head.subarray(0, 2).equals(Buffer.from('PK', 'latin1')) || /\.(zip|xlsx)$/i.test(originalName)) {
    return detectZipFormat(filePath, originalName);
  }
  if (head.subarray(0, 16).toString('latin1') === 'SQLite format 3\0') return 'gpkg';
  if (head.subarray(0, 8).equals(OLE2_MAGIC)) {
    throw new SourceFormatError(
      'unknown-format',
      `„${originalName}“ ist im alten Excel-Format (.xls) oder einem anderen Office-Format gespeichert, das nicht unterstützt wird. Bitte speichern Sie die Datei in Excel als .xlsx oder als CSV.`,
      `"${originalName}" uses the old Excel format (.xls) or another unsupported Office format. Save it in Excel as .xlsx or CSV.`,
      { originalName },
    );
  }

  const firstChar = text.toString('latin1').trimStart()[0];
  if (firstChar === '{') return 'geojson';
  if (/\.(geo)?json$/i.test(originalName)) return 'geojson';

  if (isBinary(head)) {
    throw new SourceFormatError(
      'unknown-format',
      `Das Format der Datei „${originalName}“ wird nicht unterstützt. Erlaubt sind CSV, TSV, TXT, XLSX, GeoJSON, GeoPackage und Shapefile als ZIP.`,
      `The format of "${originalName}" is not supported. Allowed are CSV, TSV, TXT, XLSX, GeoJSON, GeoPackage and zipped shapefiles.`,
      { originalName },
    );
  }
  return 'csv';
}

/**
 * Tells Excel from a zipped shapefile by the entry xl/workbook.xml. A zip that cannot be listed is
 * passed on by its file name, so the reader reports the damage.
 */
async function detectZipFormat(filePath: string, originalName: string): Promise<SourceFormat> {
  try {
    const entries = await listZip(filePath, originalName);
    return entries.some((entry) => entry.name === 'xl/workbook.xml') ? 'xlsx' : 'shapefile';
  } catch (error) {
    if (!(error instanceof SourceFormatError)) throw error;
    return /\.xlsx$/i.test(originalName) ? 'xlsx' : 'shapefile';
  }
}

/** Treats NUL bytes and many control characters in the head as a sign of a binary file (xls, pdf, …). */
function isBinary(head: Buffer): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return false;
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) control += 1;
  }
  return control > head.length / 20;
}
