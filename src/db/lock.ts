import fs from 'node:fs';
import path from 'node:path';

/** Error for an embedded data directory that another live process has open. The message is German and names the process. */
export class DataDirLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirLockedError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the exclusive lock on an embedded data directory. PGlite runs inside one process,
 * and a second process opening the same files would corrupt them. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'datahub.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) {
        throw new DataDirLockedError(
          `Die eingebettete Datenbank in ${dataDir} wird bereits von Prozess ${owner} genutzt (läuft der Server?). ` +
            'Stoppen Sie diesen Prozess oder nutzen Sie die API des laufenden Servers.',
        );
      }
      // The owner is gone: a stale lock from a crash.
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Sperrdatei ${lockFile} konnte nicht angelegt werden.`);
}
