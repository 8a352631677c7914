import { describe, expect, it } from 'vitest';
import { diffSchemas } from './diff.ts';
import type { ColumnSpec } from './types.ts';

const column = (name: string, type: ColumnSpec['type']): ColumnSpec => ({ name, sourceName: name, type });

describe('diffSchemas', () => {
  const current = {
    version: 4,
    rowCount: 542,
    columns: [column('RAUMID', 'text'), column('Einwohner', 'integer'), column('Fläche', 'decimal'), column('Stand', 'date')],
  };

  it('first version has no changes', () => {
    const diff = diffSchemas(null, [column('a', 'text')], 3);
    expect(diff.currentVersion).toBeNull();
    expect(diff.breaking).toBe(false);
    expect(diff.rowCount).toEqual({ old: null, new: 3 });
    expect(diff.summary).toBe('Erste Version mit 1 Spalte und 3 Zeilen.');
  });

  it('different table shows no renames', () => {
    const other = [column('Bezirk', 'text'), column('Insgesamt', 'integer'), column('Anteil', 'decimal'), column('Datum', 'date')];
    const diff = diffSchemas(current, other, 12);
    expect(diff.renamed).toEqual([]);
    expect(diff.added.map((entry) => entry.name)).toEqual(['Bezirk', 'Insgesamt', 'Anteil', 'Datum']);
    expect(diff.missing.map((entry) => entry.name)).toEqual(['RAUMID', 'Einwohner', 'Fläche', 'Stand']);
    expect(diff.breaking).toBe(true);
    expect(diff.summary).toContain('auf der Kommandozeile mit --confirm-breaking.');
  });

  it('unchanged schema is not breaking', () => {
    const diff = diffSchemas(current, current.columns, 1200);
    expect(diff.added).toEqual([]);
    expect(diff.missing).toEqual([]);
    expect(diff.renamed).toEqual([]);
    expect(diff.typeChanged).toEqual([]);
    expect(diff.breaking).toBe(false);
    expect(diff.summary).toBe('Vergleich mit Version 4: Spalten unverändert. Zeilen: 542 → 1.200.');
  });

  it('rename needs same position and type', () => {
    const next = [column('Planungsraum', 'text'), column('EW', 'decimal'), column('Fläche', 'decimal'), column('Stand', 'date')];
    const diff = diffSchemas(current, next, 542);
    expect(diff.renamed).toEqual([{ from: 'RAUMID', to: 'Planungsraum', type: 'text' }]);
    expect(diff.missing).toEqual([{ name: 'Einwohner', type: 'integer' }]);
    expect(diff.added).toEqual([{ name: 'EW', type: 'decimal' }]);
    expect(diff.breaking).toBe(true);
  });

  it('type change is breaking', () => {
    const next = [column('RAUMID', 'text'), column('Einwohner', 'text'), column('Fläche', 'decimal'), column('Stand', 'date')];
    const diff = diffSchemas(current, next, 542);
    expect(diff.typeChanged).toEqual([{ name: 'Einwohner', from: 'integer', to: 'text' }]);
    expect(diff.breaking).toBe(true);
    expect(diff.summary).toContain('Typ geändert: „Einwohner“ Ganzzahl → Text.');
  });

  it('added column is not breaking', () => {
    const diff = diffSchemas(current, [...current.columns, column('Haushalte', 'integer')], null);
    expect(diff.added).toEqual([{ name: 'Haushalte', type: 'integer' }]);
    expect(diff.breaking).toBe(false);
    expect(diff.summary).toBe('Vergleich mit Version 4: Neue Spalten: „Haushalte“.');
  });
});
