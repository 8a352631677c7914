import { badRequest } from '../http/problem.ts';
import { COLUMN_TYPES, type ColumnSpec } from './types.ts';

/** Fields a user may change while reviewing the inferred schema. */
export interface ReviewedColumn {
  sourceName: string;
  name?: string;
  type?: string;
  unit?: string | null;
  description?: string | null;
  key?: boolean;
  srid?: number;
}

const MAX_NAME_LENGTH = 200;

function reject(de: string, en: string) {
  return badRequest('invalid-columns', { de, en });
}

/**
 * Applies reviewed columns to the inferred schema, matched by sourceName. Columns that the review
 * does not mention keep their inferred settings. Throws 400 naming the first invalid entry.
 */
export function applyReview(inferred: ColumnSpec[], reviewed: ReviewedColumn[] | undefined): ColumnSpec[] {
  if (!reviewed || reviewed.length === 0) return inferred;
  const bySource = new Map(inferred.map((column) => [column.sourceName, column]));
  const changes = new Map<string, ReviewedColumn>();

  for (const entry of reviewed) {
    if (!bySource.has(entry.sourceName)) {
      const known = inferred.map((column) => `„${column.sourceName}“`).join(', ');
      throw reject(
        `Die Spalte „${entry.sourceName}“ gibt es in der Datei nicht. Vorhanden sind: ${known}.`,
        `Column "${entry.sourceName}" does not exist in the file.`,
      );
    }
    if (changes.has(entry.sourceName)) {
      throw reject(
        `Die Spalte „${entry.sourceName}“ ist in der Prüfung doppelt angegeben. Bitte geben Sie jede Spalte nur einmal an.`,
        `Column "${entry.sourceName}" is listed twice in the review.`,
      );
    }
    changes.set(entry.sourceName, entry);
  }

  const result = inferred.map((column) => {
    const change = changes.get(column.sourceName);
    if (!change) return column;
    const next: ColumnSpec = { ...column };
    if (change.name !== undefined) next.name = change.name.trim();
    if (change.type !== undefined) next.type = checkType(column, change.type);
    if (change.unit !== undefined) next.unit = change.unit;
    if (change.description !== undefined) next.description = change.description;
    if (change.key !== undefined) next.key = change.key;
    if (change.srid !== undefined && column.type === 'geometry') next.srid = change.srid;
    return next;
  });

  checkNames(result);
  const keys = result.filter((column) => column.key);
  if (keys.length > 1) {
    throw reject(
      `Nur eine Spalte kann Schlüssel sein, markiert sind: ${keys.map((column) => `„${column.name}“`).join(', ')}.`,
      'Only one column can be the key.',
    );
  }
  if (keys[0]?.type === 'geometry') {
    throw reject('Eine Geometriespalte kann kein Schlüssel sein. Bitte wählen Sie eine andere Spalte.', 'A geometry column cannot be the key.');
  }
  return result;
}

function checkType(column: ColumnSpec, type: string): ColumnSpec['type'] {
  if (!(COLUMN_TYPES as readonly string[]).includes(type)) {
    throw reject(
      `Unbekannter Typ „${type}“ für die Spalte „${column.sourceName}“. Erlaubt sind: ${COLUMN_TYPES.join(', ')}.`,
      `Unknown type "${type}" for column "${column.sourceName}".`,
    );
  }
  if ((type === 'geometry') !== (column.type === 'geometry')) {
    throw reject(
      `Die Spalte „${column.sourceName}“ kann nicht zwischen Geometrie und anderen Typen wechseln. Bitte behalten Sie den erkannten Typ.`,
      `Column "${column.sourceName}" cannot change between geometry and other types.`,
    );
  }
  return type as ColumnSpec['type'];
}

function checkNames(columns: ColumnSpec[]): void {
  const seen = new Set<string>();
  for (const column of columns) {
    if (column.name === '' || column.name.length > MAX_NAME_LENGTH) {
      throw reject(
        `Der Spaltenname für „${column.sourceName}“ muss 1 bis ${MAX_NAME_LENGTH} Zeichen lang sein.`,
        `The column name for "${column.sourceName}" must have 1 to ${MAX_NAME_LENGTH} characters.`,
      );
    }
    const folded = column.name.toLocaleLowerCase('de-DE');
    if (seen.has(folded)) {
      throw reject(
        `Der Spaltenname „${column.name}“ kommt mehrfach vor. Bitte vergeben Sie eindeutige Namen.`,
        `Column name "${column.name}" is used more than once.`,
      );
    }
    seen.add(folded);
  }
}

/** True when the change needs a new validation pass: types or the key column differ. */
export function needsRevalidation(before: ColumnSpec[], after: ColumnSpec[]): boolean {
  return before.some((column, i) => column.type !== after[i].type || Boolean(column.key) !== Boolean(after[i].key) || column.srid !== after[i].srid);
}
