import { ApiError } from '../http/problem.ts';

/** EU data theme codes (Publications Office authority table "data-theme"), as used by DCAT-AP.de. */
export const DATA_THEMES = ['AGRI', 'ECON', 'EDUC', 'ENER', 'ENVI', 'GOVE', 'HEAL', 'INTR', 'JUST', 'REGI', 'SOCI', 'TECH', 'TRAN'] as const;

/** Codes of the EU "frequency" authority table accepted for accrualPeriodicity. */
export const FREQUENCIES = [
  'DECENNIAL', 'QUINQUENNIAL', 'QUADRENNIAL', 'TRIENNIAL', 'BIENNIAL', 'ANNUAL', 'ANNUAL_2', 'ANNUAL_3',
  'BIMONTHLY', 'QUARTERLY', 'MONTHLY', 'MONTHLY_2', 'MONTHLY_3', 'SEMIMONTHLY', 'BIWEEKLY', 'WEEKLY', 'WEEKLY_2', 'WEEKLY_3',
  'DAILY', 'DAILY_2', 'BIHOURLY', 'TRIHOURLY', 'HOURLY', 'CONT', 'UPDATE_CONT', 'IRREG', 'OTHER', 'UNKNOWN', 'NEVER',
] as const;

/** Short licence ids users type, mapped to the licence URIs of the DCAT-AP.de vocabulary. */
export const LICENSES: Record<string, string> = {
  'dl-de/by-2-0': 'http://dcat-ap.de/def/licenses/dl-by-de/2.0',
  'dl-de/zero-2-0': 'http://dcat-ap.de/def/licenses/dl-zero-de/2.0',
  'CC-BY-4.0': 'http://dcat-ap.de/def/licenses/cc-by/4.0',
  'CC-BY-3.0-DE': 'http://dcat-ap.de/def/licenses/cc-by-de/3.0',
  'CC0-1.0': 'http://dcat-ap.de/def/licenses/cc-zero',
};

/** Fields the server sets; clients may send them back unchanged, and they are ignored. */
const SERVER_FIELDS = new Set(['issued', 'modified', 'keywordsText']);

const MAX_KEYWORDS = 50;
const MAX_TEXT = 2000;

export interface DatasetMetadata {
  keywords?: string[];
  keywordsText?: string;
  theme?: string[];
  license?: string;
  publisher?: { name: string; uri?: string };
  contactPoint?: { name?: string; email: string };
  temporal?: { start?: string; end?: string };
  spatial?: string;
  accrualPeriodicity?: string;
  source?: string;
  issued?: string;
  modified?: string;
}

function invalid(field: string, de: string, en: string): ApiError {
  return new ApiError(400, 'invalid-metadata', { de: `Ungültige Metadaten in „metadata.${field}“: ${de}`, en: `Invalid metadata in "metadata.${field}": ${en}` }, { field: `metadata.${field}` });
}

const show = (value: unknown) => (typeof value === 'string' ? `„${value}“` : JSON.stringify(value));

function text(field: string, value: unknown, max = MAX_TEXT): string {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw invalid(field, 'die Angabe fehlt. Bitte füllen Sie das Feld aus.', 'the value is missing.');
  }
  if (typeof value !== 'string') {
    throw invalid(field, `${show(value)} ist kein Text. Bitte geben Sie einen nicht leeren Text an.`, 'expected a non-empty string.');
  }
  if (value.length > max) {
    throw invalid(field, `der Text ist ${value.length.toLocaleString('de-DE')} Zeichen lang, erlaubt sind höchstens ${max.toLocaleString('de-DE')}.`, `at most ${max} characters are allowed.`);
  }
  return value.trim();
}

function object(field: string, value: unknown, keys: string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(field, `erwartet wird ein Objekt mit den Feldern ${keys.join(', ')}.`, `expected an object with the fields ${keys.join(', ')}.`);
  }
  const unknown = Object.keys(value).find((key) => !keys.includes(key));
  if (unknown) throw invalid(`${field}.${unknown}`, `dieses Feld gibt es nicht. Erlaubt sind ${keys.join(', ')}.`, `unknown field; allowed are ${keys.join(', ')}.`);
  return value as Record<string, unknown>;
}

function httpUrl(field: string, value: unknown): string {
  const raw = text(field, value);
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw invalid(field, `„${raw}“ ist keine gültige http(s)-Adresse. Beispiel: https://www.berlin.de/sen/finanzen/`, 'expected an http(s) URL.');
  }
  return raw;
}

function isoDate(field: string, value: unknown): string {
  const raw = text(field, value, 10);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== raw) {
    throw invalid(field, `„${raw}“ ist kein gültiges Datum. Erwartet wird JJJJ-MM-TT, z. B. 2024-12-31.`, 'expected a date as YYYY-MM-DD.');
  }
  return raw;
}

function keywords(value: unknown): string[] {
  if (!Array.isArray(value)) throw invalid('keywords', 'erwartet wird eine Liste von Schlagwörtern, z. B. ["Bevölkerung", "LOR"].', 'expected a list of strings.');
  if (value.length > MAX_KEYWORDS) throw invalid('keywords', `${value.length.toLocaleString('de-DE')} Schlagwörter, erlaubt sind höchstens ${MAX_KEYWORDS}.`, `at most ${MAX_KEYWORDS} keywords are allowed.`);
  const result: string[] = [];
  value.forEach((keyword, index) => {
    const cleaned = text(`keywords[${index}]`, keyword, 100);
    if (!result.includes(cleaned)) result.push(cleaned);
  });
  return result;
}

function themes(value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) throw invalid('theme', `erwartet wird ein Themencode oder eine Liste davon. Erlaubt: ${DATA_THEMES.join(', ')}.`, 'expected a theme code or a list of them.');
  return list.map((code, index) => {
    const upper = typeof code === 'string' ? code.trim().toUpperCase() : code;
    if (!(DATA_THEMES as readonly unknown[]).includes(upper)) {
      throw invalid(`theme[${index}]`, `${show(code)} ist kein EU-Datenthema. Erlaubt: ${DATA_THEMES.join(', ')}.`, `not an EU data theme; allowed are ${DATA_THEMES.join(', ')}.`);
    }
    return upper as string;
  }).filter((code, index, all) => all.indexOf(code) === index);
}

function license(value: unknown): string {
  const raw = text('license', value, 200);
  const uri = LICENSES[raw] ?? Object.values(LICENSES).find((known) => known === raw);
  if (!uri) {
    throw invalid('license', `${show(raw)} ist keine unterstützte Lizenz. Erlaubt: ${Object.keys(LICENSES).join(', ')} (oder deren DCAT-AP.de-URI).`, `unsupported licence; allowed are ${Object.keys(LICENSES).join(', ')}.`);
  }
  return uri;
}

function frequency(value: unknown): string {
  const raw = text('accrualPeriodicity', value, 40).toUpperCase();
  if (!(FREQUENCIES as readonly string[]).includes(raw)) {
    throw invalid('accrualPeriodicity', `${show(value)} ist keine EU-Aktualisierungsfrequenz. Beispiele: ANNUAL, QUARTERLY, MONTHLY, DAILY, IRREG, UNKNOWN.`, 'not an EU frequency code such as ANNUAL or MONTHLY.');
  }
  return raw;
}

function temporal(value: unknown): { start?: string; end?: string } {
  const input = object('temporal', value, ['start', 'end']);
  const result: { start?: string; end?: string } = {};
  if (input.start !== undefined && input.start !== null) result.start = isoDate('temporal.start', input.start);
  if (input.end !== undefined && input.end !== null) result.end = isoDate('temporal.end', input.end);
  if (!result.start && !result.end) throw invalid('temporal', 'bitte geben Sie mindestens „start“ oder „end“ an.', 'give at least "start" or "end".');
  if (result.start && result.end && result.start > result.end) {
    throw invalid('temporal', `der Beginn ${result.start} liegt nach dem Ende ${result.end}.`, 'start is after end.');
  }
  return result;
}

function publisher(value: unknown): { name: string; uri?: string } {
  const input = object('publisher', value, ['name', 'uri']);
  const result: { name: string; uri?: string } = { name: text('publisher.name', input.name, 500) };
  if (input.uri !== undefined && input.uri !== null) result.uri = httpUrl('publisher.uri', input.uri);
  return result;
}

// DCAT-AP.de requires a way to reach the contact (the e-mail); the name is optional.
function contactPoint(value: unknown): { name?: string; email: string } {
  const input = object('contactPoint', value, ['name', 'email']);
  const email = text('contactPoint.email', input.email, 320);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw invalid('contactPoint.email', `„${email}“ ist keine gültige E-Mail-Adresse. Beispiel: daten@senfin.berlin.de`, 'not a valid e-mail address.');
  }
  const hasName = typeof input.name === 'string' && input.name.trim() !== '';
  return hasName ? { name: text('contactPoint.name', input.name, 500), email } : { email };
}

const FIELD_PARSERS: Record<string, (value: unknown) => unknown> = {
  keywords,
  theme: themes,
  license,
  publisher,
  contactPoint,
  temporal,
  spatial: (value) => text('spatial', value, 500),
  accrualPeriodicity: frequency,
  source: (value) => text('source', value),
};

/**
 * Validates the DCAT-AP.de fields of a metadata update and merges them into `current`.
 * A field set to null is removed. Server fields (issued, modified, keywordsText) in the input
 * are ignored and recomputed: `issued` is kept from `current` or set to `now`, `modified` is `now`.
 */
export function mergeMetadata(current: DatasetMetadata, update: unknown, now = new Date()): DatasetMetadata {
  if (typeof update !== 'object' || update === null || Array.isArray(update)) {
    throw new ApiError(400, 'invalid-metadata', {
      de: '„metadata“ muss ein Objekt sein, z. B. {"keywords": ["Bevölkerung"], "license": "dl-de/by-2-0"}.',
      en: '"metadata" must be an object.',
    }, { field: 'metadata' });
  }
  const result: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(update)) {
    if (SERVER_FIELDS.has(field)) continue;
    const parse = FIELD_PARSERS[field];
    if (!parse) {
      throw invalid(field, `dieses Feld gibt es nicht. Erlaubt sind ${Object.keys(FIELD_PARSERS).join(', ')}.`, `unknown field; allowed are ${Object.keys(FIELD_PARSERS).join(', ')}.`);
    }
    if (value === null) delete result[field];
    else result[field] = parse(value);
  }
  const merged = result as DatasetMetadata;
  // The generated search_vector column indexes keywords through this plain-text copy.
  if (merged.keywords && merged.keywords.length > 0) merged.keywordsText = merged.keywords.join(' ');
  else delete merged.keywordsText;
  merged.issued = current.issued ?? now.toISOString();
  merged.modified = now.toISOString();
  return merged;
}
