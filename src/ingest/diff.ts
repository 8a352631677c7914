import type { ColumnSpec, ColumnType } from './types.ts';

export interface SchemaDiff {
  /** Version the new file is compared with; null for a dataset without data. */
  currentVersion: number | null;
  added: { name: string; type: ColumnType }[];
  missing: { name: string; type: ColumnType }[];
  renamed: { from: string; to: string; type: ColumnType }[];
  typeChanged: { name: string; from: ColumnType; to: ColumnType }[];
  /** Rows of the current and the new version; `new` is null until the file has been read in full. */
  rowCount: { old: number | null; new: number | null };
  /** True when columns are missing or change their type, so queries on the old schema would fail. */
  breaking: boolean;
  /** German summary for the wizard and the CLI. */
  summary: string;
}

const de = (value: number) => value.toLocaleString('de-DE');
const quoted = (names: string[]) => names.map((name) => `„${name}“`).join(', ');

/** German names of the column types, as the wizard shows them. */
const TYPE_NAMES: Record<ColumnType, string> = {
  text: 'Text',
  integer: 'Ganzzahl',
  decimal: 'Dezimalzahl',
  boolean: 'Wahrheitswert',
  date: 'Datum',
  timestamp: 'Zeitpunkt',
  geometry: 'Geometrie',
};

/**
 * Compares the new schema with the current one by column name. A column counts as renamed when
 * the old and the new name each exist on one side only, at the same position, with the same type,
 * and at least half of the columns of the narrower side keep their names. Without that last
 * condition, a wholly different file would show every column as renamed.
 */
export function diffSchemas(
  current: { version: number; columns: ColumnSpec[]; rowCount: number } | null,
  columns: ColumnSpec[],
  rowCount: number | null,
): SchemaDiff {
  const diff: SchemaDiff = {
    currentVersion: current?.version ?? null,
    added: [],
    missing: [],
    renamed: [],
    typeChanged: [],
    rowCount: { old: current?.rowCount ?? null, new: rowCount },
    breaking: false,
    summary: '',
  };
  if (!current) {
    const columnWord = columns.length === 1 ? 'Spalte' : 'Spalten';
    const rowPart = rowCount === null ? '' : ` und ${de(rowCount)} ${rowCount === 1 ? 'Zeile' : 'Zeilen'}`;
    diff.summary = `Erste Version mit ${de(columns.length)} ${columnWord}${rowPart}.`;
    return diff;
  }

  const oldNames = new Set(current.columns.map((column) => column.name));
  const newNames = new Set(columns.map((column) => column.name));
  const renamedOld = new Set<string>();
  const renamedNew = new Set<string>();
  const kept = current.columns.filter((column) => newNames.has(column.name)).length;
  const sameTable = kept * 2 >= Math.min(current.columns.length, columns.length);
  current.columns.forEach((old, position) => {
    if (!sameTable) return;
    const candidate = columns[position];
    if (!candidate || newNames.has(old.name) || oldNames.has(candidate.name)) return;
    if (candidate.type !== old.type) return;
    diff.renamed.push({ from: old.name, to: candidate.name, type: old.type });
    renamedOld.add(old.name);
    renamedNew.add(candidate.name);
  });

  for (const column of columns) {
    const old = current.columns.find((candidate) => candidate.name === column.name);
    if (old && old.type !== column.type) diff.typeChanged.push({ name: column.name, from: old.type, to: column.type });
    if (!old && !renamedNew.has(column.name)) diff.added.push({ name: column.name, type: column.type });
  }
  for (const old of current.columns) {
    if (!newNames.has(old.name) && !renamedOld.has(old.name)) diff.missing.push({ name: old.name, type: old.type });
  }
  diff.breaking = diff.missing.length > 0 || diff.typeChanged.length > 0;
  diff.summary = summarizeDiff(diff);
  return diff;
}

function summarizeDiff(diff: SchemaDiff): string {
  const parts: string[] = [`Vergleich mit Version ${de(diff.currentVersion!)}:`];
  const unchanged =
    diff.added.length + diff.missing.length + diff.renamed.length + diff.typeChanged.length === 0;
  if (unchanged) parts.push('Spalten unverändert.');
  if (diff.added.length > 0) parts.push(`Neue Spalten: ${quoted(diff.added.map((column) => column.name))}.`);
  if (diff.missing.length > 0) parts.push(`Fehlende Spalten: ${quoted(diff.missing.map((column) => column.name))}.`);
  if (diff.renamed.length > 0) {
    parts.push(`Umbenannt: ${diff.renamed.map((entry) => `„${entry.from}“ → „${entry.to}“`).join(', ')}.`);
  }
  if (diff.typeChanged.length > 0) {
    parts.push(`Typ geändert: ${diff.typeChanged.map((entry) => `„${entry.name}“ ${TYPE_NAMES[entry.from]} → ${TYPE_NAMES[entry.to]}`).join(', ')}.`);
  }
  if (diff.rowCount.new !== null) parts.push(`Zeilen: ${de(diff.rowCount.old ?? 0)} → ${de(diff.rowCount.new)}.`);
  if (diff.breaking) {
    parts.push('Diese Änderung bricht das bisherige Schema. Um sie zu übernehmen, bestätigen Sie sie ausdrücklich: im Assistenten mit „Änderung bestätigen“, auf der Kommandozeile mit --confirm-breaking.');
  }
  return parts.join(' ');
}
