import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedFile, skipNotice, startHub, type TestHub } from '../../../test/harness.ts';
import { column, createDataset, createSpace, createVersion } from './fixtures.ts';

const PLR_FILE = 'geo/lor_2021/derived/lor_2023-01-01_plr_wgs84_DERIVED.geojson';
const plrPath = sharedFile(PLR_FILE);
const BASE = '/api/v1/dataspaces/geo/datasets/plr/rows';

/** Alexanderplatz (the square) in WGS 84 and, transformed by PostGIS, in ETRS89 / UTM 33N. */
const ALEXANDERPLATZ_4326 = [13.4132, 52.5219];
const ALEXANDERPLATZ_25833 = [392340.24, 5820271.22];

describe.skipIf(!plrPath && skipNotice(PLR_FILE))('rows of real LOR Planungsräume', () => {
  let hub: TestHub;
  const get = async (query: string) => {
    const response = await hub.app.inject({ method: 'GET', url: `${BASE}?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response;
  };

  beforeAll(async () => {
    hub = await startHub();
    const db = hub.ctx.db;
    const spaceId = await createSpace(db, 'geo', 'Geodaten');
    const datasetId = await createDataset(db, { spaceId, slug: 'plr', title: 'LOR Planungsräume' });
    const columns = [
      column('PLR_ID', 'text', 'c1'),
      column('PLR_NAME', 'text', 'c2'),
      column('BEZ_NAME', 'text', 'c3'),
      column('Geometrie', 'geometry', 'geom', 25833),
    ];
    // The loader keeps the source CRS; the official CRS of the LOR shapefiles is 25833, so the test stores that.
    const table = await createVersion(db, datasetId, 1, columns, () => 'SELECT 1');
    await db.query(
      `INSERT INTO ${table} (_row, c1, c2, c3, geom)
       SELECT position, feature->'properties'->>'PLR_ID', feature->'properties'->>'PLR_NAME', feature->'properties'->>'BEZ_NAME',
              ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(feature->>'geometry'), 4326), 25833)
         FROM jsonb_array_elements($1::jsonb->'features') WITH ORDINALITY AS source(feature, position)`,
      [fs.readFileSync(plrPath!, 'utf8')],
    );
  }, 120_000);

  afterAll(async () => {
    await hub?.close();
  });

  it('bbox around Alexanderplatz finds its PLR', async () => {
    const [x, y] = ALEXANDERPLATZ_4326;
    const body = (await get(`bbox=${x - 0.0002},${y - 0.0002},${x + 0.0002},${y + 0.0002}&select=PLR_ID,PLR_NAME,BEZ_NAME`)).json();
    expect(body.rows).toEqual([{ PLR_ID: '01100310', PLR_NAME: 'Alexanderplatzviertel', BEZ_NAME: 'Mitte' }]);
    expect(body.total).toBe(1);
  });

  it('bbox in 25833 finds the same PLR', async () => {
    const [x, y] = ALEXANDERPLATZ_25833;
    const body = (await get(`bbox=${x - 10},${y - 10},${x + 10},${y + 10}&bbox-crs=25833&select=PLR_ID`)).json();
    expect(body.rows).toEqual([{ PLR_ID: '01100310' }]);
  });

  it('filters keep LOR codes as text', async () => {
    expect((await get('BEZ_NAME=Mitte&limit=0')).json().total).toBe(49);
    expect((await get('PLR_ID[startswith]=0110&limit=0')).json().total).toBe(16);
    expect((await get('PLR_ID=01100101&select=PLR_NAME')).json().rows).toEqual([{ PLR_NAME: 'Stülerstraße' }]);
    expect((await get('limit=0')).json().total).toBe(542);
  });

  it('geojson places PLR in Berlin in both CRS', async () => {
    const wgs84 = (await get('format=geojson&PLR_ID=01100310')).json();
    expect(wgs84.features).toHaveLength(1);
    expect(wgs84.features[0].properties).toEqual({ PLR_ID: '01100310', PLR_NAME: 'Alexanderplatzviertel', BEZ_NAME: 'Mitte' });
    const [lon, lat] = wgs84.features[0].geometry.coordinates.flat(3).slice(0, 2);
    expect(Math.abs(lon - 13.413)).toBeLessThan(0.02);
    expect(Math.abs(lat - 52.52)).toBeLessThan(0.02);

    const utm = (await get('format=geojson&crs=25833&PLR_ID=01100310')).json();
    expect(utm.crs.properties.name).toBe('urn:ogc:def:crs:EPSG::25833');
    const [east, north] = utm.features[0].geometry.coordinates.flat(3).slice(0, 2);
    expect(Math.abs(east - 392340)).toBeLessThan(1500);
    expect(Math.abs(north - 5820271)).toBeLessThan(1500);
  });

  it('full geojson download has every feature', async () => {
    const collection = (await get('format=geojson')).json();
    expect(collection.features).toHaveLength(542);
    expect(collection.features[0].properties.PLR_ID).toBe('01100101');
  });
});
