import type { Column } from '../types.ts';

/** Response of POST …/imports for an import that waits for review. */
export interface ImportResponse {
  id: number | string;
  status: string;
  detection: Record<string, unknown>;
  columns: Column[];
  preview: (unknown[] | Record<string, unknown>)[];
  report?: ValidationReport;
  diff?: SchemaDiff | null;
}

export interface ErrorExample {
  line?: number;
  row?: number;
  value?: unknown;
  reason?: string;
}

export interface ColumnReport {
  name: string;
  sourceName?: string;
  type?: string;
  typeErrors?: { count: number; rows?: number[]; examples?: ErrorExample[] };
  empty?: number;
  placeholders?: number;
  geometry?: { nullCount: number; types: string[]; invalid: { count: number; examples?: ErrorExample[] } };
}

export interface ValidationReport {
  rowCount?: number;
  rowsWithErrors?: number;
  columns?: ColumnReport[];
  duplicateKeys?: { column?: string; count?: number; examples?: ErrorExample[] } | null;
  missingSourceColumns?: string[];
  warnings?: string[];
  /** Summary in German written by the server. */
  summary?: string;
}

export interface SchemaDiff {
  currentVersion?: number | null;
  added?: { name: string; type: string }[];
  missing?: { name: string; type: string }[];
  renamed?: { from: string; to: string; type: string }[];
  typeChanged?: { name: string; from: string; to: string }[];
  rowCount?: { old: number | null; new: number };
  breaking?: boolean;
  summary?: string;
}

export type OnError = 'abort' | 'skip' | 'null';

export interface CommitResult {
  version?: number;
  rowCount?: number;
  load?: { rowsLoaded?: number; rowsSkipped?: number; cellsNulled?: number; repairedGeometries?: number };
}
