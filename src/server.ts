import path from 'node:path';
import type { Config } from './config/config.ts';
import type { AppContext } from './context.ts';
import { openDatabase } from './db/open.ts';
import { createLocalFileStore } from './files/store.ts';
import type { Logger } from './log.ts';
import { ensureFirstAdmin } from './auth/accounts.ts';
import { buildApp, type App } from './http/app.ts';
import { cleanupInterruptedImports } from './ingest/recovery.ts';

/** Milliseconds that a stop signal waits for open requests and the database before exiting. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Ignores EPIPE on stdout and stderr. When the log is piped into a program that ends first
 * (`datahub serve | tee log` and Ctrl-C), every later write fails, and an unhandled error
 * event there would keep the process from shutting down.
 */
function ignoreClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error;
}

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
  // One readable line for people at the console; stdout stays pure JSON for log collectors.
  process.stderr.write(`Data Hub Berlin läuft unter ${config.publicUrl} (Beenden mit Strg+C)\n`);

  process.stdout.on('error', ignoreClosedPipe);
  process.stderr.on('error', ignoreClosedPipe);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // A hung close must not keep the process alive: exit anyway after the grace period.
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    try {
      log.info({ signal }, 'server stopping');
      await app.close();
      await ctx.db.close();
      log.info('server stopped');
    } catch (error) {
      process.exitCode = 1;
      try {
        log.error({ err: error }, 'server stop failed');
      } catch {
        // The log itself is unwritable (a closed pipe); exiting is all that is left.
      }
    } finally {
      process.exit();
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return app;
}
