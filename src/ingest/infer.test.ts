import { describe, expect, it } from 'vitest';
import { inferColumns } from './infer.ts';
import type { RawRecord, RawValue, SourceTable } from './types.ts';

function table(headers: string[], rows: RawValue[][], geometryIndex: number | null = null): { source: SourceTable; sample: RawRecord[] } {
  const sample = rows.map((values, index) => ({ line: index + 2, values }));
  const source: SourceTable = {
    detection: { format: 'csv', srid: geometryIndex === null ? undefined : 25833 },
    headers,
    geometryIndex,
    warnings: [],
    records: async function* () {
      yield* sample;
    },
  };
  return { source, sample };
}

function typesOf(headers: string[], rows: RawValue[][]): string[] {
  const { source, sample } = table(headers, rows);
  return inferColumns(source, sample).map((spec) => spec.type);
}

describe('inferColumns', () => {
  it('keeps codes with leading zeros as text', () => {
    expect(typesOf(['RAUMID', 'PLZ', 'Vorwahl'], [['01100101', '10115', '030'], ['12601234', '01067', '0049']])).toEqual([
      'text',
      'text',
      'text',
    ]);
  });

  it('keeps fixed-width codes as text by header', () => {
    expect(
      typesOf(
        ['PLZ', 'PGR', 'Bezirk Nummer', 'Anzahl', 'ID', 'Einwohner je Bezirk'],
        [
          ['10115', '10', '11', '10115', '1', '397004'],
          ['12555', '20', '12', '12555', '12', '257091'],
        ],
      ),
    ).toEqual(['text', 'text', 'text', 'integer', 'integer', 'integer']);
  });

  it('reads plain numbers as integer', () => {
    const { source, sample } = table(['E_E'], [['3580'], ['0'], ['-12']]);
    expect(inferColumns(source, sample)).toEqual([{ name: 'E_E', sourceName: 'E_E', type: 'integer', decimalSeparator: ',' }]);
  });

  it('ignores placeholders and empty cells', () => {
    expect(typesOf(['Gesamt'], [['52'], ['–'], [''], ['.'], ['x'], ['/'], ['…'], ['116']])).toEqual(['integer']);
  });

  it('makes an all-placeholder column text', () => {
    expect(typesOf(['leer'], [['–'], ['']])).toEqual(['text']);
  });

  it('reads German decimals with grouping', () => {
    const { source, sample } = table(['Anteil'], [['12,5'], ['1.234,5'], ['7']]);
    expect(inferColumns(source, sample)[0]).toMatchObject({ type: 'decimal', decimalSeparator: ',' });
  });

  it('reads English decimals when German fails', () => {
    const { source, sample } = table(['Fläche in qm'], [['366933.12'], ['1,234.5']]);
    expect(inferColumns(source, sample)[0]).toMatchObject({ type: 'decimal', decimalSeparator: '.' });
  });

  it('reads 1.234 as German thousands', () => {
    const { source, sample } = table(['Einwohner'], [['1.234'], ['56.789']]);
    expect(inferColumns(source, sample)[0]).toMatchObject({ type: 'integer', decimalSeparator: ',' });
  });

  it('keeps integers beyond 2^53 as text', () => {
    expect(typesOf(['id'], [['9007199254740993'], ['1']])).toEqual(['text']);
  });

  it('detects dates and timestamps', () => {
    expect(
      typesOf(
        ['Stand', 'ISO', 'Zeit', 'Gemischt'],
        [
          [' 01.01.2021', '2021-01-01', '01.01.2021 12:00', '2021-01-01'],
          ['1.12.2021', '2021-12-01', '2024-07-01T12:00:00+02:00', '2021-01-01 08:00'],
        ],
      ),
    ).toEqual(['date', 'date', 'timestamp', 'timestamp']);
  });

  it('detects booleans but not 0 and 1', () => {
    expect(typesOf(['a', 'b', 'c'], [['ja', '1', 'WAHR'], ['nein', '0', 'falsch']])).toEqual(['boolean', 'integer', 'boolean']);
  });

  it('falls back to text for mixed values', () => {
    expect(typesOf(['a', 'b'], [['12', 'ja'], ['Mitte', '2021-01-01']])).toEqual(['text', 'text']);
  });

  it('types Excel values', () => {
    expect(
      typesOf(['n', 'd', 'b', 't'], [[1, 1.5, true, new Date(Date.UTC(2024, 0, 1))], [2, 3, false, new Date(Date.UTC(2024, 0, 2))]]),
    ).toEqual(['integer', 'decimal', 'boolean', 'date']);
  });

  it('types the geometry column with SRID and geometry types', () => {
    const { source, sample } = table(
      ['PLR_ID', 'geometry'],
      [
        ['08401245', { type: 'Polygon', coordinates: [] }],
        ['01100101', { type: 'MultiPolygon', coordinates: [] }],
        ['01100102', null],
      ],
      1,
    );
    expect(inferColumns(source, sample)[1]).toEqual({
      name: 'geometry',
      sourceName: 'geometry',
      type: 'geometry',
      srid: 25833,
      geometryTypes: ['MultiPolygon', 'Polygon'],
    });
  });

  it('trims names but keeps umlauts and the source header', () => {
    const { source, sample } = table([' Fläche in qm '], [['1']]);
    expect(inferColumns(source, sample)[0]).toMatchObject({ name: 'Fläche in qm', sourceName: ' Fläche in qm ' });
  });
});
