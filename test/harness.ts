import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../src/config/config.ts';
import type { AppContext } from '../src/context.ts';
import { createLogger } from '../src/log.ts';
import { createContext } from '../src/server.ts';
import { buildApp, type App } from '../src/http/app.ts';

export const ADMIN_PASSWORD = 'admin-passwort-123';

/** Directory holding the real Berlin open data used by tests; null when it is not checked out next to the project. */
export const SHARED_DATA = (() => {
  const dir = path.resolve(import.meta.dirname, '../../shared/data');
  return fs.existsSync(dir) ? dir : null;
})();

export function sharedFile(relative: string): string | null {
  if (!SHARED_DATA) return null;
  const file = path.join(SHARED_DATA, relative);
  return fs.existsSync(file) ? file : null;
}

/** Prints a visible skip notice; use with it.skipIf / describe.skipIf. */
export function skipNotice(what: string): boolean {
  if (SHARED_DATA) return false;
  process.stdout.write(`SKIP: ${what}: ../shared/data ist nicht vorhanden.\n`);
  return true;
}

export const DB_MODE: 'embedded' | 'external' = process.env.DATABASE_URL ? 'external' : 'embedded';

export interface TestHub {
  ctx: AppContext;
  app: App;
  config: Config;
  dataDir: string;
  close(): Promise<void>;
}

async function createExternalDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL!;
  const template = process.env.DATAHUB_TEST_TEMPLATE_DB;
  const name = `datahub_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Starts a hub on a fresh database: a copy of the prepared PGlite template in embedded mode,
 * or a new database on the server named by DATABASE_URL in external mode.
 */
export async function startHub(env: Record<string, string> = {}): Promise<TestHub> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datahub-test-'));
  let drop = async () => undefined as void;
  const settings: Record<string, string> = {
    DATAHUB_DATA_DIR: dataDir,
    DATAHUB_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  };
  if (DB_MODE === 'external') {
    const database = await createExternalDatabase();
    settings.DATABASE_URL = database.url;
    drop = database.drop;
  } else {
    const template = process.env.DATAHUB_TEST_TEMPLATE_DIR;
    if (template && fs.existsSync(template)) fs.cpSync(template, path.join(dataDir, 'pgdata'), { recursive: true });
  }
  const config = loadConfig(settings as NodeJS.ProcessEnv, { readDotEnv: false });
  const log = createLogger(config.logLevel);
  const ctx = await createContext(config, log);
  const app = await buildApp(ctx);
  await app.ready();
  return {
    ctx,
    app,
    config,
    dataDir,
    async close() {
      await app.close();
      await ctx.db.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Logs in through the API and returns the bearer header for the session. */
export async function loginAs(app: App, username: string, password: string): Promise<Record<string, string>> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login ${username} failed: ${response.body}`);
  return { authorization: `Bearer ${response.json().token}` };
}

export const adminHeaders = (app: App) => loginAs(app, 'admin', ADMIN_PASSWORD);
