import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/** Result of storing one original file. */
export interface StoredObject {
  key: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * Keeps original uploads for provenance and re-import. Callers see only keys, so an
 * S3-compatible implementation can replace the local directory without touching them.
 */
export interface FileStore {
  /** Writes the stream; throws (and stores nothing) when it exceeds maxBytes. */
  put(stream: Readable, options?: { maxBytes?: number }): Promise<StoredObject>;
  read(key: string): Readable;
  /** Local path for readers that need random access (zip, xlsx, GeoPackage). */
  localPath(key: string): string;
  delete(key: string): Promise<void>;
}

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file exceeds ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

/** Stores files under `<root>/<first two key characters>/<key>`. */
export function createLocalFileStore(root: string): FileStore {
  fs.mkdirSync(root, { recursive: true });
  const pathFor = (key: string) => {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error(`invalid file key ${key}`);
    return path.join(root, key.slice(0, 2), key);
  };

  return {
    async put(stream, options = {}) {
      const key = randomUUID();
      const target = pathFor(key);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const temporary = `${target}.part`;
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          if (options.maxBytes !== undefined && size > options.maxBytes) {
            callback(new FileTooLargeError(options.maxBytes));
            return;
          }
          hash.update(chunk);
          callback(null, chunk);
        },
      });
      try {
        await pipeline(stream, meter, fs.createWriteStream(temporary));
        fs.renameSync(temporary, target);
      } catch (error) {
        fs.rmSync(temporary, { force: true });
        throw error;
      }
      return { key, sizeBytes: size, sha256: hash.digest('hex') };
    },
    read(key) {
      return fs.createReadStream(pathFor(key));
    },
    localPath(key) {
      return pathFor(key);
    },
    async delete(key) {
      fs.rmSync(pathFor(key), { force: true });
    },
  };
}
