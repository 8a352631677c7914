import type { AppContext } from '../context.ts';

/**
 * Removes leftovers of imports that a crash or kill interrupted: version tables still marked
 * 'loading' and imports stuck in 'committing'. The current version is never touched.
 */
export async function cleanupInterruptedImports(ctx: AppContext): Promise<void> {
  const { rows } = await ctx.db.query<{ id: number; table_name: string }>(
    "SELECT id, table_name FROM dataset_versions WHERE status = 'loading'",
  );
  for (const row of rows) {
    await ctx.db.exec(`DROP TABLE IF EXISTS datahub_data."${row.table_name.replace(/"/g, '')}"`);
    await ctx.db.query("UPDATE dataset_versions SET status = 'failed', completed_at = now() WHERE id = $1", [row.id]);
    ctx.log.warn({ versionId: row.id, table: row.table_name }, 'removed leftovers of an interrupted import');
  }
  await ctx.db.query(
    `UPDATE imports SET status = 'failed', updated_at = now(),
            error = '{"code":"import-interrupted","de":"Der Import wurde durch einen Neustart abgebrochen. Bitte starten Sie ihn erneut.","en":"The import was interrupted by a restart."}'::jsonb
      WHERE status = 'committing'`,
  );
}
