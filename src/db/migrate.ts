import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log.ts';
import type { Db } from './db.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

// Arbitrary constant shared by all hub processes so that only one of them migrates at a time.
const MIGRATION_LOCK_KEY = 48_151_623;

export interface Migration {
  version: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => ({ version: name.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

/** Applies every migration that is not yet recorded, each in its own transaction. Returns the applied versions. */
export async function runMigrations(db: Db, log: Logger): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  await db.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  const applied: string[] = [];
  try {
    const done = new Set(
      (await db.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version),
    );
    for (const migration of listMigrations()) {
      if (done.has(migration.version)) continue;
      log.info({ migration: migration.version }, 'applying migration');
      // A multi-statement script runs as one implicit transaction in both engines, so a failing
      // migration leaves nothing behind. The version is safe to inline: file names match a strict pattern.
      await db.exec(`${migration.sql}\n;INSERT INTO schema_migrations (version) VALUES ('${migration.version}');`);
      applied.push(migration.version);
    }
  } finally {
    await db.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  return applied;
}
