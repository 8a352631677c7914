import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, startHub, type TestHub } from '../../test/harness.ts';
import { addMember, createDataset, createDataspace, createUserSession, insertTwoVersions } from '../../test/authz-fixtures.ts';

const PUBLIC_URL = 'https://daten.berlin.example';

describe('datasets api', () => {
  let hub: TestHub;
  let admin: Record<string, string>;
  let redaktion: Record<string, string>;
  let entwicklung: Record<string, string>;

  beforeAll(async () => {
    hub = await startHub({ DATAHUB_PUBLIC_URL: PUBLIC_URL });
    admin = await adminHeaders(hub.app);
    redaktion = await createUserSession(hub, admin, 'redakteurin');
    entwicklung = await createUserSession(hub, admin, 'entwickler');
    await createDataspace(hub, admin, 'statistik');
    await createDataspace(hub, admin, 'leer');
    await addMember(hub, admin, 'statistik', 'redakteurin', 'redaktion');
    await addMember(hub, admin, 'statistik', 'entwickler', 'entwicklung');
    await createDataset(hub, admin, 'leer', 'geheim', 'datenraum');
  });
  afterAll(async () => {
    await hub?.close();
  });

  const request = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: object) =>
    hub.app.inject({ method, url: `/api/v1${url}`, headers, payload });

  describe('create and read', () => {
    it('create stores normalised metadata', async () => {
      const response = await request('POST', '/dataspaces/statistik/datasets', entwicklung, {
        slug: 'einwohner',
        title: 'Einwohnerinnen und Einwohner nach Planungsraum',
        accessLevel: 'oeffentlich',
        description: 'Melderechtlich registrierte Einwohner am 31.12.',
        metadata: { keywords: ['Einwohnerzahl', 'Planungsraum'], theme: 'SOCI', license: 'CC-BY-4.0' },
      });
      expect(response.statusCode, response.body).toBe(201);
      const body = response.json();
      expect(body.metadata.license).toBe('http://dcat-ap.de/def/licenses/cc-by/4.0');
      expect(body.metadata.theme).toEqual(['SOCI']);
      expect(body.metadata.keywordsText).toBe('Einwohnerzahl Planungsraum');
      expect(body.currentVersion).toBeNull();
      expect(body.rowCount).toBeNull();
      expect(body.columns).toEqual([]);
      expect(body.links).toEqual({
        self: `${PUBLIC_URL}/api/v1/dataspaces/statistik/datasets/einwohner`,
        rows: `${PUBLIC_URL}/api/v1/dataspaces/statistik/datasets/einwohner/rows`,
        schema: `${PUBLIC_URL}/api/v1/dataspaces/statistik/datasets/einwohner/schema`,
        versions: `${PUBLIC_URL}/api/v1/dataspaces/statistik/datasets/einwohner/versions`,
      });
    });

    it('create by redaktion is forbidden', async () => {
      const response = await request('POST', '/dataspaces/statistik/datasets', redaktion, { slug: 'x1', title: 'X', accessLevel: 'intern' });
      expect(response.statusCode).toBe(403);
    });

    it('create with taken slug gives 409', async () => {
      const response = await request('POST', '/dataspaces/statistik/datasets', entwicklung, { slug: 'einwohner', title: 'X', accessLevel: 'intern' });
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toBe(
        'Im Datenraum „statistik“ gibt es schon einen Datensatz „einwohner“. Bitte wählen Sie einen anderen Kurznamen.',
      );
    });

    it('create with invalid metadata names field', async () => {
      const response = await request('POST', '/dataspaces/statistik/datasets', entwicklung, {
        slug: 'falsch',
        title: 'X',
        accessLevel: 'intern',
        metadata: { accrualPeriodicity: 'jährlich' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().field).toBe('metadata.accrualPeriodicity');
      const { rows } = await hub.ctx.db.query(`SELECT id FROM datasets WHERE slug = 'falsch'`);
      expect(rows).toEqual([]);
    });

    it('create with unknown access level fails', async () => {
      const response = await request('POST', '/dataspaces/statistik/datasets', entwicklung, { slug: 'x2', title: 'X', accessLevel: 'geheim' });
      expect(response.statusCode).toBe(400);
    });

    it('anonymous list shows only public datasets', async () => {
      await createDataset(hub, admin, 'statistik', 'intern-daten', 'intern');
      const response = await request('GET', '/dataspaces/statistik/datasets');
      expect(response.statusCode).toBe(200);
      const list = response.json().datasets;
      expect(list.map((d: { slug: string }) => d.slug)).toEqual(['einwohner']);
      expect(list[0]).toMatchObject({ accessLevel: 'oeffentlich', keywords: ['Einwohnerzahl', 'Planungsraum'], theme: ['SOCI'] });
    });

    it('anonymous list without visible datasets gives 404', async () => {
      const response = await request('GET', '/dataspaces/leer/datasets');
      expect(response.statusCode).toBe(404);
    });

    it('keywords reach the search vector', async () => {
      const { rows } = await hub.ctx.db.query<{ slug: string }>(
        `SELECT slug FROM datasets WHERE search_vector @@ plainto_tsquery('german', 'Einwohnerzahlen')`,
      );
      expect(rows).toEqual([{ slug: 'einwohner' }]);
    });
  });

  describe('patch', () => {
    it('metadata merge keeps other fields', async () => {
      const response = await request('PATCH', '/dataspaces/statistik/datasets/einwohner', redaktion, {
        title: 'Einwohner nach LOR-Planungsraum',
        metadata: { theme: null, spatial: 'Berlin', temporal: { start: '2024-12-31', end: '2024-12-31' } },
      });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.title).toBe('Einwohner nach LOR-Planungsraum');
      expect(body.metadata.theme).toBeUndefined();
      expect(body.metadata.license).toBe('http://dcat-ap.de/def/licenses/cc-by/4.0');
      expect(body.metadata.spatial).toBe('Berlin');
      const { rows } = await hub.ctx.db.query<{ details: { fields: string[] } }>(
        `SELECT details FROM audit_log WHERE action = 'dataset.update' AND object_id = 'einwohner'`,
      );
      expect(rows.map((row) => row.details.fields)).toEqual([['title', 'metadata.theme', 'metadata.spatial', 'metadata.temporal']]);
    });

    it('access level change by redaktion is forbidden', async () => {
      const response = await request('PATCH', '/dataspaces/statistik/datasets/einwohner', redaktion, { accessLevel: 'intern' });
      expect(response.statusCode).toBe(403);
    });

    it('access level change audits old and new', async () => {
      const response = await request('PATCH', '/dataspaces/statistik/datasets/einwohner', admin, { accessLevel: 'intern' });
      expect(response.statusCode).toBe(200);
      expect(response.json().accessLevel).toBe('intern');
      const { rows } = await hub.ctx.db.query<{ details: unknown }>(
        `SELECT details FROM audit_log WHERE action = 'dataset.access_level_change' AND object_id = 'einwohner'`,
      );
      expect(rows.map((row) => row.details)).toEqual([{ from: 'oeffentlich', to: 'intern' }]);
      const anonymous = await request('GET', '/dataspaces/statistik/datasets/einwohner');
      expect(anonymous.statusCode).toBe(404);
    });

    it('unknown body field is rejected', async () => {
      const response = await request('PATCH', '/dataspaces/statistik/datasets/einwohner', admin, { slug: 'neu' });
      expect(response.statusCode).toBe(400);
    });
  });

  describe('versions and schema', () => {
    let datasetId: number;

    beforeAll(async () => {
      await createDataset(hub, admin, 'statistik', 'versioniert', 'intern');
      datasetId = await insertTwoVersions(hub.ctx.db, 'statistik', 'versioniert');
      await hub.ctx.db.query(
        `INSERT INTO dataset_versions (dataset_id, version, status, table_name, columns) VALUES ($1, 3, 'failed', $2, '[]'::jsonb)`,
        [datasetId, `ds${datasetId}_v3`],
      );
    });

    it('schema is empty without data', async () => {
      await createDataset(hub, admin, 'statistik', 'ohne-daten', 'intern');
      const response = await request('GET', '/dataspaces/statistik/datasets/ohne-daten/schema', redaktion);
      expect(response.json()).toEqual({ version: null, columns: [] });
    });

    it('dataset shows current version summary', async () => {
      const response = await request('GET', '/dataspaces/statistik/datasets/versioniert', redaktion);
      expect(response.json()).toMatchObject({ currentVersion: 2, rowCount: 3, columns: [{ name: 'a', type: 'text' }] });
    });

    it('versions lists newest first', async () => {
      const response = await request('GET', '/dataspaces/statistik/datasets/versioniert/versions', redaktion);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.currentVersion).toBe(2);
      expect(body.versions.map((v: { version: number; status: string; rowCount: number | null; isCurrent: boolean }) => [v.version, v.status, v.rowCount, v.isCurrent])).toEqual([
        [3, 'failed', null, false],
        [2, 'ready', 3, true],
        [1, 'ready', 2, false],
      ]);
    });

    it('restore failed version gives 409', async () => {
      const response = await request('POST', '/dataspaces/statistik/datasets/versioniert/versions/3/restore', admin);
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toBe(
        'Version 3 des Datensatzes „versioniert“ kann nicht wiederhergestellt werden, weil ihr Status „fehlgeschlagen“ ist. Nur vollständig geladene Versionen (Status „bereit“) sind möglich.',
      );
    });

    it('restore missing version gives 404', async () => {
      const response = await request('POST', '/dataspaces/statistik/datasets/versioniert/versions/9/restore', admin);
      expect(response.statusCode).toBe(404);
    });

    it('restore switches current and audits', async () => {
      const response = await request('POST', '/dataspaces/statistik/datasets/versioniert/versions/1/restore', admin);
      expect(response.json()).toEqual({ currentVersion: 1, previousVersion: 2, changed: true });
      const again = await request('POST', '/dataspaces/statistik/datasets/versioniert/versions/1/restore', admin);
      expect(again.json()).toEqual({ currentVersion: 1, previousVersion: 1, changed: false });
      const dataset = await request('GET', '/dataspaces/statistik/datasets/versioniert', redaktion);
      expect(dataset.json()).toMatchObject({ currentVersion: 1, rowCount: 2 });
      const { rows } = await hub.ctx.db.query<{ details: unknown }>(`SELECT details FROM audit_log WHERE action = 'version.restore'`);
      expect(rows.map((row) => row.details)).toEqual([{ from: 2, to: 1 }]);
    });

    it('schema patch changes unit, description and key', async () => {
      const response = await request('PATCH', '/dataspaces/statistik/datasets/versioniert/schema', entwicklung, {
        columns: [{ name: 'a', unit: 'Personen', description: 'Anzahl am Stichtag', key: true }],
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({
        version: 1,
        columns: [{ name: 'a', type: 'text', unit: 'Personen', description: 'Anzahl am Stichtag', key: true }],
      });
      const { rows } = await hub.ctx.db.query<{ columns: unknown }>('SELECT columns FROM dataset_versions WHERE dataset_id = $1 AND version = 1', [datasetId]);
      expect(rows[0].columns).toEqual([
        { name: 'a', sourceName: 'a', type: 'text', physical: 'c1', unit: 'Personen', description: 'Anzahl am Stichtag', key: true },
      ]);
    });

    it('schema patch by redaktion is forbidden', async () => {
      const response = await request('PATCH', '/dataspaces/statistik/datasets/versioniert/schema', redaktion, { columns: [{ name: 'a', unit: 'm' }] });
      expect(response.statusCode).toBe(403);
    });

    it('schema patch rejects type change', async () => {
      const response = await request('PATCH', '/dataspaces/statistik/datasets/versioniert/schema', entwicklung, {
        columns: [{ name: 'a', type: 'integer' }],
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().detail).toBe(
        '„columns[0].type“ kann hier nicht geändert werden: Name und Typ einer Spalte ändern sich nur mit einem neuen Import. Änderbar sind unit, description und key.',
      );
    });

    it('schema patch rejects unknown column', async () => {
      const response = await request('PATCH', '/dataspaces/statistik/datasets/versioniert/schema', entwicklung, {
        columns: [{ name: 'b', unit: 'm' }],
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().detail).toBe('Die Spalte „b“ gibt es in der aktuellen Version nicht. Vorhanden sind: a.');
    });

    it('schema patch without data gives 409', async () => {
      const response = await request('PATCH', '/dataspaces/statistik/datasets/ohne-daten/schema', entwicklung, { columns: [{ name: 'a', unit: 'm' }] });
      expect(response.statusCode).toBe(409);
    });

    it('delete drops version tables and audits', async () => {
      const denied = await request('DELETE', '/dataspaces/statistik/datasets/versioniert', entwicklung);
      expect(denied.statusCode).toBe(403);
      const response = await request('DELETE', '/dataspaces/statistik/datasets/versioniert', admin);
      expect(response.statusCode).toBe(204);
      const { rows: tables } = await hub.ctx.db.query<{ v1: string | null; v2: string | null }>(
        `SELECT to_regclass($1)::text AS v1, to_regclass($2)::text AS v2`,
        [`datahub_data.ds${datasetId}_v1`, `datahub_data.ds${datasetId}_v2`],
      );
      expect(tables).toEqual([{ v1: null, v2: null }]);
      const { rows: versions } = await hub.ctx.db.query('SELECT id FROM dataset_versions WHERE dataset_id = $1', [datasetId]);
      expect(versions).toEqual([]);
      const { rows } = await hub.ctx.db.query<{ details: unknown }>(`SELECT details FROM audit_log WHERE action = 'dataset.delete'`);
      expect(rows.map((row) => row.details)).toEqual([{ title: 'Datensatz versioniert', accessLevel: 'intern', versions: 3 }]);
      const gone = await request('GET', '/dataspaces/statistik/datasets/versioniert', admin);
      expect(gone.statusCode).toBe(404);
    });
  });
});
