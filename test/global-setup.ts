import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createLogger } from '../src/log.ts';
import { openEmbeddedDb } from '../src/db/pglite.ts';
import { openExternalDb } from '../src/db/postgres.ts';
import { runMigrations } from '../src/db/migrate.ts';

/**
 * Prepares one migrated database that every test file copies: initialising PGlite with PostGIS
 * takes about 20 seconds, copying the result takes well under one.
 */
export default async function setup() {
  const log = createLogger('warn');
  if (process.env.DATABASE_URL) {
    const name = `datahub_test_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    const db = await openExternalDb(url.toString());
    await runMigrations(db, log);
    await db.close();
    process.env.DATAHUB_TEST_TEMPLATE_DB = name;
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'datahub-template-'));
  const dir = path.join(root, 'pgdata');
  const db = await openEmbeddedDb(dir);
  await runMigrations(db, log);
  await db.close();
  process.env.DATAHUB_TEST_TEMPLATE_DIR = dir;
  return async () => {
    fs.rmSync(root, { recursive: true, force: true });
  };
}
