import path from 'node:path';
import type { Config } from './config/config.ts';
import type { AppContext } from './context.ts';
import { openDatabase } from './db/open.ts';
import { createLocalFileStore } from './files/store.ts';
import type { Logger } from './log.ts';
import { ensureFirstAdmin } from './auth/accounts.ts';
import { buildApp, type App } from './http/app.ts';
import { cleanupInterruptedImports } from './ingest/recovery.ts';

/** Opens database and file store, and prepares the first admin. Used by the server, the CLI and the tests. */
export async function createContext(config: Config, log: Logger): Promise<AppContext> {
  const db = await openDatabase(config, log);
  const files = createLocalFileStore(path.join(config.dataDir, 'files'));
  const ctx: AppContext = { config, db, log, files };
  await ensureFirstAdmin(db, config, log);
  await cleanupInterruptedImports(ctx);
  return ctx;
}

/** Starts the HTTP server and stops it cleanly on SIGINT/SIGTERM. */
export async function serve(config: Config, log: Logger): Promise<App> {
  const ctx = await createContext(config, log);
  const app = await buildApp(ctx);
  await app.listen({ port: config.port, host: config.host });
  log.info({ url: config.publicUrl, host: config.host, port: config.port }, 'server started');

  const stop = async (signal: string) => {
    log.info({ signal }, 'server stopping');
    await app.close();
    await ctx.db.close();
    log.info('server stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return app;
}
