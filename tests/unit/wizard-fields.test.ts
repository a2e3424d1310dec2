import { describe, expect, it } from 'vitest';
import { fieldRowsFor, fieldRowsForProfile, mappingForFile, reconcileFieldRows, toFileMapping } from '@/lib/import/wizard/fields';

const HEADERS = ['ID externe', 'First Name', 'Courriel', 'Portable perso', 'Custom: Tier'];
const columnOf = (rows: { field: string; column: string }[], field: string) => rows.find((r) => r.field === field)?.column;

describe('the wizard\u2019s Import fields', () => {
  it('suggests default headers, French aliases and Custom: columns, and leaves the rest unmapped', () => {
    const rows = fieldRowsForProfile(HEADERS);
    expect(columnOf(rows, 'externalId')).toBe('ID externe');
    expect(columnOf(rows, 'firstName')).toBe('First Name');
    expect(columnOf(rows, 'workEmail')).toBe('Courriel');
    expect(columnOf(rows, 'custom:Tier')).toBe('Custom: Tier');
    expect(columnOf(rows, 'homePhone')).toBe('');
    expect(rows.every((r) => r.include)).toBe(true);
  });

  it('gives back a saved mapping exactly, including a column the user chose to leave out', () => {
    const rows = fieldRowsForProfile(HEADERS).map((r) => {
      if (r.field === 'homePhone') return { ...r, column: 'Portable perso' };
      if (r.field === 'firstName') return { ...r, column: '' };
      if (r.field === 'title') return { ...r, include: false };
      return r;
    });
    const saved = toFileMapping(HEADERS, rows);
    expect(saved.columnMapping).toEqual({
      'ID externe': 'externalId', 'First Name': '', Courriel: 'workEmail', 'Portable perso': 'homePhone', 'Custom: Tier': 'custom:Tier',
    });
    expect(saved.importFields).not.toContain('title');
    const again = fieldRowsForProfile(HEADERS, saved);
    expect(again).toEqual(rows);
  });

  it('drops the column of an excluded control field, but keeps an excluded contact field\u2019s', () => {
    const rows = fieldRowsFor(HEADERS, mappingForFile(HEADERS)).map((r) =>
      (r.field === 'externalId' || r.field === 'workEmail' ? { ...r, include: false } : r));
    const { columnMapping, importFields } = toFileMapping(HEADERS, rows);
    expect(columnMapping['ID externe']).toBe('');
    expect(columnMapping.Courriel).toBe('workEmail');
    expect(importFields).not.toContain('workEmail');
  });

  it('repairs a stale draft: unknown fields and columns not in the file are dropped, a column used twice kept once', () => {
    const base = fieldRowsForProfile(HEADERS);
    const draft = [
      { field: 'firstName', column: 'Courriel', include: true },
      { field: 'workEmail', column: 'Courriel', include: false },
      { field: 'lastName', column: 'Not a header', include: true },
      { field: 'nonsense', column: 'First Name', include: true },
    ];
    const rows = reconcileFieldRows(HEADERS, draft, base);
    expect(rows.map((r) => r.field)).toEqual(base.map((r) => r.field));
    expect(rows.find((r) => r.field === 'workEmail')).toEqual({ field: 'workEmail', column: '', include: false });
    expect(columnOf(rows, 'lastName')).toBe('');
  });
});
