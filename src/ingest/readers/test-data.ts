/**
 * Test helpers for the readers. They mirror sharedFile/skipNotice of test/harness.ts without
 * importing it, because the harness loads the whole application and reader tests need no server.
 */
import fs from 'node:fs';
import path from 'node:path';

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
