import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedFile, skipNotice } from './test-data.ts';
import { inferColumns } from '../infer.ts';
import { SourceFormatError, type RawRecord, type SourceTable } from '../types.ts';
import { normalizeValue } from '../values.ts';
import { openSource } from './index.ts';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-reader-'));
afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

function writeTemp(name: string, content: string | Buffer): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function readAll(source: SourceTable): Promise<RawRecord[]> {
  const records: RawRecord[] = [];
  for await (const record of source.records()) records.push(record);
  return records;
}

async function openError(file: string, name: string): Promise<SourceFormatError> {
  try {
    const source = await openSource(file, name, {});
    await readAll(source);
  } catch (error) {
    if (error instanceof SourceFormatError) return error;
    throw error;
  }
  throw new Error(`${name} was read without error`);
}

const ewr = sharedFile('population/ewr_original/EWR_L21_202412E_Matrix.csv');
const einwohner = sharedFile('population/einwohnerbestand_06-2022_plr.csv');
const lorAttributes = sharedFile('geo/lor_2021/LOR_2021_planungsraeume_attribute.csv');

describe.skipIf(skipNotice('CSV reader with real Berlin data', ewr, einwohner, lorAttributes))('CSV reader on Berlin data', () => {
  it('reads the EWR matrix', async () => {
    const source = await openSource(ewr!, 'EWR_L21_202412E_Matrix.csv', {});
    expect(source.detection).toEqual({ format: 'csv', encoding: 'utf-8', delimiter: ';', quote: '"', hasBom: false });
    expect(source.headers.length).toBe(51);
    expect(source.headers.slice(0, 3)).toEqual(['ZEIT', 'RAUMID', 'BEZ']);

    const records = await readAll(source);
    expect(records.length).toBe(542);
    expect(records[0].line).toBe(2);
    expect(records[0].values[1]).toBe('01100101');
    expect(records[541].line).toBe(543);

    const empty = records.filter((record) => record.values.slice(7).every((value) => value === ''));
    expect(empty.map((record) => record.values[1])).toEqual(['03400831', '06200318']);

    const columns = inferColumns(source, records);
    expect(columns[1]).toEqual({ name: 'RAUMID', sourceName: 'RAUMID', type: 'text' });
    expect(columns[3]).toEqual({ name: 'PGR', sourceName: 'PGR', type: 'text' });
    expect(columns[0]).toEqual({ name: 'ZEIT', sourceName: 'ZEIT', type: 'integer', decimalSeparator: ',' });
    expect(columns[7].type).toBe('integer');
    expect(columns.slice(7).every((column) => column.type === 'integer')).toBe(true);
    expect(normalizeValue(records[0].values[7], columns[7])).toEqual({ ok: true, value: '3580' });
    expect(normalizeValue(empty[0].values[7], columns[7])).toEqual({ ok: true, value: null, placeholder: true });
  });

  it('reads the June 2022 table with BOM and dashes', async () => {
    const source = await openSource(einwohner!, 'einwohnerbestand_06-2022_plr.csv', {});
    expect(source.detection.hasBom).toBe(true);
    expect(source.detection.delimiter).toBe(';');
    expect(source.headers[0]).toBe('Gesamt');
    expect(source.headers.at(-1)).toBe('PLR-ID');
    expect(source.headers[10]).toBe('ausländer');

    const records = await readAll(source);
    expect(records.length).toBe(542);
    const columns = inferColumns(source, records);
    expect(columns.at(-1)!.type).toBe('text');
    expect(columns.slice(0, 11).every((column) => column.type === 'integer')).toBe(true);

    const row101 = records.find((record) => record.line === 101)!;
    expect(row101.values).toEqual(['52', '4', '6', '3', '–', '9', '–', '18', '12', '22', '6', '03300515']);
    expect(normalizeValue(row101.values[4], columns[4])).toEqual({ ok: true, value: null, placeholder: true });
  });

  it('reads the LOR attributes with CRLF and umlauts', async () => {
    const source = await openSource(lorAttributes!, 'LOR_2021_planungsraeume_attribute.csv', {});
    expect(source.detection).toMatchObject({ encoding: 'utf-8', delimiter: ',', hasBom: true });
    expect(source.headers).toEqual([
      'techn. Schlüssel (UUID)',
      'Planungsraum (Nummer)',
      'Planungsraum (Name)',
      'Bezirksregion (Nummer)',
      'Bezirksregion (Name)',
      'Prognoseraum (Nummer)',
      'Prognoseraum (Name)',
      'Bezirk',
      'Fläche in qm',
      'Stand der Daten',
    ]);

    const records = await readAll(source);
    expect(records.length).toBe(542);
    expect(records[0].values[2]).toBe('Stülerstraße');
    expect(records[0].values[9]).toBe(' 01.01.2021');

    const columns = inferColumns(source, records);
    expect(columns.map((column) => column.type)).toEqual(['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'decimal', 'date']);
    expect(normalizeValue(records[0].values[8], columns[8])).toEqual({ ok: true, value: '366933.12' });
    expect(normalizeValue(records[0].values[9], columns[9])).toEqual({ ok: true, value: '2021-01-01' });
  });
});

describe('CSV reader', () => {
  it('decodes Windows-1252', async () => {
    const content = iconv.encode('Bezirk;Straße;Anzahl\r\nTreptow-Köpenick;Müggelheimer Straße;12\r\nMitte;Unter den Linden;3\r\n', 'windows-1252');
    const source = await openSource(writeTemp('cp1252.csv', content), 'cp1252.csv', {});
    expect(source.detection.encoding).toBe('windows-1252');
    expect(source.headers).toEqual(['Bezirk', 'Straße', 'Anzahl']);
    const records = await readAll(source);
    expect(records[0].values).toEqual(['Treptow-Köpenick', 'Müggelheimer Straße', '12']);
  });

  it('honours the encoding option', async () => {
    const content = iconv.encode('Name\nKöpenick\n', 'latin1');
    const source = await openSource(writeTemp('latin1.txt', content), 'latin1.txt', { encoding: 'latin1' });
    expect((await readAll(source))[0].values).toEqual(['Köpenick']);
  });

  it('detects tab and pipe delimiters', async () => {
    const tab = await openSource(writeTemp('t.tsv', 'a\tb;c\n1\t2;3\n4\t5;6\n'), 't.tsv', {});
    expect(tab.detection.delimiter).toBe('\t');
    const pipe = await openSource(writeTemp('p.txt', 'a|b|c\n1|2,5|3\n'), 'p.txt', {});
    expect(pipe.detection.delimiter).toBe('|');
  });

  it('ignores delimiters inside quotes', async () => {
    const source = await openSource(writeTemp('q.csv', 'Name,Wert\n"Müller; Schulze",1\n"a;b;c",2\n'), 'q.csv', {});
    expect(source.detection.delimiter).toBe(',');
    expect((await readAll(source))[0].values).toEqual(['Müller; Schulze', '1']);
  });

  it('numbers records by physical line', async () => {
    const source = await openSource(writeTemp('lines.csv', 'a;b\n\n1;"x\ny"\n\n\n2;z\n'), 'lines.csv', {});
    const records = await readAll(source);
    expect(records.map((record) => record.line)).toEqual([3, 7]);
    expect(records[0].values).toEqual(['1', 'x\ny']);
  });

  it('starts at the headerRow option', async () => {
    const file = writeTemp('titled.csv', 'Einwohner in Berlin\nStand: 31.12.2024\n\nBezirk;Anzahl\nMitte;397004\n');
    const source = await openSource(file, 'titled.csv', { headerRow: 4 });
    expect(source.detection.headerRow).toBe(4);
    expect(source.headers).toEqual(['Bezirk', 'Anzahl']);
    expect(await readAll(source)).toEqual([{ line: 5, values: ['Mitte', '397004'] }]);
  });

  it('rejects 100 KiB without line break', async () => {
    const error = await openError(writeTemp('long.csv', 'a;'.repeat(50 * 1024)), 'long.csv');
    expect(error.code).toBe('no_line_break');
    expect(error.details).toEqual({ bytes: 65536 });
  });

  it('renames empty and duplicate headers', async () => {
    const source = await openSource(writeTemp('h.csv', ' name ;;name;\n1;2;3;4\n'), 'h.csv', {});
    expect(source.headers).toEqual(['name', 'Spalte 2', 'name_2', 'Spalte 4']);
    expect(source.warnings.length).toBe(3);
  });

  it('reports inconsistent column counts with line', async () => {
    const file = writeTemp('bad.csv', 'a;b;c\n1;2;3\n4;5\n');
    const error = await openError(file, 'bad.csv');
    expect(error.code).toBe('inconsistent_columns');
    expect(error.details).toEqual({ line: 3, expected: 3, found: 2 });
    expect(error.german).toBe(
      'Zeile 3 in „bad.csv“ hat 2 Felder, erwartet werden 3 wie in der Kopfzeile. Bitte prüfen Sie Trennzeichen und Anführungszeichen in dieser Zeile.',
    );
  });

  it.each([
    ['empty.csv', ''],
    ['bom.csv', '\ufeff'],
    ['blank.csv', ' \n\r\n  \n'],
  ])('rejects empty file %s', async (name, content) => {
    const error = await openError(writeTemp(name, content), name);
    expect(error.code).toBe('empty-file');
    expect(error.german).toContain('ist leer');
  });

  it('rejects a 50 MB line quickly', async () => {
    const file = path.join(tempDir, 'one-line.csv');
    const chunk = Buffer.alloc(1024 * 1024, 'a;');
    const handle = fs.openSync(file, 'w');
    for (let index = 0; index < 50; index += 1) fs.writeSync(handle, chunk);
    fs.closeSync(handle);

    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    const error = await openError(file, 'one-line.csv');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(20 * 1024 * 1024);
    expect(error.code).toBe('no_line_break');
    expect(error.german).toBe(
      'Die ersten 64 KiB von „one-line.csv“ enthalten keinen Zeilenumbruch. Das ist keine Tabelle im CSV-Format; bitte prüfen Sie Format und Datei.',
    );
  });

  it('rejects a binary file', async () => {
    const error = await openError(writeTemp('x.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2])), 'bild.png');
    expect(error.code).toBe('unknown-format');
    expect(error.german).toBe(
      'Das Format der Datei „bild.png“ wird nicht unterstützt. Erlaubt sind CSV, TSV, TXT, XLSX, GeoJSON, GeoPackage und Shapefile als ZIP.',
    );
  });

  it('rejects legacy xls with a hint', async () => {
    const legacy = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const error = await openError(writeTemp('alt.xls', legacy), 'alt.xls');
    expect(error.code).toBe('unknown-format');
    expect(error.german).toContain('Bitte speichern Sie die Datei in Excel als .xlsx oder als CSV.');
  });
});
