/**
 * Test helpers for the readers. They mirror sharedFile/skipNotice of test/harness.ts without
 * importing it, because the harness loads the whole application and reader tests need no server.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const SHARED_DATA = path.resolve(import.meta.dirname, '../../../../shared/data');

/** Absolute path of a file of the real Berlin data, or null when it is not checked out. */
export function sharedFile(relative: string): string | null {
  const file = path.join(SHARED_DATA, relative);
  return fs.existsSync(file) ? file : null;
}

/** Prints a visible skip notice and returns true when the named shared files are missing. */
export function skipNotice(what: string, ...files: (string | null)[]): boolean {
  if (fs.existsSync(SHARED_DATA) && files.every((file) => file !== null)) return false;
  process.stdout.write(`SKIP: ${what}: ../shared/data ist nicht vorhanden.\n`);
  return true;
}

export interface ZipInput {
  name: string;
  data: Buffer | string;
  /** Uncompressed size written into the headers instead of the real one, to build zip bombs; the entry is then deflated. */
  declaredSize?: number;
}

/**
 * Builds a zip archive with stored (uncompressed) entries, enough for reader tests without a zip
 * writer dependency. Entry names are written as given, so tests can also build unsafe archives.
 */
export function buildZip(entries: ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const content = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data);
    const deflated = entry.declaredSize !== undefined;
    const data = deflated ? zlib.deflateRawSync(content) : content;
    const uncompressedSize = entry.declaredSize ?? content.length;
    const method = deflated ? 8 : 0;
    const name = Buffer.from(entry.name, 'utf8');
    const crc = zlib.crc32(content);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(uncompressedSize, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(uncompressedSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + data.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
