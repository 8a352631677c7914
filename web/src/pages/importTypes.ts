import type { Column } from '../types.ts';

/** What POST …/imports returns; the report and diff fields are read defensively because readers differ per format. */
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
}

export interface ColumnReport {
  name: string;
  sourceName?: string;
  type?: string;
  typeErrors?: number | { count?: number; examples?: ErrorExample[] };
  examples?: ErrorExample[];
  empty?: number;
  emptyCount?: number;
  placeholders?: number | Record<string, number>;
  placeholderCount?: number;
}

export interface ValidationReport {
  rowCount?: number;
  rows?: number;
  columns?: ColumnReport[];
  duplicateKeys?: number | { count?: number; examples?: ErrorExample[] | unknown[] };
  errors?: number;
  warnings?: string[];
  messages?: string[];
}

export interface SchemaDiff {
  added?: string[];
  missing?: string[];
  removed?: string[];
  renamed?: { from: string; to: string }[];
  typeChanged?: { name: string; from: string; to: string }[];
  rowCountBefore?: number | null;
  rowCountAfter?: number | null;
  previousRowCount?: number | null;
  rowCount?: number | null;
  breaking?: boolean;
}

export type OnError = 'abort' | 'skip' | 'null';

export interface CommitResult {
  version?: number;
  rowCount?: number;
  rows?: number;
  skippedRows?: number;
  import?: { version?: number; rowCount?: number };
}
