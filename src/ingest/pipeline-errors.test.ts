import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, loginAs, startHub, type TestHub } from '../../test/harness.ts';
import { createDataset, currentVersion, upload, type DatasetSetup } from './imports-testkit.ts';

const BASELINE = 'Bezirk;Einwohner\nMitte;397134\nFriedrichshain-Kreuzberg;293454\nTreptow-Köpenick;294081\n';

describe('import pipeline errors', () => {
  let hub: TestHub;
  let auth: Record<string, string>;
  let setup: DatasetSetup;
  let tmp: string;
  beforeAll(async () => {
    hub = await startHub();
    auth = await adminHeaders(hub.app);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'datahub-pipeline-errors-'));
    setup = await createDataset(hub, 'bezirke', 'einwohner');
    const first = await upload(hub, setup, auth, { name: 'bezirke.csv', content: BASELINE }, { commit: 'true' });
    expect(first.statusCode).toBe(201);
  });
  afterAll(async () => {
    await hub?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const brokenInputs: { case: string; file: () => { name: string; content: Buffer | string | Blob } | string; type: string }[] = [
    { case: 'empty file', file: () => ({ name: 'leer.csv', content: '' }), type: 'empty-file' },
    {
      case: 'truncated geojson',
      file: () => ({ name: 'abgeschnitten.geojson', content: '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1},"geometry":{"type":"Point","coordinates":[13.4,' }),
      type: 'invalid-geojson',
    },
    { case: 'broken zip', file: () => ({ name: 'kaputt.zip', content: Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]) }), type: 'broken-zip' },
    {
      case: 'inconsistent csv',
      file: () => ({ name: 'ungleich.csv', content: 'Bezirk;Einwohner\nMitte;397134\nPankow;424307;zu viel\nSpandau;257091\n' }),
      type: 'inconsistent-columns',
    },
    {
      case: 'no line break',
      file: () => {
        const file = path.join(tmp, 'eine-zeile.csv');
        const block = Buffer.alloc(1024 * 1024, 'a;b;c;');
        const handle = fs.openSync(file, 'w');
        for (let i = 0; i < 50; i++) fs.writeSync(handle, block);
        fs.closeSync(handle);
        return file;
      },
      type: 'no-line-break',
    },
  ];

  for (const input of brokenInputs) {
    it(`${input.case} gives German 422`, async () => {
      const filesBefore = (await hub.ctx.db.query('SELECT id FROM files')).rows.length;
      const response = await upload(hub, setup, auth, input.file(), { commit: 'true' });
      expect(response.statusCode).toBe(422);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const problem = response.json();
      expect(problem.type).toBe(`urn:datahub:problem:${input.type}`);
      expect(problem.detail).toMatch(/[äöüßÄÖÜ]|Datei|Zeile/);
      expect(await currentVersion(hub, setup.datasetId)).toEqual({ version: 1, tableName: `ds${setup.datasetId}_v1`, rowCount: 3 });
      expect((await hub.ctx.db.query('SELECT id FROM files')).rows.length).toBe(filesBefore);
    });
  }

  it('broken input in english on request', async () => {
    const response = await upload(hub, setup, { ...auth, 'accept-language': 'en' }, { name: 'leer.csv', content: '' });
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).not.toMatch(/Datei/);
  });

  it('windows-1252 csv keeps umlauts', async () => {
    const target = await createDataset(hub, 'bezirke', 'ortsteile-cp1252');
    const content = iconv.encode('Ortsteil;Straße\nKöpenick;Müggelheimer Straße\nGrünau;Regattastraße\n', 'win1252');
    const response = await upload(hub, target, auth, { name: 'ortsteile.csv', content }, { commit: 'true' });
    expect(response.statusCode).toBe(201);
    expect(response.json().detection.encoding).toBe('windows-1252');
    expect(response.json().columns.map((column: { name: string }) => column.name)).toEqual(['Ortsteil', 'Straße']);
    const { rows } = await hub.ctx.db.query<{ c1: string; c2: string }>(`SELECT c1, c2 FROM datahub_data."ds${target.datasetId}_v1" ORDER BY _row`);
    expect(rows).toEqual([
      { c1: 'Köpenick', c2: 'Müggelheimer Straße' },
      { c1: 'Grünau', c2: 'Regattastraße' },
    ]);
  });

  it('utf-8 bom csv keeps umlauts', async () => {
    const target = await createDataset(hub, 'bezirke', 'ortsteile-bom');
    const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Ortsteil,Fläche in qm\nKöpenick,"34.900.000"\n', 'utf8')]);
    const response = await upload(hub, target, auth, { name: 'ortsteile.csv', content }, { commit: 'true' });
    expect(response.statusCode).toBe(201);
    expect(response.json().detection.hasBom).toBe(true);
    expect(response.json().columns[0].name).toBe('Ortsteil');
    const { rows } = await hub.ctx.db.query<{ c1: string }>(`SELECT c1 FROM datahub_data."ds${target.datasetId}_v1"`);
    expect(rows).toEqual([{ c1: 'Köpenick' }]);
  });

  it('query options with file first', async () => {
    const target = await createDataset(hub, 'bezirke', 'pipe');
    const response = await upload(hub, target, auth, { name: 'daten.txt', content: 'a|b\n1|2\n3|4\n' }, {}, '?commit=true&delimiter=%7C');
    expect(response.statusCode).toBe(201);
    expect(response.json().detection.delimiter).toBe('|');
    expect(response.json().rowCount).toBe(2);
  });

  it('upload without file is rejected', async () => {
    const form = new FormData();
    form.append('commit', 'true');
    const encoded = new Response(form);
    const response = await hub.app.inject({
      method: 'POST',
      url: setup.base,
      headers: { ...auth, 'content-type': encoded.headers.get('content-type')! },
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toBe('Im Upload fehlt die Datei. Bitte senden Sie sie im Feld „file“.');
  });

  it('invalid onError is rejected', async () => {
    const response = await upload(hub, setup, auth, { name: 'bezirke.csv', content: BASELINE }, { commit: 'true', onError: 'ignore' });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toBe('Ungültiger Wert „ignore“ für „onError“. Erwartet wird „abort“, „skip“ oder „null“.');
  });

  it('roles below redaktion cannot import', async () => {
    for (const [username, role] of [['leserin', 'lesen'], ['fremde', null]] as const) {
      const created = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: auth,
        payload: { username, password: 'sicheres-passwort-1', displayName: username },
      });
      expect(created.statusCode).toBe(201);
      if (role) {
        await hub.ctx.db.query('INSERT INTO memberships (dataspace_id, user_id, role) SELECT $1, id, $2 FROM users WHERE username = $3', [setup.spaceId, role, username]);
      }
    }
    const reader = await loginAs(hub.app, 'leserin', 'sicheres-passwort-1');
    const stranger = await loginAs(hub.app, 'fremde', 'sicheres-passwort-1');
    expect((await upload(hub, setup, reader, { name: 'b.csv', content: BASELINE })).statusCode).toBe(403);
    expect((await upload(hub, setup, stranger, { name: 'b.csv', content: BASELINE })).statusCode).toBe(404);
    expect((await upload(hub, setup, {}, { name: 'b.csv', content: BASELINE })).statusCode).toBe(404);
    const list = await hub.app.inject({ method: 'GET', url: setup.base, headers: reader });
    expect(list.statusCode).toBe(403);
  });

  it('unknown import id gives 404', async () => {
    const response = await hub.app.inject({ method: 'GET', url: `${setup.base}/00000000-0000-0000-0000-000000000000`, headers: auth });
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toBe('Den Import „00000000-0000-0000-0000-000000000000“ gibt es in diesem Datensatz nicht. Bitte prüfen Sie die Import-ID.');
  });
});
