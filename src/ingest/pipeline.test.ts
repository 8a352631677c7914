import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, sharedFile, skipNotice, startHub, type TestHub } from '../../test/harness.ts';
import { createDataset, currentVersion, upload, type DatasetSetup } from './imports-testkit.ts';

const EWR = sharedFile('population/ewr_original/EWR_L21_202412E_Matrix.csv');
const PLR_BASE = 'geo/lor_2021/LOR_2023-01-01_PLR_EPSG_25833_nur_ID';

async function scalar<T>(hub: TestHub, sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await hub.ctx.db.query<{ value: T }>(sql, params);
  return rows[0].value;
}

describe('import pipeline', () => {
  let hub: TestHub;
  let auth: Record<string, string>;
  let tmp: string;
  beforeAll(async () => {
    hub = await startHub();
    auth = await adminHeaders(hub.app);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'datahub-pipeline-'));
  });
  afterAll(async () => {
    await hub?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe.skipIf(!EWR && skipNotice('EWR-Matrix'))('population matrix csv', () => {
    let setup: DatasetSetup;
    let importId: string;

    it('preview infers types and waits', async () => {
      setup = await createDataset(hub, 'statistik', 'einwohner');
      const response = await upload(hub, setup, auth, EWR!);
      expect(response.statusCode).toBe(201);
      const body = response.json();
      importId = body.id;
      expect(body.status).toBe('pending');
      expect(body.detection.format).toBe('csv');
      expect(body.detection.delimiter).toBe(';');
      const types = Object.fromEntries(body.columns.map((column: { name: string; type: string }) => [column.name, column.type]));
      expect(types.RAUMID).toBe('text');
      expect(types.E_E).toBe('integer');
      expect(body.preview).toHaveLength(20);
      expect(body.preview[0].RAUMID).toBe('01100101');
      expect(body.preview[0].E_E).toBe(3580);
      expect(body.preview[0]._row).toBe(2);
      expect(body.report.rowCount).toBe(542);
      expect(body.report.typeErrorCount).toBe(0);
      expect(body.report.summary).toMatch(/^542 Zeilen geprüft\. Keine Typfehler\./);
      expect(body.diff.currentVersion).toBeNull();
      expect(await currentVersion(hub, setup.datasetId)).toEqual({ version: null, tableName: null, rowCount: null });
    });

    it('commit with reviewed schema', async () => {
      const response = await hub.app.inject({
        method: 'POST',
        url: `${setup.base}/${importId}/commit`,
        headers: auth,
        payload: {
          columns: [
            { sourceName: 'RAUMID', name: 'Planungsraum', key: true, description: 'LOR-Schlüssel' },
            { sourceName: 'E_E', name: 'Einwohner', unit: 'Personen' },
          ],
        },
      });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.status).toBe('committed');
      expect(body.version).toBe(1);
      expect(body.rowCount).toBe(542);
      expect(body.report.duplicateKeys).toEqual({ column: 'Planungsraum', count: 0, examples: [], complete: true });

      const table = `datahub_data."ds${setup.datasetId}_v1"`;
      const columns = await scalar<{ name: string; physical: string; unit?: string; key?: boolean }[]>(
        hub,
        'SELECT columns AS value FROM dataset_versions WHERE dataset_id = $1 AND version = 1',
        [setup.datasetId],
      );
      expect(columns[1]).toMatchObject({ name: 'Planungsraum', sourceName: 'RAUMID', physical: 'c2', key: true, type: 'text' });
      expect(columns[7]).toMatchObject({ name: 'Einwohner', unit: 'Personen', physical: 'c8', type: 'integer' });
      expect(await scalar<string>(hub, `SELECT c2 AS value FROM ${table} ORDER BY _row LIMIT 1`)).toBe('01100101');
      expect(Number(await scalar(hub, `SELECT sum(c8) AS value FROM ${table}`))).toBe(3897145);
      expect(Number(await scalar(hub, `SELECT count(*) AS value FROM ${table} WHERE c8 IS NULL`))).toBe(2);
      const indexes = await scalar<string[]>(
        hub,
        "SELECT array_agg(indexname::text ORDER BY indexname) AS value FROM pg_indexes WHERE schemaname = 'datahub_data' AND tablename = $1",
        [`ds${setup.datasetId}_v1`],
      );
      expect(indexes).toEqual([`ds${setup.datasetId}_v1_c2_key`, `ds${setup.datasetId}_v1_pkey`]);
      expect(await currentVersion(hub, setup.datasetId)).toEqual({ version: 1, tableName: `ds${setup.datasetId}_v1`, rowCount: 542 });

      const audit = await hub.ctx.db.query<{ details: { version: number; rowCount: number } }>(
        "SELECT details FROM audit_log WHERE action = 'import.commit' AND object_id = $1",
        [String(setup.datasetId)],
      );
      expect(audit.rows.map((row) => [row.details.version, row.details.rowCount])).toEqual([[1, 542]]);
    });

    it('second import shows schema diff', async () => {
      const response = await upload(hub, setup, auth, EWR!);
      expect(response.statusCode).toBe(201);
      const diff = response.json().diff;
      expect(diff.currentVersion).toBe(1);
      expect(diff.renamed).toEqual([
        { from: 'Planungsraum', to: 'RAUMID', type: 'text' },
        { from: 'Einwohner', to: 'E_E', type: 'integer' },
      ]);
      expect(diff.added).toEqual([]);
      expect(diff.missing).toEqual([]);
      expect(diff.rowCount).toEqual({ old: 542, new: 542 });
      expect(diff.breaking).toBe(false);
      const cancel = await hub.app.inject({ method: 'DELETE', url: `${setup.base}/${response.json().id}`, headers: auth });
      expect(cancel.statusCode).toBe(204);
      const commitAfterCancel = await hub.app.inject({ method: 'POST', url: `${setup.base}/${response.json().id}/commit`, headers: auth, payload: {} });
      expect(commitAfterCancel.statusCode).toBe(409);
      expect(commitAfterCancel.json().type).toBe('urn:datahub:problem:import-not-pending');
    });

    it('breaking change needs confirmation', async () => {
      const lines = fs.readFileSync(EWR!, 'utf8').split('\n');
      const fewer = lines.map((line) => line.split(';').slice(0, 8).join(';')).join('\n');
      const rejected = await upload(hub, setup, auth, { name: 'ewr-kurz.csv', content: fewer }, { commit: 'true' });
      expect(rejected.statusCode).toBe(422);
      const problem = rejected.json();
      expect(problem.type).toBe('urn:datahub:problem:schema-change-unconfirmed');
      expect(problem.detail).toContain('Fehlende Spalten: „E_EM“');
      expect(problem.diff.breaking).toBe(true);
      expect(problem.diff.missing).toHaveLength(43);
      expect(await currentVersion(hub, setup.datasetId)).toEqual({ version: 1, tableName: `ds${setup.datasetId}_v1`, rowCount: 542 });

      const confirmed = await upload(hub, setup, auth, { name: 'ewr-kurz.csv', content: fewer }, { commit: 'true', confirmBreaking: 'true' });
      expect(confirmed.statusCode).toBe(201);
      expect(confirmed.json().version).toBe(2);
      expect(await currentVersion(hub, setup.datasetId)).toEqual({ version: 2, tableName: `ds${setup.datasetId}_v2`, rowCount: 542 });
      const oldVersion = await scalar<string>(hub, 'SELECT status AS value FROM dataset_versions WHERE dataset_id = $1 AND version = 1', [setup.datasetId]);
      expect(oldVersion).toBe('ready');
    });

    it('breaking change forbidden for redaktion', async () => {
      const user = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: auth,
        payload: { username: 'redakteurin', password: 'redaktion-passwort-1', displayName: 'Redakteurin' },
      });
      expect(user.statusCode).toBe(201);
      await hub.ctx.db.query(
        "INSERT INTO memberships (dataspace_id, user_id, role) SELECT $1, id, 'redaktion' FROM users WHERE username = 'redakteurin'",
        [setup.spaceId],
      );
      const login = await hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'redakteurin', password: 'redaktion-passwort-1' } });
      const editor = { authorization: `Bearer ${login.json().token}` };
      const same = await upload(hub, setup, editor, { name: 'nur-zeit.csv', content: 'ZEIT;RAUMID\n202412;01100101\n' }, { commit: 'true', confirmBreaking: 'true' });
      expect(same.statusCode).toBe(403);
      expect(await currentVersion(hub, setup.datasetId)).toEqual({ version: 2, tableName: `ds${setup.datasetId}_v2`, rowCount: 542 });
    });
  });

  describe('errors beyond the inference sample', () => {
    let setup: DatasetSetup;
    let content: string;
    beforeAll(async () => {
      setup = await createDataset(hub, 'fehler', 'zaehlungen');
      const lines = ['Zählstelle;Anzahl;Datum'];
      for (let i = 1; i <= 12_000; i++) lines.push(`Z${String(i).padStart(5, '0')};${i};01.02.2024`);
      lines[11_000] = 'Z11000;11x;01.02.2024';
      lines[11_500] = 'Z11500;;31.02.2024';
      content = `${lines.join('\n')}\n`;
    });

    it('abort rejects with report', async () => {
      const response = await upload(hub, setup, auth, { name: 'zaehlung.csv', content }, { commit: 'true' });
      expect(response.statusCode).toBe(422);
      const problem = response.json();
      expect(problem.type).toBe('urn:datahub:problem:import-validation-failed');
      expect(problem.report.typeErrorCount).toBe(2);
      expect(problem.report.rowsWithErrors).toBe(2);
      expect(problem.report.columns[1].typeErrors.rows).toEqual([11001]);
      expect(problem.report.columns[1].typeErrors.examples[0].value).toBe('11x');
      expect(problem.report.columns[1].empty).toBe(1);
      expect(problem.report.columns[2].typeErrors.rows).toEqual([11501]);
      expect(problem.detail).toContain('12.000 Zeilen geprüft.');
      expect(problem.detail).toContain('„Anzahl“: 1 (z. B. Zeile 11.001');
      expect(await currentVersion(hub, setup.datasetId)).toEqual({ version: null, tableName: null, rowCount: null });
      const status = await hub.app.inject({ method: 'GET', url: `${setup.base}/${problem.importId}`, headers: auth });
      expect(status.json().status).toBe('failed');
      expect(status.json().error.code).toBe('import-validation-failed');
    });

    it('skip leaves out bad rows', async () => {
      const response = await upload(hub, setup, auth, { name: 'zaehlung.csv', content }, { commit: 'true', onError: 'skip' });
      expect(response.statusCode).toBe(201);
      expect(response.json().load).toEqual({ rowsLoaded: 11_998, rowsSkipped: 2, cellsNulled: 0, repairedGeometries: 0 });
      expect(await currentVersion(hub, setup.datasetId)).toMatchObject({ rowCount: 11_998 });
    });

    it('null keeps rows with empty cells', async () => {
      const response = await upload(hub, setup, auth, { name: 'zaehlung.csv', content }, {}, '?commit=true&onError=null');
      expect(response.statusCode).toBe(201);
      expect(response.json().load).toEqual({ rowsLoaded: 12_000, rowsSkipped: 0, cellsNulled: 2, repairedGeometries: 0 });
      const table = `datahub_data."ds${setup.datasetId}_v${response.json().version}"`;
      const row = await hub.ctx.db.query<{ c1: string; c2: number | null; c3: string | null }>(`SELECT c1, c2, c3::text FROM ${table} WHERE _row = 11001`);
      expect(row.rows[0]).toEqual({ c1: 'Z11000', c2: null, c3: '2024-02-01' });
    });

    it('commit endpoint keeps import pending on errors', async () => {
      const pending = await upload(hub, setup, auth, { name: 'zaehlung.csv', content });
      const id = pending.json().id;
      const asText = await hub.app.inject({
        method: 'POST',
        url: `${setup.base}/${id}/commit`,
        headers: auth,
        payload: { columns: [{ sourceName: 'Anzahl', type: 'integer' }], onError: 'abort' },
      });
      expect(asText.statusCode).toBe(422);
      expect((await hub.app.inject({ method: 'GET', url: `${setup.base}/${id}`, headers: auth })).json().status).toBe('pending');
      const reviewed = await hub.app.inject({
        method: 'POST',
        url: `${setup.base}/${id}/commit`,
        headers: auth,
        payload: { columns: [{ sourceName: 'Anzahl', type: 'text' }, { sourceName: 'Datum', type: 'text' }], confirmBreaking: true },
      });
      expect(reviewed.statusCode).toBe(200);
      expect(reviewed.json().report.typeErrorCount).toBe(0);
      expect(reviewed.json().diff.typeChanged).toEqual([
        { name: 'Anzahl', from: 'integer', to: 'text' },
        { name: 'Datum', from: 'date', to: 'text' },
      ]);
      const table = `datahub_data."ds${setup.datasetId}_v${reviewed.json().version}"`;
      expect(await scalar<string>(hub, `SELECT c2 AS value FROM ${table} WHERE _row = 11001`)).toBe('11x');
    });

    it('unknown review column is rejected', async () => {
      const pending = await upload(hub, setup, auth, { name: 'zaehlung.csv', content: 'Zählstelle;Anzahl\nZ1;1\n' });
      const response = await hub.app.inject({
        method: 'POST',
        url: `${setup.base}/${pending.json().id}/commit`,
        headers: auth,
        payload: { columns: [{ sourceName: 'Gibt es nicht', name: 'x' }] },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().detail).toBe('Die Spalte „Gibt es nicht“ gibt es in der Datei nicht. Vorhanden sind: „Zählstelle“, „Anzahl“.');
      expect((await hub.app.inject({ method: 'GET', url: `${setup.base}/${pending.json().id}`, headers: auth })).json().status).toBe('pending');
    });
  });

  const plrFiles = ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((ext) => sharedFile(`${PLR_BASE}.${ext}`));
  describe.skipIf(plrFiles.some((file) => !file) && skipNotice('LOR-PLR-Shapefile'))('lor shapefile zip', () => {
    it('imports 542 planning areas in EPSG:25833', async () => {
      const zipPath = path.join(tmp, 'plr.zip');
      execFileSync('zip', ['-j', '-q', zipPath, ...(plrFiles as string[])]);
      const setup = await createDataset(hub, 'geo', 'planungsraeume');
      const response = await upload(hub, setup, auth, zipPath, { commit: 'true' });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body.rowCount).toBe(542);
      expect(body.detection.format).toBe('shapefile');
      expect(body.detection.srid).toBe(25833);
      const geometry = body.columns.find((column: { type: string }) => column.type === 'geometry');
      expect(geometry.srid).toBe(25833);
      expect(body.report.columns.find((column: { type: string }) => column.type === 'geometry').geometry.nullCount).toBe(0);
      const key = body.columns.find((column: { name: string }) => column.name === 'PLR_ID');
      expect(key.type).toBe('text');

      const table = `datahub_data."ds${setup.datasetId}_v1"`;
      expect(Number(await scalar(hub, `SELECT ST_SRID(geom) AS value FROM ${table} LIMIT 1`))).toBe(25833);
      const extent = await hub.ctx.db.query<{ xmin: number; ymin: number; xmax: number; ymax: number }>(
        `SELECT ST_XMin(e) AS xmin, ST_YMin(e) AS ymin, ST_XMax(e) AS xmax, ST_YMax(e) AS ymax FROM (SELECT ST_Extent(geom) AS e FROM ${table}) s`,
      );
      const { xmin, ymin, xmax, ymax } = extent.rows[0];
      expect(xmin).toBeGreaterThanOrEqual(370000);
      expect(xmax).toBeLessThanOrEqual(416000);
      expect(ymin).toBeGreaterThanOrEqual(5799000);
      expect(ymax).toBeLessThanOrEqual(5838000);
      const first = await scalar<string>(hub, `SELECT ${quotePhysical(key.physical)} AS value FROM ${table} ORDER BY _row LIMIT 1`);
      expect(first).toBe('08401245');
      const gist = await scalar<number>(
        hub,
        "SELECT count(*)::int AS value FROM pg_indexes WHERE schemaname = 'datahub_data' AND tablename = $1 AND indexdef LIKE '%gist%'",
        [`ds${setup.datasetId}_v1`],
      );
      expect(gist).toBe(1);
    });
  });

  const lorNames = sharedFile('geo/lor_2021/lor_2021-01-01_k3_uebersicht_id_namen.xlsx');
  it.skipIf(!lorNames && skipNotice('LOR-Übersicht Excel'))('excel sheet with umlaut name', async () => {
    const setup = await createDataset(hub, 'geo', 'lor-namen');
    const response = await upload(hub, setup, auth, lorNames!, { commit: 'true', sheet: 'LOR_2023_Übersicht' });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.detection.format).toBe('xlsx');
    expect(body.detection.sheet).toBe('LOR_2023_Übersicht');
    expect(body.rowCount).toBe(542);
    const plr = body.columns.find((column: { name: string }) => column.name === 'PLR_ID');
    expect(plr.type).toBe('text');
    const name = body.columns.find((column: { name: string }) => column.name === 'PLR');
    const table = `datahub_data."ds${setup.datasetId}_v1"`;
    const landweg = await hub.ctx.db.query<{ name: string }>(
      `SELECT ${quotePhysical(name.physical)} AS name FROM ${table} WHERE ${quotePhysical(plr.physical)} = '06200418'`,
    );
    expect(landweg.rows).toEqual([{ name: 'Landweg' }]);
  });

  it('invalid polygon reported and repaired on request', async () => {
    const setup = await createDataset(hub, 'geo', 'flaechen');
    const bowtie = { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] };
    const square = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };
    const collection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'Quadrat' }, geometry: square },
        { type: 'Feature', properties: { name: 'Schleife' }, geometry: bowtie },
        { type: 'Feature', properties: { name: 'Leer' }, geometry: null },
      ],
    };
    const file = { name: 'flaechen.geojson', content: JSON.stringify(collection) };
    const preview = await upload(hub, setup, auth, file);
    expect(preview.statusCode).toBe(201);
    const geometry = preview.json().report.columns.find((column: { type: string }) => column.type === 'geometry').geometry;
    expect(geometry.nullCount).toBe(1);
    expect(geometry.types).toEqual(['Polygon']);
    expect(geometry.invalid.count).toBe(1);
    expect(geometry.invalid.rows).toEqual([2]);
    expect(geometry.invalid.examples[0].reason).toMatch(/^Self-intersection/);
    expect(preview.json().report.summary).toContain('1 ungültige Geometrien (z. B. Objekt 2: Self-intersection');

    const commit = await hub.app.inject({ method: 'POST', url: `${setup.base}/${preview.json().id}/commit`, headers: auth, payload: { repairGeometries: true } });
    expect(commit.statusCode).toBe(200);
    expect(commit.json().load.repairedGeometries).toBe(1);
    const valid = await scalar<boolean>(hub, `SELECT bool_and(ST_IsValid(geom)) AS value FROM datahub_data."ds${setup.datasetId}_v1"`);
    expect(valid).toBe(true);
  });
});

function quotePhysical(name: string): string {
  return `"${name.replace(/"/g, '')}"`;
}
