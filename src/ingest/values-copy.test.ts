import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type TestHub } from '../../test/harness.ts';
import type { ColumnSpec, RawValue } from './types.ts';
import { escapeCopyText, normalizeValue } from './values.ts';

const columns: ColumnSpec[] = [
  { name: 'Schlüssel', sourceName: 'Schlüssel', type: 'text', physical: 'c1' },
  { name: 'Anzahl', sourceName: 'Anzahl', type: 'integer', decimalSeparator: ',', physical: 'c2' },
  { name: 'Anteil', sourceName: 'Anteil', type: 'decimal', decimalSeparator: ',', physical: 'c3' },
  { name: 'Aktiv', sourceName: 'Aktiv', type: 'boolean', physical: 'c4' },
  { name: 'Stand', sourceName: 'Stand', type: 'date', physical: 'c5' },
  { name: 'Zeit', sourceName: 'Zeit', type: 'timestamp', physical: 'c6' },
  { name: 'geometry', sourceName: 'geometry', type: 'geometry', srid: 25833, physical: 'geom' },
];

const rows: RawValue[][] = [
  ['01100101\tmit Tab', '1.234', '12,5', 'ja', ' 01.01.2021', '31.03.2024 03:00', { type: 'Point', coordinates: [390000, 5820000] }],
  ['Zeile\\nmit Backslash', '–', '.', 'nein', '2021-12-01', '2024-10-27 01:30', null],
];

function copyLine(values: RawValue[]): string {
  const fields = values.map((raw, index) => {
    const result = normalizeValue(raw, columns[index]);
    if (!result.ok) throw new Error(result.reason.en);
    return escapeCopyText(result.value);
  });
  return `${fields.join('\t')}\n`;
}

describe('normalizeValue output in PostgreSQL COPY', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startHub();
    await hub.ctx.db.exec(`
      CREATE TABLE values_copy_check (
        c1 text, c2 bigint, c3 numeric, c4 boolean, c5 date, c6 timestamptz, geom geometry(Geometry, 25833)
      )`);
  }, 120_000);

  afterAll(async () => {
    await hub?.close();
  });

  it('loads every type through COPY', async () => {
    async function* chunks() {
      yield rows.map(copyLine).join('');
    }
    const written = await hub.ctx.db.copyFrom('COPY values_copy_check (c1, c2, c3, c4, c5, c6, geom) FROM STDIN', chunks());
    expect(written).toBe(2);

    const { rows: stored } = await hub.ctx.db.query<Record<string, string | null>>(
      `SELECT c1, c2::text, c3::text, c4::text, c5::text, to_char(c6 AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS c6_utc,
              ST_SRID(geom)::text AS srid, ST_AsText(geom) AS wkt
         FROM values_copy_check ORDER BY c1`,
    );
    expect(stored[0]).toEqual({
      c1: '01100101\tmit Tab',
      c2: '1234',
      c3: '12.5',
      c4: 'true',
      c5: '2021-01-01',
      c6_utc: '2024-03-31 01:00',
      srid: '25833',
      wkt: 'POINT(390000 5820000)',
    });
    expect(stored[1]).toEqual({
      c1: 'Zeile\\nmit Backslash',
      c2: null,
      c3: null,
      c4: 'false',
      c5: '2021-12-01',
      c6_utc: '2024-10-26 23:30',
      srid: null,
      wkt: null,
    });
  });
});
