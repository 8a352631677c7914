import type { ColumnType } from './types.ts';

/** Column type names for user-facing messages; the API and the stored schema keep the English keys. */
export const COLUMN_TYPE_NAMES: Record<ColumnType, { de: string; en: string }> = {
  text: { de: 'Text', en: 'text' },
  integer: { de: 'Ganzzahl', en: 'integer' },
  decimal: { de: 'Dezimalzahl', en: 'decimal' },
  boolean: { de: 'Wahrheitswert', en: 'boolean' },
  date: { de: 'Datum', en: 'date' },
  timestamp: { de: 'Zeitpunkt', en: 'timestamp' },
  geometry: { de: 'Geometrie', en: 'geometry' },
};

/** Returns the German name of a column type, or the key itself for a type this table does not list. */
export function columnTypeNameDe(type: string): string {
  return COLUMN_TYPE_NAMES[type as ColumnType]?.de ?? type;
}
