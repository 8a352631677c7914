import path from 'node:path';
import type { Config } from '../config/config.ts';
import type { Logger } from '../log.ts';
import type { Db } from './db.ts';
import { runMigrations } from './migrate.ts';
import { openEmbeddedDb } from './pglite.ts';
import { openExternalDb } from './postgres.ts';

/** Opens the database selected by the configuration and brings its schema up to date. */
export async function openDatabase(config: Config, log: Logger, options: { migrate?: boolean } = {}): Promise<Db> {
  const started = Date.now();
  const db = config.databaseUrl
    ? await openExternalDb(config.databaseUrl)
    : await openEmbeddedDb(path.join(config.dataDir, 'pgdata'));
  log.info({ kind: db.kind, ms: Date.now() - started }, 'database opened');
  if (options.migrate !== false) await runMigrations(db, log);
  return db;
}
