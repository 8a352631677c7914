import type { AppContext } from '../context.ts';
import { dropVersionTable } from './loader.ts';

/**
 * Removes leftovers of imports that a crash or kill interrupted: version tables still marked
 * 'loading', tables of failed versions, and imports stuck in 'committing'. Ready versions, and so
 * the current version, are never touched.
 *
 * NOTE: this assumes one hub process per database. A replica that restarts while another replica
 * is loading would abort that import too. Several replicas need an owner and heartbeat on
 * loading versions first.
 */
export async function cleanupInterruptedImports(ctx: AppContext): Promise<void> {
  const { rows } = await ctx.db.query<{ id: number; table_name: string; dataset_id: number }>(
    "SELECT id, table_name, dataset_id FROM dataset_versions WHERE status = 'loading'",
  );
  for (const row of rows) {
    await dropVersionTable(ctx.db, row.table_name);
    await ctx.db.query("UPDATE dataset_versions SET status = 'failed', completed_at = now() WHERE id = $1", [row.id]);
    ctx.log.warn({ versionId: row.id, datasetId: row.dataset_id, table: row.table_name }, 'removed leftovers of an interrupted import');
  }

  // A failed load drops its table itself; this catches the case where the process died in between.
  const failed = await ctx.db.query<{ table_name: string }>(
    `SELECT v.table_name FROM dataset_versions v
       JOIN information_schema.tables t ON t.table_schema = 'datahub_data' AND t.table_name = v.table_name
      WHERE v.status = 'failed'`,
  );
  for (const row of failed.rows) {
    await dropVersionTable(ctx.db, row.table_name);
    ctx.log.warn({ table: row.table_name }, 'removed the table of a failed version');
  }

  const interrupted = await ctx.db.query(
    `UPDATE imports SET status = 'failed', updated_at = now(),
            error = '{"code":"import-interrupted","de":"Der Import wurde durch einen Neustart abgebrochen. Bitte starten Sie ihn erneut.","en":"The import was interrupted by a restart."}'::jsonb
      WHERE status = 'committing'`,
  );
  if (interrupted.rowCount > 0) ctx.log.warn({ imports: interrupted.rowCount }, 'marked interrupted imports as failed');
}
