import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { loginAs, startHub, type TestHub } from '../../../test/harness.ts';
import { column, createDataset, createSpace, createUser, createVersion } from './fixtures.ts';

const TYPED_COLUMNS = [
  column('Name', 'text', 'c1'),
  column('Anzahl', 'integer', 'c2'),
  column('Anteil in %', 'decimal', 'c3'),
  column('aktiv', 'boolean', 'c4'),
  column('Stichtag', 'date', 'c5'),
  column('Zeitpunkt', 'timestamp', 'c6'),
  column('limit', 'text', 'c7'),
  column('Ort', 'geometry', 'geom', 25833),
];

/** Five rows covering quoting, NULLs, umlauts, a formula-like text and an injection-like text. */
const fillTyped = (table: string) => `INSERT INTO ${table} VALUES
  (1, 'Mitte', 10, 12.50, true, '2024-01-31', '2024-03-01 10:00:00+01', 'a', ST_SetSRID(ST_MakePoint(391390.73, 5817855.24), 25833)),
  (2, 'Pankow, "Nord"', 200, 0.25, false, '2023-12-01', '2024-07-01 12:30:15.5+02', 'b', NULL),
  (3, E'Spandau\\nWest', NULL, -3.75, NULL, NULL, NULL, 'c', ST_SetSRID(ST_MakePoint(370000, 5820000), 25833)),
  (4, '=Ärzte+1', 5, 1000.5, true, '2024-02-29', '2024-12-24 18:00:00+01', 'a', ST_SetSRID(ST_MakePoint(391390.73, 5817855.24), 25833)),
  (5, 'Robert''); DROP TABLE users;--', 7, NULL, false, '2020-05-05', NULL, NULL, NULL)`;

const BASE = '/api/v1/dataspaces/statistik/datasets';

describe('rows API', () => {
  let hub: TestHub;
  const get = (url: string, headers: Record<string, string> = {}) => hub.app.inject({ method: 'GET', url, headers });
  const names = async (query: string) => {
    const response = await get(`${BASE}/typen/rows?select=Name&${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().rows.map((row: { Name: string }) => row.Name);
  };
  const ROW_NAMES = ['Mitte', 'Pankow, "Nord"', 'Spandau\nWest', '=Ärzte+1', "Robert'); DROP TABLE users;--"];
  const byNumber = (...numbers: number[]) => numbers.map((number) => ROW_NAMES[number - 1]);

  beforeAll(async () => {
    hub = await startHub();
    const db = hub.ctx.db;
    const spaceId = await createSpace(db, 'statistik', 'Statistik');
    const otherSpaceId = await createSpace(db, 'umwelt', 'Umwelt');

    const typed = await createDataset(db, { spaceId, slug: 'typen' });
    await createVersion(db, typed, 1, TYPED_COLUMNS, fillTyped);

    const pages = await createDataset(db, { spaceId, slug: 'seiten' });
    await createVersion(db, pages, 1, [column('Wert', 'integer', 'c1'), column('Text', 'text', 'c2')], (table) =>
      `INSERT INTO ${table} SELECT n, CASE WHEN n % 6 = 0 THEN NULL ELSE n * 7 % 10 END, 'Zeile ' || n FROM generate_series(1, 25) AS n`,
    );

    const versions = await createDataset(db, { spaceId, slug: 'versionen' });
    await createVersion(db, versions, 1, [column('Stand', 'text', 'c1')], (table) => `INSERT INTO ${table} VALUES (1, 'alt')`, false);
    await createVersion(db, versions, 2, [column('Stand', 'text', 'c1')], (table) => `INSERT INTO ${table} VALUES (1, 'neu')`);

    await createDataset(db, { spaceId, slug: 'leer' });
    const secret = await createDataset(db, { spaceId, slug: 'geheim', accessLevel: 'datenraum' });
    await createVersion(db, secret, 1, [column('Wert', 'integer', 'c1')], (table) => `INSERT INTO ${table} VALUES (1, 42)`);
    const internal = await createDataset(db, { spaceId, slug: 'intern', accessLevel: 'intern' });
    await createVersion(db, internal, 1, [column('Wert', 'integer', 'c1')], (table) => `INSERT INTO ${table} VALUES (1, 43)`);

    const large = await createDataset(db, { spaceId, slug: 'gross' });
    await createVersion(db, large, 1, [column('Nummer', 'integer', 'c1'), column('Text', 'text', 'c2')], (table) =>
      `INSERT INTO ${table} SELECT n, n, 'Zeile ' || n FROM generate_series(1, 200000) AS n`,
    );

    await createUser(hub.app, 'leserin', { spaceId, role: 'lesen' });
    await createUser(hub.app, 'fremder', { spaceId: otherSpaceId, role: 'koordination' });
  }, 120_000);

  afterAll(async () => {
    await hub?.close();
  });

  it('json returns values in their JSON types', async () => {
    const response = await get(`${BASE}/typen/rows`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    const body = response.json();
    expect(body.total).toBe(5);
    expect(body.next).toBeNull();
    expect(body.rows[0]).toEqual({
      Name: 'Mitte',
      Anzahl: 10,
      'Anteil in %': 12.5,
      aktiv: true,
      Stichtag: '2024-01-31',
      Zeitpunkt: '2024-03-01T10:00:00+01:00',
      limit: 'a',
      Ort: { type: 'Point', coordinates: [13.4, 52.5] },
    });
    expect(body.rows[1].Zeitpunkt).toBe('2024-07-01T12:30:15.5+02:00');
    expect(body.rows[1].Ort).toBeNull();
    expect(body.rows[2]).toEqual({
      Name: 'Spandau\nWest',
      Anzahl: null,
      'Anteil in %': -3.75,
      aktiv: null,
      Stichtag: null,
      Zeitpunkt: null,
      limit: 'c',
      Ort: body.rows[2].Ort,
    });
  });

  it('json geometry in 25833 on request', async () => {
    const response = await get(`${BASE}/typen/rows?crs=25833&select=Ort&limit=1`);
    expect(response.json().rows[0].Ort).toEqual({ type: 'Point', coordinates: [391390.73, 5817855.24] });
  });

  it('select keeps the requested order', async () => {
    const response = await get(`${BASE}/typen/rows?select=Stichtag,Name&limit=1`);
    expect(Object.keys(response.json().rows[0])).toEqual(['Stichtag', 'Name']);
  });

  it('single row by number', async () => {
    const response = await get(`${BASE}/typen/rows/4`);
    expect(response.statusCode).toBe(200);
    expect(response.json().Name).toBe('=Ärzte+1');
    expect((await get(`${BASE}/typen/rows/99`)).statusCode).toBe(404);
    expect((await get(`${BASE}/typen/rows/1%20OR%201=1`)).statusCode).toBe(404);
  });

  it('filters by equality and operators', async () => {
    const cases: [string, number[]][] = [
      ['Name=Mitte', [1]],
      ['Anzahl[gt]=9', [1, 2]],
      ['Anzahl[in]=5,7', [4, 5]],
      [`${encodeURIComponent('Anteil in %')}[lt]=1,5`, [2, 3]],
      [`${encodeURIComponent('Anteil in %')}[gte]=1.000,5`, [4]],
      ['Stichtag[gte]=01.01.2024', [1, 4]],
      ['Stichtag=2024-02-29', [4]],
      ['Zeitpunkt[lt]=2024-06-01', [1]],
      ['Zeitpunkt[gte]=2024-07-01T10:30:15.5Z', [2, 4]],
      ['Zeitpunkt=01.03.2024 10:00', [1]],
      ['aktiv=ja', [1, 4]],
      ['aktiv[isnull]=true', [3]],
      ['Ort[isnull]=true', [2, 5]],
      ['Name[contains]=NORD', [2]],
      ['Name[contains]=%25', []],
      ['Name[startswith]=spa', [3]],
      ['Name[ne]=Mitte', [2, 3, 4, 5]],
      ['filter[limit]=a', [1, 4]],
      ['filter[limit][ne]=a', [2, 3, 5]],
      ['Anzahl[gte]=5&Anzahl[lte]=10', [1, 4, 5]],
    ];
    for (const [query, expected] of cases) {
      expect(await names(query), query).toEqual(byNumber(...expected));
    }
  });

  it('bbox filters in both CRS', async () => {
    expect(await names('bbox=13.39,52.49,13.41,52.51')).toEqual(byNumber(1, 4));
    expect(await names('bbox=391000,5817000,392000,5818000&bbox-crs=25833')).toEqual(byNumber(1, 4));
    expect(await names('bbox=13.0,52.0,13.1,52.1')).toEqual([]);
  });

  it('sort with directions and NULLs last', async () => {
    expect(await names('sort=-Anzahl')).toEqual(byNumber(2, 1, 5, 4, 3));
    expect(await names('sort=Anzahl')).toEqual(byNumber(4, 5, 1, 2, 3));
    expect(await names('sort=aktiv,-Stichtag')).toEqual(byNumber(2, 5, 4, 1, 3));
  });

  it('total counts filtered rows and can be skipped', async () => {
    const response = await get(`${BASE}/typen/rows?aktiv=true&limit=1`);
    expect(response.json().total).toBe(2);
    expect(response.json().rows).toHaveLength(1);
    expect((await get(`${BASE}/typen/rows?total=false`)).json().total).toBeNull();
  });

  it('invalid value gives German problem', async () => {
    const response = await get(`${BASE}/typen/rows?Anzahl=abc`);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem.type).toBe('urn:datahub:problem:invalid-filter-value');
    expect(problem.detail).toBe('Der Wert „abc“ passt nicht zur Spalte „Anzahl“ (Typ Ganzzahl). Erwartet wird: ganze Zahl, z. B. 42.');
    expect(problem.column).toBe('Anzahl');
    expect(problem.value).toBe('abc');
  });

  it('operator mismatch names German type', async () => {
    const response = await get(`${BASE}/typen/rows?Anzahl[contains]=4`);
    expect(response.statusCode).toBe(400);
    const problem = response.json();
    expect(problem.type).toBe('urn:datahub:problem:invalid-filter-operator');
    expect(problem.detail).toBe(
      'Der Operator „contains“ passt nicht zur Spalte „Anzahl“ (Typ Ganzzahl). contains und startswith gehen nur bei Text, bei Geometrien nur isnull und bbox.',
    );
  });

  it('unknown column lists valid ones', async () => {
    const response = await get(`${BASE}/typen/rows?Bezirk=Mitte`);
    expect(response.statusCode).toBe(400);
    const problem = response.json();
    expect(problem.type).toBe('urn:datahub:problem:unknown-column');
    expect(problem.detail).toBe(
      'Die Spalte „Bezirk“ in „Bezirk“ gibt es in diesem Datensatz nicht. Gültige Spalten: „Name“, „Anzahl“, „Anteil in %“, „aktiv“, „Stichtag“, „Zeitpunkt“, „limit“, „Ort“.',
    );
    expect(problem.validColumns).toEqual(['Name', 'Anzahl', 'Anteil in %', 'aktiv', 'Stichtag', 'Zeitpunkt', 'limit', 'Ort']);
  });

  it('hostile input never reaches SQL', async () => {
    const rejected = [
      `${encodeURIComponent('Name"; DROP TABLE users; --')}=x`,
      `sort=${encodeURIComponent('Name; DROP TABLE users')}`,
      `select=${encodeURIComponent('Name,(SELECT 1)')}`,
      `Anzahl[in]=${encodeURIComponent('1,2);DROP TABLE users;--')}`,
      `Anzahl=${encodeURIComponent('1 OR 1=1')}`,
      `Stichtag=${encodeURIComponent("2024-01-01'::date OR true --")}`,
      `Anzahl[like]=5`,
      `Anzahl[contains]=5`,
      `Ort=POINT(1 2)`,
      `sort=Ort`,
      `bbox=1,2,3`,
      `bbox=a,b,c,d`,
      `bbox=${encodeURIComponent('1,2,3,4);DROP TABLE users;--')}`,
      `bbox=1,2,3,4&bbox-crs=${encodeURIComponent('4326);--')}`,
      `crs=3857`,
      `limit=-1`,
      `limit=10001`,
      `limit=abc`,
      `offset=1e3`,
      `format=pdf`,
      `dialect=excel`,
      `cursor=kaputt`,
      `Name=%00`,
      `Name[in]=a,%00`,
      `bbox=-200,-100,200,100`,
      `bbox=-99999999,-99999999,99999999,99999999&bbox-crs=25833`,
      `sort=Name&cursor=${Buffer.from(JSON.stringify({ s: 'Name', k: ['a\u0000'], r: '1' })).toString('base64url')}`,
      `cursor=${Buffer.from(JSON.stringify({ s: '', k: [], r: '1; DROP TABLE users' })).toString('base64url')}`,
      `sort=Stichtag&cursor=${Buffer.from(JSON.stringify({ s: 'Stichtag', k: ["2024-01-01' OR 1=1"], r: '1' })).toString('base64url')}`,
    ];
    for (const query of rejected) {
      const response = await get(`${BASE}/typen/rows?${query}`);
      expect(response.statusCode, `${query}: ${response.body}`).toBe(400);
      expect(response.json().detail, query).toMatch(/\S/);
    }
    expect(await names(`Name=${encodeURIComponent("' OR 1=1 --")}`)).toEqual([]);
    expect(await names(`Name=${encodeURIComponent("Robert'); DROP TABLE users;--")}`)).toEqual(byNumber(5));
    expect(await names(`Name[contains]=${encodeURIComponent("'); DROP")}`)).toEqual(byNumber(5));
    const users = await hub.ctx.db.query<{ count: string }>('SELECT count(*)::text AS count FROM users');
    expect(Number(users.rows[0].count)).toBeGreaterThan(0);
  });

  it('cursor paging equals offset paging', async () => {
    const viaOffset: unknown[] = [];
    for (const offset of [0, 10, 20]) {
      const response = await get(`/api/v1/dataspaces/statistik/datasets/seiten/rows?sort=-Wert&limit=10&offset=${offset}`);
      viaOffset.push(...response.json().rows);
    }
    const viaCursor: unknown[] = [];
    let url: string | null = '/api/v1/dataspaces/statistik/datasets/seiten/rows?sort=-Wert&limit=10';
    let pages = 0;
    while (url !== null) {
      const response = await get(url);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      viaCursor.push(...body.rows);
      expect(body.total).toBe(25);
      pages += 1;
      if (body.next !== null) {
        expect(body.next.startsWith('http://localhost:8080/api/v1/dataspaces/statistik/datasets/seiten/rows?')).toBe(true);
        expect(new URL(body.next).searchParams.get('sort')).toBe('-Wert');
      }
      url = body.next === null ? null : body.next.slice('http://localhost:8080'.length);
    }
    expect(pages).toBe(3);
    expect(viaCursor).toHaveLength(25);
    expect(viaCursor).toEqual(viaOffset);
    const values = (viaCursor as { Wert: number | null }[]).map((row) => row.Wert);
    expect(values.slice(0, 3)).toEqual([9, 9, 8]);
    expect(values.slice(-4)).toEqual([null, null, null, null]);
  });

  it('cursor of another sort is rejected', async () => {
    const first = (await get(`${BASE}/seiten/rows?sort=-Wert&limit=5`)).json();
    const cursor = new URL(first.next).searchParams.get('cursor');
    const response = await get(`${BASE}/seiten/rows?sort=Text&limit=5&cursor=${cursor}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().type).toBe('urn:datahub:problem:invalid-cursor');
  });

  it('csv follows RFC 4180', async () => {
    const response = await get(`${BASE}/typen/rows?format=csv&select=Name,Anzahl,Anteil%20in%20%25,aktiv,Stichtag,Zeitpunkt&limit=3`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers['content-disposition']).toBe('attachment; filename="typen-v1.csv"');
    expect(response.body).toBe(
      'Name,Anzahl,Anteil in %,aktiv,Stichtag,Zeitpunkt\r\n' +
        'Mitte,10,12.50,true,2024-01-31,2024-03-01T10:00:00+01:00\r\n' +
        '"Pankow, ""Nord""",200,0.25,false,2023-12-01,2024-07-01T12:30:15.5+02:00\r\n' +
        '"Spandau\nWest",,-3.75,,,\r\n',
    );
  });

  it('csv writes geometry as WKT', async () => {
    const response = await get(`${BASE}/typen/rows?format=csv&select=limit,Ort&limit=2`);
    expect(response.body).toBe('limit,Ort\r\na,POINT(13.4 52.5)\r\nb,\r\n');
    const utm = await get(`${BASE}/typen/rows?format=csv&select=Ort&limit=1&crs=25833`);
    expect(utm.body).toBe('Ort\r\nPOINT(391390.73 5817855.24)\r\n');
  });

  it('csv excel-de dialect for German Excel', async () => {
    const response = await get(`${BASE}/typen/rows?format=csv&dialect=excel-de&select=Name,Anzahl,Anteil%20in%20%25,aktiv,Stichtag,Zeitpunkt`);
    expect(response.statusCode).toBe(200);
    const bytes = response.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(response.body).toBe(
      '\uFEFFName;Anzahl;Anteil in %;aktiv;Stichtag;Zeitpunkt\r\n' +
        'Mitte;10;12,50;WAHR;31.01.2024;01.03.2024 10:00:00\r\n' +
        '"Pankow, ""Nord""";200;0,25;FALSCH;01.12.2023;01.07.2024 12:30:15\r\n' +
        '"Spandau\nWest";;-3,75;;;\r\n' +
        "'=Ärzte+1;5;1000,5;WAHR;29.02.2024;24.12.2024 18:00:00\r\n" +
        '"Robert\'); DROP TABLE users;--";7;;FALSCH;05.05.2020;\r\n',
    );
  });

  it('accept header selects csv', async () => {
    const response = await get(`${BASE}/typen/rows?select=Name&limit=1`, { accept: 'text/csv' });
    expect(response.body).toBe('Name\r\nMitte\r\n');
  });

  it('geojson in 4326 without crs member', async () => {
    const response = await get(`${BASE}/typen/rows?format=geojson&select=Name,Anzahl`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/geo+json; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="typen-v1.geojson"');
    const collection = response.json();
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.crs).toBeUndefined();
    expect(collection.features).toHaveLength(5);
    expect(collection.features[0]).toEqual({
      type: 'Feature',
      id: 1,
      geometry: { type: 'Point', coordinates: [13.4, 52.5] },
      properties: { Name: 'Mitte', Anzahl: 10 },
    });
    expect(collection.features[1].geometry).toBeNull();
  });

  it('geojson in 25833 with crs member', async () => {
    const response = await get(`${BASE}/typen/rows?select=Name&crs=25833&limit=1`, { accept: 'application/geo+json' });
    const collection = response.json();
    expect(collection.crs).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25833' } });
    expect(collection.features[0].geometry.coordinates).toEqual([391390.73, 5817855.24]);
  });

  it('geojson without geometry column is rejected', async () => {
    const response = await get(`${BASE}/seiten/rows?format=geojson`);
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toBe(
      'Der Datensatz „seiten“ hat keine Geometriespalte und kann deshalb nicht als GeoJSON geliefert werden. Bitte wählen Sie format=csv, xlsx oder json.',
    );
  });

  it('xlsx has typed cells and bold header', async () => {
    const response = await get(`${BASE}/typen/rows?format=xlsx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toBe('attachment; filename="typen-v1.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('typen');
    expect(sheet.getRow(1).values).toEqual([undefined, 'Name', 'Anzahl', 'Anteil in %', 'aktiv', 'Stichtag', 'Zeitpunkt', 'limit', 'Ort']);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.rowCount).toBe(6);
    expect(sheet.getCell('A2').value).toBe('Mitte');
    expect(sheet.getCell('B2').value).toBe(10);
    expect(sheet.getCell('C2').value).toBe(12.5);
    expect(sheet.getCell('D2').value).toBe(true);
    expect(sheet.getCell('E2').value).toEqual(new Date('2024-01-31T00:00:00Z'));
    expect(sheet.getCell('E2').numFmt).toBe('dd.mm.yyyy');
    expect(sheet.getCell('F2').value).toEqual(new Date('2024-03-01T10:00:00Z'));
    expect(sheet.getCell('H2').value).toBe('POINT(13.4 52.5)');
    expect(sheet.getCell('B4').value).toBeNull();
    expect(sheet.getCell('A5').value).toBe('=Ärzte+1');
  });

  it('older version on request', async () => {
    expect((await get(`${BASE}/versionen/rows`)).json().rows).toEqual([{ Stand: 'neu' }]);
    expect((await get(`${BASE}/versionen/rows?version=1`)).json().rows).toEqual([{ Stand: 'alt' }]);
    const missing = await get(`${BASE}/versionen/rows?version=9`);
    expect(missing.statusCode).toBe(404);
  });

  it('dataset without data is empty', async () => {
    const response = await get(`${BASE}/leer/rows`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ rows: [], total: 0, next: null });
    expect((await get(`${BASE}/leer/rows?format=csv`)).body).toBe('');
  });

  it('access levels decide who reads', async () => {
    expect((await get(`${BASE}/typen/rows?limit=1`)).statusCode).toBe(200);
    const anonymous = await get(`${BASE}/geheim/rows`);
    expect(anonymous.statusCode).toBe(404);
    expect(anonymous.json().detail).toBe('Den Datensatz „geheim“ im Datenraum „statistik“ gibt es nicht, oder Sie haben keinen Zugriff darauf.');
    expect((await get(`${BASE}/geheim/rows?format=csv`)).statusCode).toBe(404);
    expect((await get(`${BASE}/geheim/rows/1`)).statusCode).toBe(404);
    expect((await get(`${BASE}/intern/rows`)).statusCode).toBe(404);

    const reader = await loginAs(hub.app, 'leserin', 'lang-genug-123');
    expect((await get(`${BASE}/geheim/rows`, reader)).json().rows).toEqual([{ Wert: 42 }]);
    const stranger = await loginAs(hub.app, 'fremder', 'lang-genug-123');
    expect((await get(`${BASE}/geheim/rows`, stranger)).statusCode).toBe(404);
    expect((await get(`${BASE}/intern/rows`, stranger)).json().rows).toEqual([{ Wert: 43 }]);
  });

  it('streams 200,000 rows as CSV', async () => {
    const response = await get(`${BASE}/gross/rows?format=csv`);
    expect(response.statusCode).toBe(200);
    const lines = response.body.split('\r\n');
    expect(lines).toHaveLength(200_002);
    expect(lines[0]).toBe('Nummer,Text');
    expect(lines[1]).toBe('1,Zeile 1');
    expect(lines[5001]).toBe('5001,Zeile 5001');
    expect(lines[200_000]).toBe('200000,Zeile 200000');
    expect(lines[200_001]).toBe('');
  }, 120_000);

  it('openapi documents the rows routes', async () => {
    const document = (await get('/api/v1/openapi.json')).json();
    expect(document.paths['/api/v1/dataspaces/{space}/datasets/{dataset}/rows'].get.summary).toBe('Zeilen lesen, filtern und herunterladen');
    expect(document.paths['/api/v1/dataspaces/{space}/datasets/{dataset}/rows/{row}'].get.summary).toBe('Eine Zeile lesen');
  });

  it('xlsx streams across batches', async () => {
    const response = await get(`${BASE}/gross/rows?format=xlsx&limit=12000`);
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(12_001);
    expect(sheet.getCell('A5002').value).toBe(5001);
    expect(sheet.getCell('B12001').value).toBe('Zeile 12000');
  }, 60_000);

  it('download limit and offset apply', async () => {
    const response = await get(`${BASE}/gross/rows?format=csv&limit=3&offset=5001&sort=-Nummer`);
    expect(response.body).toBe('Nummer,Text\r\n194999,Zeile 194999\r\n194998,Zeile 194998\r\n194997,Zeile 194997\r\n');
  });
});
