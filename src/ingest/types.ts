/**
 * Contracts between the format readers (csv, xlsx, geojson, shapefile, gpkg), type inference,
 * validation and the loader that writes a dataset version.
 */

export const COLUMN_TYPES = ['text', 'integer', 'decimal', 'boolean', 'date', 'timestamp', 'geometry'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** One column of a dataset version as stored in dataset_versions.columns and shown by GET …/schema. */
export interface ColumnSpec {
  /** Column name as users and the API see it (may contain umlauts and spaces). */
  name: string;
  /** Header in the source file; the column is matched to the source by this name. */
  sourceName: string;
  type: ColumnType;
  unit?: string | null;
  description?: string | null;
  /** Marks the key column; duplicate values are reported by validation. */
  key?: boolean;
  /** Physical column in the version table (c1, c2, … and geom); assigned by the loader. */
  physical?: string;
  /** For geometry columns: SRID of the stored coordinates. */
  srid?: number;
  /** For geometry columns: the geometry types found, such as ["MultiPolygon"]. */
  geometryTypes?: string[];
  /** For integer and decimal columns: the decimal separator found by inference (',' means German style with '.' for thousands). */
  decimalSeparator?: DecimalStyle;
}

/** Decimal separator of a number column; the other one of ',' and '.' groups thousands. */
export type DecimalStyle = ',' | '.';

/**
 * Raw cell as a reader delivers it. CSV readers deliver strings. Excel readers may deliver
 * numbers, booleans and Date objects (Excel dates, already in UTC wall time). Geo readers
 * deliver geometries as GeoJSON geometry objects in the source CRS.
 */
export type RawValue = string | number | boolean | Date | GeoJsonGeometry | null;

export interface GeoJsonGeometry {
  type: string;
  coordinates?: unknown;
  geometries?: unknown;
}

export interface RawRecord {
  /** Position in the source, as users see it: the line number in a CSV, the row number in Excel, the feature number in GeoJSON (1-based). */
  line: number;
  values: RawValue[];
}

/** Format facts a reader detected in the file, shown in the wizard and stored with the import. */
export interface Detection {
  format: 'csv' | 'xlsx' | 'geojson' | 'shapefile' | 'gpkg';
  encoding?: string;
  delimiter?: string;
  quote?: string;
  hasBom?: boolean;
  sheet?: string;
  sheets?: string[];
  headerRow?: number;
  /** Rows below the table that were recognised as footnotes and skipped. */
  footnoteRows?: number;
  srid?: number;
  layer?: string;
  layers?: string[];
}

/** Options the user may set in the wizard or on the command line. */
export interface ReadOptions {
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  headerRow?: number;
  srid?: number;
  layer?: string;
}

/**
 * An opened source file. `records()` may be called more than once (preview, validation and load
 * are separate passes) and streams each time, so memory stays bounded for large files.
 */
export interface SourceTable {
  detection: Detection;
  headers: string[];
  /** Index of the geometry column in headers/values, if any. */
  geometryIndex: number | null;
  records(): AsyncIterable<RawRecord>;
  /** Warnings found while opening (German, for the validation report). */
  warnings: string[];
}

/** A file that cannot be read at all; the message is German and names the problem and the fix. */
export class SourceFormatError extends Error {
  constructor(
    readonly code: string,
    readonly german: string,
    readonly english: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(english);
    this.name = 'SourceFormatError';
  }
}
