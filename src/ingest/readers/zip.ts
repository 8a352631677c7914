/** Safe zip listing and extraction with yauzl: no paths outside the target folder, bounded size. */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import yauzl from 'yauzl';
import { SourceFormatError } from '../types.ts';

/** Maximum total uncompressed size extracted from one upload, against zip bombs. */
export const MAX_EXTRACTED_BYTES = 2 * 1024 * 1024 * 1024;
const MAX_ENTRIES = 10_000;

export interface ZipEntryInfo {
  /** Path inside the zip with forward slashes, as stored. */
  name: string;
  uncompressedSize: number;
}

function openZip(zipPath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true, autoClose: true }, (error, zipFile) => {
      if (error) reject(error);
      else resolve(zipFile);
    });
  });
}

/** Builds the broken-zip error. The library's English reason goes only into the English text and the details. */
function brokenZipError(originalName: string, cause: unknown): SourceFormatError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new SourceFormatError(
    'broken-zip',
    `Die ZIP-Datei „${originalName}“ ist beschädigt oder unvollständig. Bitte erstellen Sie das ZIP-Archiv neu und laden Sie es erneut hoch.`,
    `The zip file "${originalName}" is damaged or incomplete (${detail}). Create the archive again and upload it.`,
    { cause: detail },
  );
}

function tooLargeError(originalName: string): SourceFormatError {
  const gib = (MAX_EXTRACTED_BYTES / 1024 ** 3).toLocaleString('de-DE');
  return new SourceFormatError(
    'zip-too-large',
    `Die ZIP-Datei „${originalName}“ ist entpackt größer als ${gib} GiB oder enthält mehr als ${MAX_ENTRIES.toLocaleString('de-DE')} Dateien. Bitte laden Sie nur die benötigten Dateien hoch.`,
    `The zip file "${originalName}" is larger than ${MAX_EXTRACTED_BYTES / 1024 ** 3} GiB when extracted or contains more than ${MAX_ENTRIES} files. Upload only the files needed.`,
  );
}

/**
 * Visits each file entry of the zip in order. `visit` may return a folder to extract the entry into;
 * the entry then lands at its zip path below that folder. Paths that would leave the folder are
 * rejected by yauzl's name validation and checked again here.
 */
async function walkZip(zipPath: string, originalName: string, visit: (entry: ZipEntryInfo) => string | null): Promise<void> {
  let zipFile: yauzl.ZipFile;
  try {
    zipFile = await openZip(zipPath);
  } catch (error) {
    throw brokenZipError(originalName, error);
  }
  if (zipFile.entryCount > MAX_ENTRIES) {
    zipFile.close();
    throw tooLargeError(originalName);
  }

  let extractedBytes = 0;
  await new Promise<void>((resolve, reject) => {
    const failWith = (error: unknown) => {
      zipFile.close();
      reject(error instanceof SourceFormatError ? error : brokenZipError(originalName, error));
    };
    zipFile.on('error', failWith);
    zipFile.on('end', () => resolve());
    zipFile.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) {
        zipFile.readEntry();
        return;
      }
      const targetDir = visit({ name: entry.fileName, uncompressedSize: entry.uncompressedSize });
      if (targetDir === null) {
        zipFile.readEntry();
        return;
      }
      const target = path.resolve(targetDir, entry.fileName);
      if (!target.startsWith(path.resolve(targetDir) + path.sep)) {
        failWith(new Error(`entry path leaves the target folder: ${entry.fileName}`));
        return;
      }
      extractedBytes += entry.uncompressedSize;
      if (extractedBytes > MAX_EXTRACTED_BYTES) {
        failWith(tooLargeError(originalName));
        return;
      }
      extractEntry(zipFile, entry, target, originalName).then(() => zipFile.readEntry(), failWith);
    });
    zipFile.readEntry();
  });
}

/** Writes one entry and stops when it inflates beyond its declared size, which a crafted zip may understate. */
async function extractEntry(zipFile: yauzl.ZipFile, entry: yauzl.Entry, target: string, originalName: string): Promise<void> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
    zipFile.openReadStream(entry, (error, readStream) => (error ? reject(error) : resolve(readStream)));
  });
  let written = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      written += chunk.length;
      if (written > entry.uncompressedSize) callback(tooLargeError(originalName));
      else callback(null, chunk);
    },
  });
  await pipeline(stream, limit, fs.createWriteStream(target));
}

/** Lists the file entries of a zip; throws SourceFormatError for a broken zip. */
export async function listZip(zipPath: string, originalName: string): Promise<ZipEntryInfo[]> {
  const entries: ZipEntryInfo[] = [];
  await walkZip(zipPath, originalName, (entry) => {
    entries.push(entry);
    return null;
  });
  return entries;
}

/** Extracts the named entries into targetDir, keeping their paths inside the zip. */
export async function extractZipEntries(zipPath: string, originalName: string, names: Set<string>, targetDir: string): Promise<void> {
  await walkZip(zipPath, originalName, (entry) => (names.has(entry.name) ? targetDir : null));
}
