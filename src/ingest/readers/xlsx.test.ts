import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { inferColumns } from '../infer.ts';
import { SourceFormatError, type RawRecord, type ReadOptions, type SourceTable } from '../types.ts';
import { normalizeValue } from '../values.ts';
import { openSource } from './index.ts';
import { cleanHeaderText } from './xlsx-table.ts';
import { sharedFile, skipNotice } from './test-data.ts';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-reader-'));
afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

const statisticalReport = sharedFile('population/SB_A01-16-00_2024h02_BE.xlsx');
const gigabit = sharedFile('social/Berlin_LOR_Versorgungsdaten_Stand_2402.xlsx');
const lorNames = sharedFile('geo/lor_2021/lor_2021-01-01_k3_uebersicht_id_namen.xlsx');

async function readAll(source: SourceTable): Promise<RawRecord[]> {
  const records: RawRecord[] = [];
  for await (const record of source.records()) records.push(record);
  return records;
}

async function openError(file: string, name: string, options: ReadOptions = {}): Promise<SourceFormatError> {
  try {
    await readAll(await openSource(file, name, options));
  } catch (error) {
    if (error instanceof SourceFormatError) return error;
    throw error;
  }
  throw new Error(`${name} was read without error`);
}

async function writeWorkbook(name: string, build: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  const file = path.join(tempDir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

describe.skipIf(skipNotice('Excel reader with the statistical report', statisticalReport))('Excel reader on statistical report', () => {
  it('reads sheet T2 below title and merged header', async () => {
    const source = await openSource(statisticalReport!, 'SB_A01-16-00_2024h02_BE.xlsx', { sheet: 'T2' });
    expect(source.detection).toMatchObject({ format: 'xlsx', sheet: 'T2', headerRow: 3, footnoteRows: 0 });
    expect(source.detection.sheets).toEqual(['Titel', 'Impressum', 'Inhaltsverzeichnis', 'Schlüssel', 'T1', 'T2', 'T3', 'T4', 'U4']);
    expect(source.headers).toEqual([
      'Bezirk',
      'Prognoseraum',
      'Bezirksregion',
      'Planungsraum',
      'Insgesamt',
      'Davon im Alter von ... bis unter ... Jahren – unter 6',
      'Davon im Alter von ... bis unter ... Jahren – 6 - 15',
      'Davon im Alter von ... bis unter ... Jahren – 15 - 18',
      'Davon im Alter von ... bis unter ... Jahren – 18 - 27',
      'Davon im Alter von ... bis unter ... Jahren – 27 - 45',
      'Davon im Alter von ... bis unter ... Jahren – 45 - 55',
      'Davon im Alter von ... bis unter ... Jahren – 55 - 65',
      'Davon im Alter von ... bis unter ... Jahren – 65 und mehr',
      'Und zwar – weiblich',
      'Und zwar – Ausländer',
    ]);

    const records = await readAll(source);
    // 542 PLR rows; the 12 district-name headings, 12 "Zusammen" rows and the Berlin total are skipped.
    expect(records.length).toBe(542);
    expect(records[0]).toEqual({ line: 7, values: ['01', '10', '01', '01', 3580, 165, 203, 49, 466, 1219, 385, 376, 717, 1711, 1581] });
    expect(records.some((record) => record.values[4] === 'Mitte')).toBe(false);
    expect(source.warnings).toContain('12 Zwischenüberschriften (z. B. „Mitte“ in Zeile 6) wurden übersprungen.');
    expect(records.filter((record) => record.values[3] === 'Zusammen').length).toBe(0);
    expect(records.at(-1)!.values.slice(0, 5)).toEqual(['12', '60', '12', '36', 3190]);
    expect(records.reduce((sum, record) => sum + Number(record.values[4]), 0)).toBe(3897145);
    expect(source.warnings).toContain(
      '13 Summenzeilen (z. B. „Zusammen“ in Zeile 56) wurden übersprungen, damit Summen über die Spalten nicht doppelt zählen.',
    );

    const row128 = records.find((record) => record.line === 128)!;
    expect(row128.values.slice(0, 5)).toEqual(['03', '40', '08', 31, 0]);
  });

  it('counts footnotes below T4', async () => {
    const source = await openSource(statisticalReport!, 'SB_A01-16-00_2024h02_BE.xlsx', { sheet: 'T4' });
    expect(source.detection.headerRow).toBe(3);
    expect(source.detection.footnoteRows).toBe(2);
    expect(source.headers[5]).toBe('Darunter aus Herkunftsgebiet – Europäische Union (EU) 1');
    expect(source.headers[6]).toBe('Darunter aus Herkunftsgebiet – darunter – Frankreich');
    expect(source.headers[15]).toBe('Darunter aus Herkunftsgebiet – Vereinigtes Königreich');
    const records = await readAll(source);
    expect(records.at(-1)!.line).toBe(583);
  });

  it('skips front matter sheets by default', async () => {
    const source = await openSource(statisticalReport!, 'SB_A01-16-00_2024h02_BE.xlsx', {});
    expect(source.detection.sheet).toBe('T1');
    expect(source.warnings).toEqual([
      'Zeile 7 enthält nur Spaltennummern und wurde übersprungen.',
      '12 Zwischenüberschriften (z. B. „Mitte“ in Zeile 9) wurden übersprungen.',
      '13 Summenzeilen (z. B. „Zusammen“ in Zeile 59) wurden übersprungen, damit Summen über die Spalten nicht doppelt zählen.',
    ]);
  });

  it('selects a sheet by position', async () => {
    const source = await openSource(statisticalReport!, 'SB_A01-16-00_2024h02_BE.xlsx', { sheet: '6' });
    expect(source.detection.sheet).toBe('T2');
  });

  it('rejects an unknown sheet', async () => {
    const error = await openError(statisticalReport!, 'SB_A01-16-00_2024h02_BE.xlsx', { sheet: 'T9' });
    expect(error.code).toBe('sheet-not-found');
    expect(error.german).toBe(
      'Das Tabellenblatt „T9“ gibt es in „SB_A01-16-00_2024h02_BE.xlsx“ nicht. Vorhandene Blätter: Titel, Impressum, Inhaltsverzeichnis, Schlüssel, T1, T2, T3, T4, U4.',
    );
  });
});

describe.skipIf(skipNotice('Excel reader with gigabit supply data', gigabit))('Excel reader on gigabit supply', () => {
  it('combines the merged two-row header', async () => {
    const source = await openSource(gigabit!, 'Berlin_LOR_Versorgungsdaten_Stand_2402.xlsx', {});
    expect(source.detection).toMatchObject({ sheet: 'LOR', headerRow: 2, footnoteRows: 0 });
    expect(source.headers.slice(0, 5)).toEqual([
      'Bezirk Nummer',
      'Bezirk Name',
      'LOR Planungsräume Nummer',
      'LOR Planungsräume Name',
      'Ist-Versorgung – Gigabit-Versorgung der Wohn- und Gewerbeeinheiten – Anzahl',
    ]);
    expect(source.headers[10]).toBe('Ausbauprognose 2024 – Gigabit-Versorgung der Wohn- und Gewerbeeinheiten – Anzahl');
    expect(source.headers.length).toBe(16);

    const records = await readAll(source);
    expect(records.length).toBe(543);
    expect(records[0].values.slice(0, 6)).toEqual(['01', 'Mitte', '01100101', 'Stülerstraße', 2613, 98.3]);
    expect(records.at(-1)!.values.slice(0, 5)).toEqual(['00', 'Land Berlin', null, null, 2067165]);

    const columns = inferColumns(source, records);
    expect(columns[2].type).toBe('text');
    expect(columns[4].type).toBe('integer');
    expect(columns[5].type).toBe('decimal');
    expect(normalizeValue(records[0].values[5], columns[5])).toEqual({ ok: true, value: '98.3' });
  });
});

describe.skipIf(skipNotice('Excel reader with LOR names', lorNames))('Excel reader on LOR names', () => {
  it('reads the overview sheet with text IDs', async () => {
    const source = await openSource(lorNames!, 'lor_2021-01-01_k3_uebersicht_id_namen.xlsx', {});
    expect(source.detection.sheet).toBe('LOR_2023_Übersicht');
    expect(source.detection.headerRow).toBe(1);
    expect(source.headers).toEqual(['BLN_ID', 'BLN', 'BEZ_ID', 'BEZ', 'PGR_ID', 'PGR', 'BZR_ID', 'BZR', 'PLR_ID', 'PLR']);
    const records = await readAll(source);
    expect(records.length).toBe(542);
    expect(records[0].values[8]).toBe('01100101');
    expect(inferColumns(source, records).every((column) => column.type === 'text')).toBe(true);
  });

  it('selects the sheet with an umlaut by name', async () => {
    const source = await openSource(lorNames!, 'lor.xlsx', { sheet: 'lor_2023_übersicht' });
    expect(source.detection.sheet).toBe('LOR_2023_Übersicht');
  });
});

describe('Excel reader', () => {
  it('reads typed cells and skips footnotes', async () => {
    const file = await writeWorkbook('typed.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('Daten');
      sheet.getCell('A1').value = 'Tabelle 1: Testdaten';
      sheet.mergeCells('A1:F1');
      sheet.getRow(3).values = ['Schlüssel', 'Ins-\ngesamt', 'Stich\u00ADtag', 'Zeit', 'Aktiv', 'Formel'];
      sheet.getRow(4).values = ['01100101', 1234, new Date(Date.UTC(2021, 0, 1)), new Date(Date.UTC(2024, 6, 1, 8, 15)), true, { formula: 'B4*2', result: 2468 }];
      sheet.getRow(5).values = [{ richText: [{ text: 'Rich ' }, { text: 'Text' }] }, '–', null, null, false, { formula: 'B5*2', result: { error: '#VALUE!' } }];
      sheet.getCell('A6').value = 42;
      sheet.getCell('A6').numFmt = '00000';
      sheet.getCell('B6').value = 7;
      sheet.getCell('A8').value = 'Quelle: Amt für Statistik Berlin-Brandenburg';
      sheet.getCell('A9').value = '1 Vorläufige Angaben';
    });
    const source = await openSource(file, 'typed.xlsx', {});
    expect(source.detection).toEqual({ format: 'xlsx', sheet: 'Daten', sheets: ['Daten'], headerRow: 3, footnoteRows: 2 });
    expect(source.headers).toEqual(['Schlüssel', 'Insgesamt', 'Stichtag', 'Zeit', 'Aktiv', 'Formel']);

    const records = await readAll(source);
    expect(records.map((record) => record.line)).toEqual([4, 5, 6]);
    expect(records[0].values).toEqual(['01100101', 1234, new Date(Date.UTC(2021, 0, 1)), new Date(Date.UTC(2024, 6, 1, 8, 15)), true, 2468]);
    expect(records[1].values).toEqual(['Rich Text', '–', null, null, false, '#VALUE!']);
    expect(records[2].values).toEqual(['00042', 7, null, null, null, null]);

    const columns = inferColumns(source, records);
    expect(columns.map((column) => column.type)).toEqual(['text', 'integer', 'date', 'timestamp', 'boolean', 'text']);
    expect(normalizeValue(records[0].values[2], columns[2])).toEqual({ ok: true, value: '2021-01-01' });
    expect(normalizeValue(records[0].values[3], columns[3])).toEqual({ ok: true, value: '2024-07-01T08:15:00+02:00' });
  });

  it('rejects a workbook without table', async () => {
    const file = await writeWorkbook('empty.xlsx', (workbook) => {
      workbook.addWorksheet('Titel').getCell('A1').value = 'Nur ein Titel';
      workbook.addWorksheet('Leer');
    });
    const error = await openError(file, 'empty.xlsx');
    expect(error.code).toBe('no-readable-sheet');
    expect(error.german).toBe(
      '„empty.xlsx“ enthält kein Tabellenblatt mit einer lesbaren Tabelle (Blätter: Titel, Leer). Bitte wählen Sie das Blatt aus (im Assistenten „Tabellenblatt (Excel)“, auf der Kommandozeile --sheet) oder prüfen Sie die Datei.',
    );
  });

  it('rejects a chosen empty sheet', async () => {
    const file = await writeWorkbook('leer-gewaehlt.xlsx', (workbook) => {
      workbook.addWorksheet('Leer');
    });
    const error = await openError(file, 'leer-gewaehlt.xlsx', { sheet: 'Leer' });
    expect(error.code).toBe('no-table');
    expect(error.german).toBe(
      'Im Tabellenblatt „Leer“ von „leer-gewaehlt.xlsx“ wurde keine Tabelle mit Kopfzeile gefunden. Bitte geben Sie die Nummer der Kopfzeile an (auf der Kommandozeile --header-row, im Assistenten noch nicht einstellbar).',
    );
  });

  it('rejects a damaged workbook', async () => {
    const file = path.join(tempDir, 'broken.xlsx');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('PK\x03\x04xl/workbook.xml', 'latin1'), Buffer.alloc(200, 1)]));
    const error = await openError(file, 'broken.xlsx');
    expect(error.code).toBe('invalid-xlsx');
    expect(error.german).toContain('Die Excel-Datei „broken.xlsx“ kann nicht gelesen werden');
  });
});

describe('cleanHeaderText', () => {
  it.each([
    ['Ins-\ngesamt', 'Insgesamt'],
    ['Treptow-\nKöpenick', 'Treptow-Köpenick'],
    ['65 und\nmehr', '65 und mehr'],
    ['Verei-\nnigtes\nKönig-\nreich', 'Vereinigtes Königreich'],
    ['Stich\u00ADtag', 'Stichtag'],
    ['  Fläche \r\n in qm ', 'Fläche in qm'],
  ])('cleans %j', (raw, expected) => {
    expect(cleanHeaderText(raw)).toBe(expected);
  });
});
