import type { Config } from './config/config.ts';
import type { Db } from './db/db.ts';
import type { FileStore } from './files/store.ts';
import type { Logger } from './log.ts';

/** Long-lived services shared by routes, the CLI and background work. */
export interface AppContext {
  config: Config;
  db: Db;
  log: Logger;
  files: FileStore;
}
