/**
 * Finds the table in a worksheet grid: title rows above, a header of one or more rows (merged
 * cells give their text to every column they span), data rows, and footnotes below.
 */
import type { RawRecord, RawValue } from '../types.ts';

export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A worksheet as plain values; `cells[row][column]` is 0-based and holds only the top-left cell of a merge. */
export interface SheetGrid {
  cells: RawValue[][];
  merges: MergeRange[];
  columnCount: number;
}

export interface FoundTable {
  /** First header row, 1-based as in Excel. */
  headerRow: number;
  headerRowCount: number;
  headers: string[];
  records: RawRecord[];
  footnoteRows: number;
  warnings: string[];
}

/** Rows scanned for the header; official statistics put at most a few title rows above it. */
const HEADER_SEARCH_ROWS = 50;

/** Footnote text starts with a marker such as "1 ", "* " or "¹ ", or with a word like "Quelle:". */
const FOOTNOTE_TEXT = /^(?:\d{1,2}|\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹])\s+\p{L}|^(?:Quelle|Quellen|Hinweis|Anmerkung|Fußnote|Erläuterung)\b/iu;
/** A line of underscores or dashes that separates footnotes from the table. */
const RULE_LINE = /^[_\-–—]{3,}\s*$/;

function isFilled(value: RawValue): boolean {
  return value !== null && !(typeof value === 'string' && value.trim() === '');
}

/**
 * Locates header and data in the grid. `headerRowOption` (1-based) fixes the first header row.
 * Otherwise it is the first row with at least two separate filled cells, mostly text, that covers
 * at least half of the table width. Returns null when the sheet has no such row.
 */
export function findTable(grid: SheetGrid, headerRowOption?: number): FoundTable | null {
  const mergeAt = indexMerges(grid.merges);
  const width = tableWidth(grid);
  if (width < 1) return null;

  const top = headerRowOption !== undefined ? headerRowOption - 1 : findHeaderRow(grid, mergeAt, width);
  if (top === null || top >= grid.cells.length) return null;
  const bottom = headerBottom(grid, top);

  const columnTexts = headerTexts(grid, mergeAt, top, bottom);
  const columns: number[] = [];
  for (let column = 0; column < grid.columnCount; column += 1) {
    if (columnTexts[column] !== '' || columnHasData(grid, bottom + 1, column)) columns.push(column);
  }

  const { records, footnoteRows, warnings } = collectRows(grid, bottom + 1, columns);
  return {
    headerRow: top + 1,
    headerRowCount: bottom - top + 1,
    headers: columns.map((column) => columnTexts[column]),
    records,
    footnoteRows,
    warnings,
  };
}

function indexMerges(merges: MergeRange[]): Map<string, MergeRange> {
  const index = new Map<string, MergeRange>();
  for (const merge of merges) {
    for (let row = merge.top; row <= merge.bottom; row += 1) {
      for (let column = merge.left; column <= merge.right; column += 1) index.set(`${row}:${column}`, merge);
    }
  }
  return index;
}

/** Returns the maximum number of filled cells in one row of the first 500 rows, as the table width. */
function tableWidth(grid: SheetGrid): number {
  let widest = 0;
  for (const row of grid.cells.slice(0, 500)) widest = Math.max(widest, row.filter(isFilled).length);
  return widest;
}

function findHeaderRow(grid: SheetGrid, mergeAt: Map<string, MergeRange>, width: number): number | null {
  const limit = Math.min(grid.cells.length, HEADER_SEARCH_ROWS);
  for (let row = 0; row < limit; row += 1) {
    const cells = grid.cells[row] ?? [];
    const filled = cells.filter(isFilled);
    if (filled.length < 2) continue;
    const texts = filled.filter((value) => typeof value === 'string').length;
    if (texts * 2 < filled.length) continue;

    let covered = 0;
    for (let column = 0; column < grid.columnCount; column += 1) {
      const merge = mergeAt.get(`${row}:${column}`);
      const master = merge ? grid.cells[merge.top]?.[merge.left] : cells[column];
      if (isFilled(master ?? null)) covered += 1;
    }
    if (covered * 2 >= width && hasDataBelow(grid, row)) return row;
  }
  return null;
}

function hasDataBelow(grid: SheetGrid, row: number): boolean {
  return grid.cells.slice(row + 1).some((cells) => cells.filter(isFilled).length >= 2);
}

/**
 * Extends the header downwards while its last row contains merges: a horizontal merge starting
 * in that row means the next row contains sub-headers, and a vertical merge reaching into the next
 * row spans it. The next row must contain text only.
 */
function headerBottom(grid: SheetGrid, top: number): number {
  let bottom = top;
  for (;;) {
    const next = bottom + 1;
    if (next >= grid.cells.length) return bottom;
    const continues = grid.merges.some(
      (merge) => (merge.top === bottom && merge.right > merge.left) || (merge.top <= bottom && merge.bottom >= next),
    );
    const nextCells = (grid.cells[next] ?? []).filter(isFilled);
    const nextIsText = nextCells.length > 0 && nextCells.every((value) => typeof value === 'string');
    const spannedOnly = nextCells.length === 0 && grid.merges.some((merge) => merge.top <= bottom && merge.bottom >= next);
    if (!continues || !(nextIsText || spannedOnly)) return bottom;
    bottom = next;
  }
}

/**
 * Builds one name per column from the header rows: texts of the rows are joined with " – ",
 * and a text repeated by a vertical merge counts once.
 */
function headerTexts(grid: SheetGrid, mergeAt: Map<string, MergeRange>, top: number, bottom: number): string[] {
  const names: string[] = [];
  for (let column = 0; column < grid.columnCount; column += 1) {
    const parts: string[] = [];
    for (let row = top; row <= bottom; row += 1) {
      const text = headerCellText(grid, mergeAt, row, column);
      if (text !== '' && parts[parts.length - 1] !== text) parts.push(text);
    }
    names.push(parts.join(' – '));
  }
  return names;
}

function headerCellText(grid: SheetGrid, mergeAt: Map<string, MergeRange>, row: number, column: number): string {
  const merge = mergeAt.get(`${row}:${column}`);
  const master = merge ? grid.cells[merge.top]?.[merge.left] : grid.cells[row]?.[column];
  if (!isFilled(master ?? null)) return '';
  const raw = master instanceof Date ? master.toISOString().slice(0, 10) : String(master);

  // A merged cell over n columns whose text is n single words on separate lines names each
  // column in turn, as in "Bezirk\nPrognoseraum\nBezirksregion\nPlanungsraum" over four key columns.
  if (merge && merge.right > merge.left) {
    const lines = raw.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
    if (lines.length === merge.right - merge.left + 1 && lines.every((line) => !/\s/.test(line))) {
      return cleanHeaderText(lines[column - merge.left]);
    }
  }
  return cleanHeaderText(raw);
}

/**
 * Joins words hyphenated across a line break ("Ins-\ngesamt" → "Insgesamt"), keeps the hyphen
 * of compounds whose next part is capitalised ("Treptow-\nKöpenick"), drops soft hyphens and
 * turns the remaining line breaks into spaces.
 */
export function cleanHeaderText(text: string): string {
  return text
    .replace(/\u00AD\s*/g, '')
    .replace(/(\p{L})-[ \t]*\r?\n\s*(\p{Ll})/gu, '$1$2')
    .replace(/-[ \t]*\r?\n\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

function columnHasData(grid: SheetGrid, fromRow: number, column: number): boolean {
  for (let row = fromRow; row < grid.cells.length; row += 1) {
    if (isFilled(grid.cells[row]?.[column] ?? null)) return true;
  }
  return false;
}

/** Collects data rows below the header; empty rows are skipped and footnotes end the table. */
function collectRows(grid: SheetGrid, fromRow: number, columns: number[]): { records: RawRecord[]; footnoteRows: number; warnings: string[] } {
  const records: RawRecord[] = [];
  const warnings: string[] = [];
  let footnoteRows = 0;
  let inFootnotes = false;
  let previousEmpty = false;
  const sectionRows: { line: number; text: string }[] = [];
  const totalRows: { line: number; text: string }[] = [];

  for (let row = fromRow; row < grid.cells.length; row += 1) {
    const values = columns.map((column) => normalizeCell(grid.cells[row]?.[column] ?? null));
    const filled = values.filter(isFilled);
    if (filled.length === 0) {
      previousEmpty = true;
      continue;
    }
    if (!inFootnotes && startsFootnotes(values, filled, previousEmpty)) inFootnotes = true;
    previousEmpty = false;
    if (inFootnotes) {
      footnoteRows += 1;
      continue;
    }
    if (records.length === 0 && isColumnNumberRow(filled)) {
      warnings.push(`Zeile ${row + 1} enthält nur Spaltennummern und wurde übersprungen.`);
      continue;
    }
    if (isTotalRow(values)) {
      totalRows.push({ line: row + 1, text: String(values.find(isFilled)).trim() });
      continue;
    }
    if (isSectionHeading(values, filled)) {
      sectionRows.push({ line: row + 1, text: String(filled[0]).trim() });
      continue;
    }
    records.push({ line: row + 1, values });
  }
  if (sectionRows.length > 0) {
    const first = sectionRows[0];
    warnings.push(
      `${sectionRows.length.toLocaleString('de-DE')} Zwischenüberschriften (z. B. „${first.text}“ in Zeile ${first.line}) wurden übersprungen.`,
    );
  }
  if (totalRows.length > 0) {
    const first = totalRows[0];
    warnings.push(
      `${totalRows.length.toLocaleString('de-DE')} Summenzeilen (z. B. „${first.text}“ in Zeile ${first.line}) wurden übersprungen, damit Summen über die Spalten nicht doppelt zählen.`,
    );
  }
  return { records, footnoteRows, warnings };
}

/** Labels of subtotal and total rows in the statistical reports of the Amt für Statistik. */
const TOTAL_LABEL = /^(zusammen|insgesamt|summe|gesamt|berlin|berlin insgesamt|land berlin|berlin zusammen)$/i;

/**
 * Detects a subtotal or total row: its first filled cell is a total label and the key cells to
 * its left are empty, as in the "Zusammen" row after each district block. A row that still
 * carries a code before the label (such as "00 Land Berlin") stays data.
 */
function isTotalRow(values: RawValue[]): boolean {
  const index = values.findIndex(isFilled);
  if (index < 1) return false;
  const label = values[index];
  return typeof label === 'string' && TOTAL_LABEL.test(label.trim());
}

function normalizeCell(value: RawValue): RawValue {
  if (typeof value === 'string' && value.trim() === '') return null;
  return value;
}

/**
 * Detects the first footnote row: a line of underscores, text with a footnote marker, or, after an
 * empty row, a row whose only value is text in the first column.
 */
function startsFootnotes(values: RawValue[], filled: RawValue[], previousEmpty: boolean): boolean {
  const first = filled[0];
  if (typeof first !== 'string') return false;
  if (RULE_LINE.test(first.trim())) return true;
  const onlyText = filled.every((value) => typeof value === 'string');
  if (onlyText && FOOTNOTE_TEXT.test(first.trim())) return true;
  return previousEmpty && filled.length === 1 && isFilled(values[0]);
}

/**
 * Detects a heading inside the table, such as the district name above each block in the
 * statistical reports: one text cell in a wide table, everything else empty. Kept as data, such
 * rows would turn every count column they touch into text.
 */
function isSectionHeading(values: RawValue[], filled: RawValue[]): boolean {
  return values.length >= 4 && filled.length === 1 && typeof filled[0] === 'string';
}

/** Detects a row "1, 2, 3, …" under the header, which numbers the columns in printed statistics. */
function isColumnNumberRow(filled: RawValue[]): boolean {
  if (filled.length < 3) return false;
  return filled.every((value, index) => Number(typeof value === 'string' ? value.trim() : value) === index + 1);
}
