import { describe, expect, it } from 'vitest';
import type { RowColumn } from './schema.ts';
import { quoteCsvField, toCsvText } from './values.ts';

const text: RowColumn = { name: 'PLR_ID', type: 'text', sql: '"c1"', srid: null };

describe('toCsvText excel-de', () => {
  it('keeps leading zeros as Excel text', () => {
    expect(toCsvText(text, '01100101', 'excel-de')).toBe('="01100101"');
    expect(quoteCsvField(toCsvText(text, '01100101', 'excel-de'), ';')).toBe('"=""01100101"""');
  });

  it('keeps long digit strings as Excel text', () => {
    expect(toCsvText(text, '1234567890123456', 'excel-de')).toBe('="1234567890123456"');
  });

  it('leaves ordinary numbers and names alone', () => {
    expect(toCsvText(text, '10115', 'excel-de')).toBe('10115');
    expect(toCsvText(text, '0', 'excel-de')).toBe('0');
    expect(toCsvText(text, 'Köpenick', 'excel-de')).toBe('Köpenick');
  });

  it('rfc4180 keeps codes unchanged', () => {
    expect(toCsvText(text, '01100101', 'rfc4180')).toBe('01100101');
  });
});
