import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/problem.ts';
import { mergeMetadata } from './metadata.ts';

const NOW = new Date('2026-05-04T08:00:00Z');

function errorOf(update: unknown): ApiError {
  try {
    mergeMetadata({}, update, NOW);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected mergeMetadata to throw');
}

describe('mergeMetadata', () => {
  it('normalises all DCAT fields', () => {
    const result = mergeMetadata(
      {},
      {
        keywords: [' Bevölkerung ', 'LOR', 'LOR'],
        theme: ['soci', 'REGI'],
        license: 'dl-de/by-2-0',
        publisher: { name: 'Amt für Statistik Berlin-Brandenburg', uri: 'https://www.statistik-berlin-brandenburg.de' },
        contactPoint: { name: 'Datenteam', email: 'daten@example.berlin.de' },
        temporal: { start: '2024-01-01', end: '2024-12-31' },
        spatial: 'Berlin, Planungsräume (LOR 2021)',
        accrualPeriodicity: 'annual',
        source: 'https://daten.berlin.de/datensaetze/einwohner',
      },
      NOW,
    );
    expect(result).toEqual({
      keywords: ['Bevölkerung', 'LOR'],
      keywordsText: 'Bevölkerung LOR',
      theme: ['SOCI', 'REGI'],
      license: 'http://dcat-ap.de/def/licenses/dl-by-de/2.0',
      publisher: { name: 'Amt für Statistik Berlin-Brandenburg', uri: 'https://www.statistik-berlin-brandenburg.de' },
      contactPoint: { name: 'Datenteam', email: 'daten@example.berlin.de' },
      temporal: { start: '2024-01-01', end: '2024-12-31' },
      spatial: 'Berlin, Planungsräume (LOR 2021)',
      accrualPeriodicity: 'ANNUAL',
      source: 'https://daten.berlin.de/datensaetze/einwohner',
      issued: '2026-05-04T08:00:00.000Z',
      modified: '2026-05-04T08:00:00.000Z',
    });
  });

  it('maps every licence id to its URI', () => {
    const uris = ['dl-de/by-2-0', 'dl-de/zero-2-0', 'CC-BY-4.0', 'CC-BY-3.0-DE', 'CC0-1.0'].map((license) => mergeMetadata({}, { license }, NOW).license);
    expect(uris).toEqual([
      'http://dcat-ap.de/def/licenses/dl-by-de/2.0',
      'http://dcat-ap.de/def/licenses/dl-zero-de/2.0',
      'http://dcat-ap.de/def/licenses/cc-by/4.0',
      'http://dcat-ap.de/def/licenses/cc-by-de/3.0',
      'http://dcat-ap.de/def/licenses/cc-zero',
    ]);
  });

  it('accepts licence URI as input', () => {
    expect(mergeMetadata({}, { license: 'http://dcat-ap.de/def/licenses/cc-zero' }, NOW).license).toBe('http://dcat-ap.de/def/licenses/cc-zero');
  });

  it('keeps issued and drops null fields', () => {
    const current = mergeMetadata({}, { keywords: ['Alt'], spatial: 'Pankow' }, new Date('2025-01-01T00:00:00Z'));
    const result = mergeMetadata(current, { keywords: null, spatial: 'Mitte', issued: '1999-01-01', keywordsText: 'x' }, NOW);
    expect(result).toEqual({ spatial: 'Mitte', issued: '2025-01-01T00:00:00.000Z', modified: '2026-05-04T08:00:00.000Z' });
  });

  it('rejects unknown theme naming field', () => {
    const error = errorOf({ theme: ['SOCI', 'SPORT'] });
    expect(error.status).toBe(400);
    expect(error.detail.de).toBe(
      'Ungültige Metadaten in „metadata.theme[1]“: „SPORT“ ist kein EU-Datenthema. Erlaubt: AGRI, ECON, EDUC, ENER, ENVI, GOVE, HEAL, INTR, JUST, REGI, SOCI, TECH, TRAN.',
    );
    expect(error.extensions.field).toBe('metadata.theme[1]');
  });

  it('rejects unknown licence', () => {
    expect(errorOf({ license: 'GPL-3.0' }).detail.de).toBe(
      'Ungültige Metadaten in „metadata.license“: „GPL-3.0“ ist keine unterstützte Lizenz. Erlaubt: dl-de/by-2-0, dl-de/zero-2-0, CC-BY-4.0, CC-BY-3.0-DE, CC0-1.0 (oder deren DCAT-AP.de-URI).',
    );
  });

  it('rejects impossible date', () => {
    expect(errorOf({ temporal: { start: '2024-02-30' } }).detail.de).toBe(
      'Ungültige Metadaten in „metadata.temporal.start“: „2024-02-30“ ist kein gültiges Datum. Erwartet wird JJJJ-MM-TT, z. B. 2024-12-31.',
    );
  });

  it('rejects start after end', () => {
    expect(errorOf({ temporal: { start: '2024-12-31', end: '2024-01-01' } }).detail.de).toBe(
      'Ungültige Metadaten in „metadata.temporal“: der Beginn 2024-12-31 liegt nach dem Ende 2024-01-01.',
    );
  });

  it('rejects bad email', () => {
    expect(errorOf({ contactPoint: { name: 'Team', email: 'kein-at-zeichen' } }).extensions.field).toBe('metadata.contactPoint.email');
  });

  it('accepts contact with email only', () => {
    const result = mergeMetadata({}, { contactPoint: { email: 'daten@example.berlin.de' } }, NOW);
    expect(result.contactPoint).toEqual({ email: 'daten@example.berlin.de' });
  });

  it('names missing contact email in German', () => {
    expect(errorOf({ contactPoint: { name: 'Datenteam' } }).detail.de).toBe(
      'Ungültige Metadaten in „metadata.contactPoint.email“: die Angabe fehlt. Bitte füllen Sie das Feld aus.',
    );
  });

  it('rejects unknown frequency', () => {
    expect(errorOf({ accrualPeriodicity: 'sometimes' }).extensions.field).toBe('metadata.accrualPeriodicity');
  });

  it('rejects publisher uri without http', () => {
    expect(errorOf({ publisher: { name: 'SenFin', uri: 'ftp://example.org' } }).extensions.field).toBe('metadata.publisher.uri');
  });

  it('rejects unknown field', () => {
    const error = errorOf({ lizenz: 'CC0-1.0' });
    expect(error.extensions.field).toBe('metadata.lizenz');
    expect(error.detail.de).toContain('dieses Feld gibt es nicht.');
  });

  it('rejects keyword that is not text', () => {
    expect(errorOf({ keywords: ['Verkehr', 42] }).extensions.field).toBe('metadata.keywords[1]');
  });
});
