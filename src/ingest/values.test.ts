import { describe, expect, it } from 'vitest';
import type { ColumnSpec, ColumnType } from './types.ts';
import { escapeCopyText, normalizeValue, parseNumber, parseTimestamp } from './values.ts';

function column(type: ColumnType, extra: Partial<ColumnSpec> = {}): ColumnSpec {
  return { name: 'Wert', sourceName: 'Wert', type, ...extra };
}

function valueOf(result: ReturnType<typeof normalizeValue>): string | null {
  if (!result.ok) throw new Error(`expected ok, got ${result.reason.en}`);
  return result.value;
}

describe('normalizeValue integer', () => {
  it.each([
    ['3580', '3580'],
    [' 42 ', '42'],
    ['1.234', '1234'],
    ['-7', '-7'],
    ['+3', '3'],
  ])('reads %j as %j', (raw, expected) => {
    expect(valueOf(normalizeValue(raw, column('integer', { decimalSeparator: ',' })))).toBe(expected);
  });

  it('reads English grouping with a dot column', () => {
    expect(valueOf(normalizeValue('1,234', column('integer', { decimalSeparator: '.' })))).toBe('1234');
  });

  it('reads Excel numbers', () => {
    expect(valueOf(normalizeValue(12, column('integer')))).toBe('12');
  });

  it.each(['–', '-', '.', 'x', '/', '…', '', '   '])('turns placeholder %j into null', (raw) => {
    expect(normalizeValue(raw, column('integer'))).toEqual({ ok: true, value: null, placeholder: true });
  });

  it('rejects a decimal with a German reason', () => {
    const result = normalizeValue('12,5', column('integer', { decimalSeparator: ',' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.de).toBe('„12,5“ ist keine ganze Zahl. Erwartet wird z. B. 1234 oder 1.234.');
  });

  it('rejects a fractional Excel number', () => {
    expect(normalizeValue(1.5, column('integer')).ok).toBe(false);
  });
});

describe('normalizeValue decimal', () => {
  it.each([
    ['12,5', ',', '12.5'],
    ['1.234,5', ',', '1234.5'],
    ['-0,25', ',', '-0.25'],
    ['366933.12', '.', '366933.12'],
    ['1,234.5', '.', '1234.5'],
    ['9.286e-05', '.', '9.286e-05'],
    ['1.234,50', ',', '1234.50'],
  ] as const)('reads %j with separator %j as %j', (raw, separator, expected) => {
    expect(valueOf(normalizeValue(raw, column('decimal', { decimalSeparator: separator })))).toBe(expected);
  });

  it('reads without a separator hint', () => {
    expect(valueOf(normalizeValue('366933.12', column('decimal')))).toBe('366933.12');
    expect(valueOf(normalizeValue('12,5', column('decimal')))).toBe('12.5');
  });

  it('rejects text with the value in the reason', () => {
    const result = normalizeValue('12,3x', column('decimal', { decimalSeparator: ',' }));
    expect(result).toEqual({
      ok: false,
      reason: {
        de: '„12,3x“ ist keine Dezimalzahl. Erwartet wird z. B. 1234,5 oder 1.234,5.',
        en: '„12,3x“ is not a decimal number. Expected for example 1234,5 or 1.234,5.',
      },
    });
  });

  it('writes Excel numbers without exponent or trailing zero', () => {
    expect(valueOf(normalizeValue(3919852.22, column('decimal')))).toBe('3919852.22');
    expect(valueOf(normalizeValue(5, column('decimal')))).toBe('5');
  });
});

describe('normalizeValue boolean', () => {
  it.each([
    ['ja', 'true'],
    ['Nein', 'false'],
    ['WAHR', 'true'],
    ['falsch', 'false'],
    ['true', 'true'],
  ])('reads %j as %j', (raw, expected) => {
    expect(valueOf(normalizeValue(raw, column('boolean')))).toBe(expected);
  });

  it('rejects 1', () => {
    expect(normalizeValue('1', column('boolean')).ok).toBe(false);
  });
});

describe('normalizeValue date', () => {
  it.each([
    [' 01.01.2021', '2021-01-01'],
    ['1.2.2021', '2021-02-01'],
    ['2021-12-01', '2021-12-01'],
    ['29.02.2024', '2024-02-29'],
  ])('reads %j as %j', (raw, expected) => {
    expect(valueOf(normalizeValue(raw, column('date')))).toBe(expected);
  });

  it.each(['31.02.2021', '2021-13-01', '01/01/2021', '29.02.2023'])('rejects %j', (raw) => {
    const result = normalizeValue(raw, column('date'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.de).toContain(`„${raw}“ ist kein gültiges Datum`);
  });

  it('reads Excel dates from their UTC fields', () => {
    expect(valueOf(normalizeValue(new Date(Date.UTC(2024, 11, 31)), column('date')))).toBe('2024-12-31');
  });
});

describe('normalizeValue timestamp', () => {
  it.each([
    ['01.01.2021 12:00', '2021-01-01T12:00:00+01:00'],
    ['01.07.2021 12:00:30', '2021-07-01T12:00:30+02:00'],
    ['2024-07-01T12:00:00Z', '2024-07-01T12:00:00+00:00'],
    ['2013-09-03T12:32:04+0200', '2013-09-03T12:32:04+02:00'],
    ['2024-03-31 01:59:00', '2024-03-31T01:59:00+01:00'],
    ['2024-03-31 03:00:00', '2024-03-31T03:00:00+02:00'],
    ['2024-10-27 01:30:00', '2024-10-27T01:30:00+02:00'],
    ['2024-10-27 03:30:00', '2024-10-27T03:30:00+01:00'],
    ['2024-01-01', '2024-01-01T00:00:00+01:00'],
  ])('reads %j as %j', (raw, expected) => {
    expect(valueOf(normalizeValue(raw, column('timestamp')))).toBe(expected);
  });

  it('places Excel date-times in Berlin summer time', () => {
    const excel = new Date(Date.UTC(2024, 6, 1, 8, 15));
    expect(valueOf(normalizeValue(excel, column('timestamp')))).toBe('2024-07-01T08:15:00+02:00');
  });

  it('rejects 25 o’clock', () => {
    expect(parseTimestamp('01.01.2021 25:00')).toBeNull();
  });
});

describe('normalizeValue text', () => {
  it('keeps literal text and placeholders', () => {
    expect(valueOf(normalizeValue(' Mitte ', column('text')))).toBe(' Mitte ');
    expect(valueOf(normalizeValue('–', column('text')))).toBe('–');
    expect(valueOf(normalizeValue('01100101', column('text')))).toBe('01100101');
  });

  it('turns empty text into null without placeholder flag', () => {
    expect(normalizeValue('', column('text'))).toEqual({ ok: true, value: null });
  });

  it('writes Excel integers without .0', () => {
    expect(valueOf(normalizeValue(1100101, column('text')))).toBe('1100101');
    expect(valueOf(normalizeValue(2.5, column('text')))).toBe('2.5');
  });
});

describe('normalizeValue geometry', () => {
  it('adds a crs member with the column SRID', () => {
    const point = { type: 'Point', coordinates: [390000, 5820000] };
    expect(valueOf(normalizeValue(point, column('geometry', { srid: 25833 })))).toBe(
      '{"type":"Point","coordinates":[390000,5820000],"crs":{"type":"name","properties":{"name":"EPSG:25833"}}}',
    );
  });

  it('rejects WKT text', () => {
    expect(normalizeValue('POINT(1 2)', column('geometry', { srid: 4326 })).ok).toBe(false);
  });
});

describe('parseNumber', () => {
  it('prefers German grouping without a hint', () => {
    expect(parseNumber('1.234')).toEqual({ kind: 'integer', canonical: '1234' });
  });

  it('rejects mixed grouping', () => {
    expect(parseNumber('1.23,4.5')).toBeNull();
  });
});

describe('escapeCopyText', () => {
  it('writes null as \\N', () => {
    expect(escapeCopyText(null)).toBe('\\N');
  });

  it('escapes backslash, tab, newline and carriage return', () => {
    expect(escapeCopyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });

  it('keeps umlauts and the literal text N', () => {
    expect(escapeCopyText('Köpenick \\N')).toBe('Köpenick \\\\N');
  });
});
