/**
 * Excel reader (xlsx, exceljs). Cells are delivered typed: numbers, booleans, Date for Excel
 * dates (wall time in the UTC fields), text with rich text flattened, and formula results.
 */
import ExcelJS from 'exceljs';
import { SourceFormatError, type RawValue, type ReadOptions, type SourceTable } from '../types.ts';
import { optionHintDe, optionHintEn } from './option-names.ts';
import { uniqueHeaders } from './headers.ts';
import { findTable, type FoundTable, type MergeRange, type SheetGrid } from './xlsx-table.ts';

/** Sheets that official publications put before the tables; they are skipped when no sheet is chosen. */
const FRONT_MATTER = /^(titel|deckblatt|impressum|inhalt|inhaltsverzeichnis|vorbemerkungen?|erläuterungen?|zeichenerklärung|metadaten|hinweise?|quellen?)$/i;

/** A sheet counts as a table when its header has at least this many columns. */
const MIN_TABLE_COLUMNS = 3;

export async function openXlsx(filePath: string, originalName: string, options: ReadOptions): Promise<SourceTable> {
  // NOTE: exceljs loads the whole workbook into memory, and the rows found are kept for all passes.
  // Excel caps a sheet at 1,048,576 rows, which bounds this, but large sheets need much heap.
  const workbook = await loadWorkbook(filePath, originalName);
  const sheets = workbook.worksheets.map((sheet) => sheet.name);
  const { sheet, table } = chooseSheet(workbook, options, originalName);

  const { headers, warnings } = uniqueHeaders(table.headers);
  const records = table.records;
  return {
    detection: { format: 'xlsx', sheet: sheet.name, sheets, headerRow: table.headerRow, footnoteRows: table.footnoteRows },
    headers,
    geometryIndex: null,
    warnings: [...table.warnings, ...warnings],
    records: async function* () {
      yield* records;
    },
  };
}

async function loadWorkbook(filePath: string, originalName: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(filePath);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new SourceFormatError(
      'invalid-xlsx',
      `Die Excel-Datei „${originalName}“ kann nicht gelesen werden (${detail}). Bitte speichern Sie sie in Excel erneut als .xlsx und laden Sie sie wieder hoch.`,
      `The Excel file "${originalName}" cannot be read (${detail}). Save it again as .xlsx in Excel and upload it.`,
      { cause: detail },
    );
  }
  return workbook;
}

function chooseSheet(workbook: ExcelJS.Workbook, options: ReadOptions, originalName: string): { sheet: ExcelJS.Worksheet; table: FoundTable } {
  const names = workbook.worksheets.map((sheet) => sheet.name).join(', ');

  if (options.sheet !== undefined && options.sheet !== '') {
    const sheet = findSheet(workbook, options.sheet);
    if (!sheet) {
      throw new SourceFormatError(
        'sheet-not-found',
        `Das Tabellenblatt „${options.sheet}“ gibt es in „${originalName}“ nicht. Vorhandene Blätter: ${names}.`,
        `The sheet "${options.sheet}" does not exist in "${originalName}". Available sheets: ${names}.`,
        { sheet: options.sheet, sheets: workbook.worksheets.map((item) => item.name) },
      );
    }
    const table = findTable(toGrid(sheet), options.headerRow);
    if (!table) {
      throw new SourceFormatError(
        'no-table',
        `Im Tabellenblatt „${sheet.name}“ von „${originalName}“ wurde keine Tabelle mit Kopfzeile gefunden. Bitte geben Sie die Nummer der Kopfzeile an (${optionHintDe('headerRow')}).`,
        `No table with a header row was found in sheet "${sheet.name}" of "${originalName}". Set the number of the header row (${optionHintEn('headerRow')}).`,
        { sheet: sheet.name },
      );
    }
    return { sheet, table };
  }

  for (const sheet of workbook.worksheets) {
    if (FRONT_MATTER.test(sheet.name.trim())) continue;
    const table = findTable(toGrid(sheet), options.headerRow);
    if (table && table.headers.length >= MIN_TABLE_COLUMNS && table.records.length > 0) return { sheet, table };
  }
  throw new SourceFormatError(
    'no-readable-sheet',
    `„${originalName}“ enthält kein Tabellenblatt mit einer lesbaren Tabelle (Blätter: ${names || 'keine'}). Bitte wählen Sie das Blatt aus (${optionHintDe('sheet')}) oder prüfen Sie die Datei.`,
    `"${originalName}" contains no sheet with a readable table (sheets: ${names || 'none'}). Choose the sheet (${optionHintEn('sheet')}) or check the file.`,
    { sheets: workbook.worksheets.map((item) => item.name) },
  );
}

/** Finds a sheet by exact name, by name ignoring case, or by 1-based position. */
function findSheet(workbook: ExcelJS.Workbook, requested: string): ExcelJS.Worksheet | undefined {
  const sheets = workbook.worksheets;
  const exact = sheets.find((sheet) => sheet.name === requested);
  if (exact) return exact;
  const lower = requested.trim().toLowerCase();
  const ignoringCase = sheets.find((sheet) => sheet.name.trim().toLowerCase() === lower);
  if (ignoringCase) return ignoringCase;
  if (/^\d+$/.test(requested.trim())) return sheets[Number(requested) - 1];
  return undefined;
}

function toGrid(sheet: ExcelJS.Worksheet): SheetGrid {
  const merges = ((sheet.model as { merges?: string[] }).merges ?? []).map(parseRange);
  const columnCount = sheet.columnCount;
  const cells: RawValue[][] = [];
  for (let rowNumber = 1; rowNumber <= sheet.rowCount; rowNumber += 1) {
    const row = sheet.getRow(rowNumber);
    const values: RawValue[] = [];
    for (let column = 1; column <= columnCount; column += 1) {
      const cell = row.getCell(column);
      const isSpanned = cell.isMerged && cell.master.address !== cell.address;
      values.push(isSpanned ? null : cellValue(cell));
    }
    cells.push(values);
  }
  return { cells, merges, columnCount };
}

/** Parses "B3:D4" into 0-based row and column bounds. */
function parseRange(range: string): MergeRange {
  const [from, to = from] = range.split(':');
  const start = parseAddress(from);
  const end = parseAddress(to);
  return { top: start.row, left: start.column, bottom: end.row, right: end.column };
}

function parseAddress(address: string): { row: number; column: number } {
  const match = /^\$?([A-Z]+)\$?(\d+)$/i.exec(address.trim());
  if (!match) return { row: 0, column: 0 };
  let column = 0;
  for (const letter of match[1].toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  return { row: Number(match[2]) - 1, column: column - 1 };
}

/**
 * Converts an exceljs cell value. A number formatted only with zeros ("00000000") shows leading
 * zeros in Excel, so it is delivered as that text; other numbers stay numbers.
 */
function cellValue(cell: ExcelJS.Cell): RawValue {
  const converted = convertValue(cell.value);
  if (typeof converted === 'number' && Number.isInteger(converted) && converted >= 0) {
    const format = cell.numFmt ?? '';
    if (/^0{2,}$/.test(format)) return String(converted).padStart(format.length, '0');
  }
  return converted;
}

function convertValue(value: ExcelJS.CellValue | undefined): RawValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return convertValue((value as { result?: ExcelJS.CellValue }).result);
  if ('hyperlink' in value) return convertValue((value as { text?: ExcelJS.CellValue }).text);
  if ('error' in value) return String(value.error);
  return null;
}
