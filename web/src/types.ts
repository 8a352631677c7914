/** Shapes of the API responses the UI reads; fields the UI does not use are left out. */

export type Role = 'koordination' | 'entwicklung' | 'redaktion' | 'lesen';
export type AccessLevel = 'oeffentlich' | 'intern' | 'datenraum';
export type ColumnType = 'text' | 'integer' | 'decimal' | 'boolean' | 'date' | 'timestamp' | 'geometry';

export const ROLES: Role[] = ['koordination', 'entwicklung', 'redaktion', 'lesen'];
export const ACCESS_LEVELS: AccessLevel[] = ['oeffentlich', 'intern', 'datenraum'];
export const COLUMN_TYPES: ColumnType[] = ['text', 'integer', 'decimal', 'boolean', 'date', 'timestamp', 'geometry'];

const RANK: Record<Role, number> = { koordination: 4, entwicklung: 3, redaktion: 2, lesen: 1 };

export function roleAtLeast(role: Role | null | undefined, minimum: Role): boolean {
  return !!role && RANK[role] >= RANK[minimum];
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  isAdmin: boolean;
  createdAt?: string;
}

export interface Membership {
  slug: string;
  name: string;
  role: Role;
}

export interface Dataspace {
  slug: string;
  name: string;
  description?: string | null;
  responsibleOffice?: string | null;
  role?: Role | null;
  datasetCount?: number;
}

export interface DatasetMetadata {
  keywords?: string[];
  /** EU data theme codes such as SOCI or REGI. */
  theme?: string[];
  license?: string;
  publisher?: { name?: string };
  contactPoint?: { name?: string; email?: string };
  temporal?: { start?: string; end?: string };
  spatial?: string;
  accrualPeriodicity?: string;
  source?: string;
}

export interface Dataset {
  slug: string;
  title: string;
  description?: string | null;
  accessLevel: AccessLevel;
  metadata?: DatasetMetadata;
  currentVersion?: number | null;
  dataspace?: string | { slug: string; name?: string };
  rowCount?: number | null;
  updatedAt?: string;
}

export interface Column {
  name: string;
  sourceName?: string;
  type: ColumnType;
  unit?: string | null;
  description?: string | null;
  key?: boolean;
}

export interface Version {
  version: number;
  status: string;
  rowCount: number | null;
  createdAt: string;
  createdBy?: string | null;
  isCurrent: boolean;
}

export interface RowsPage {
  rows: Record<string, unknown>[];
  total: number;
  next: string | null;
}

/** EU data theme codes (authority table "data-theme") that DCAT-AP.de uses. */
export const DATA_THEMES = ['AGRI', 'ECON', 'EDUC', 'ENER', 'ENVI', 'GOVE', 'HEAL', 'INTR', 'JUST', 'REGI', 'SOCI', 'TECH', 'TRAN'];

/** The EU frequency codes offered in the form; the server accepts the whole authority table. */
export const FREQUENCIES = ['CONT', 'DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'ANNUAL', 'IRREG', 'NEVER', 'UNKNOWN'];

/** Licence ids the form offers, with the DCAT-AP.de licence URIs the server stores for them. */
export const LICENSE_URIS: Record<string, string> = {
  'dl-de/by-2-0': 'http://dcat-ap.de/def/licenses/dl-by-de/2.0',
  'dl-de/zero-2-0': 'http://dcat-ap.de/def/licenses/dl-zero-de/2.0',
  'CC-BY-4.0': 'http://dcat-ap.de/def/licenses/cc-by/4.0',
  'CC-BY-3.0-DE': 'http://dcat-ap.de/def/licenses/cc-by-de/3.0',
  'CC0-1.0': 'http://dcat-ap.de/def/licenses/cc-zero',
};
export const LICENSES = Object.keys(LICENSE_URIS);

/** Returns the short licence id for a stored licence URI, or the stored value when it is no known URI. */
export function licenseId(stored: string): string {
  return LICENSES.find((id) => LICENSE_URIS[id] === stored) ?? stored;
}
