import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, startHub, type TestHub } from '../../test/harness.ts';
import { createDataset, currentVersion, upload } from './imports-testkit.ts';
import { cleanupInterruptedImports } from './recovery.ts';

const CSV = 'Bezirk;Einwohner\nMitte;397134\nPankow;424307\n';

async function tableExists(hub: TestHub, name: string): Promise<boolean> {
  const { rows } = await hub.ctx.db.query(
    "SELECT 1 FROM information_schema.tables WHERE table_schema = 'datahub_data' AND table_name = $1",
    [name],
  );
  return rows.length === 1;
}

describe('import recovery', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('killed import is cleaned up at start', async () => {
    const auth = await adminHeaders(hub.app);
    const setup = await createDataset(hub, 'recovery', 'bezirke');
    const first = await upload(hub, setup, auth, { name: 'bezirke.csv', content: CSV }, { commit: 'true' });
    expect(first.statusCode).toBe(201);
    const before = await currentVersion(hub, setup.datasetId);
    expect(before).toEqual({ version: 1, tableName: `ds${setup.datasetId}_v1`, rowCount: 2 });

    // State of a server killed during COPY: the version row has status 'loading', the table exists
    // with some rows, and the import is still 'committing'.
    const pending = await upload(hub, setup, auth, { name: 'bezirke.csv', content: CSV });
    const importId = pending.json().id as string;
    const { rows: files } = await hub.ctx.db.query<{ file_id: string }>('SELECT file_id FROM imports WHERE id = $1', [importId]);
    await hub.ctx.db.query("UPDATE imports SET status = 'committing', version = 2 WHERE id = $1", [importId]);
    await hub.ctx.db.query(
      `INSERT INTO dataset_versions (dataset_id, version, status, table_name, columns, source_file_id, import_id)
       VALUES ($1, 2, 'loading', $2, '[]', $3, $4)`,
      [setup.datasetId, `ds${setup.datasetId}_v2`, files[0].file_id, importId],
    );
    await hub.ctx.db.exec(`CREATE TABLE datahub_data."ds${setup.datasetId}_v2" (_row bigint PRIMARY KEY, c1 text)`);
    await hub.ctx.db.exec(`INSERT INTO datahub_data."ds${setup.datasetId}_v2" VALUES (2, 'Mitte')`);

    await cleanupInterruptedImports(hub.ctx);

    expect(await tableExists(hub, `ds${setup.datasetId}_v2`)).toBe(false);
    expect(await tableExists(hub, `ds${setup.datasetId}_v1`)).toBe(true);
    const { rows: versions } = await hub.ctx.db.query<{ version: number; status: string }>(
      'SELECT version, status FROM dataset_versions WHERE dataset_id = $1 ORDER BY version',
      [setup.datasetId],
    );
    expect(versions).toEqual([
      { version: 1, status: 'ready' },
      { version: 2, status: 'failed' },
    ]);
    const status = await hub.app.inject({ method: 'GET', url: `${setup.base}/${importId}`, headers: auth });
    expect(status.json().status).toBe('failed');
    expect(status.json().error.code).toBe('import-interrupted');
    expect(await currentVersion(hub, setup.datasetId)).toEqual(before);
    const { rows: data } = await hub.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM datahub_data."ds${setup.datasetId}_v1"`);
    expect(data[0].n).toBe(2);
  });

  it('next import after recovery gets a new version', async () => {
    const auth = await adminHeaders(hub.app);
    const setup = { space: 'recovery', dataset: 'bezirke', base: '/api/v1/dataspaces/recovery/datasets/bezirke/imports' };
    const { rows } = await hub.ctx.db.query<{ id: number }>("SELECT id FROM datasets WHERE slug = 'bezirke'");
    const datasetId = Number(rows[0].id);
    const again = await upload(hub, { ...setup, datasetId, spaceId: 0 }, auth, { name: 'bezirke.csv', content: CSV }, { commit: 'true' });
    expect(again.statusCode).toBe(201);
    expect(again.json().version).toBe(3);
    expect(await currentVersion(hub, datasetId)).toEqual({ version: 3, tableName: `ds${datasetId}_v3`, rowCount: 2 });
  });
});
