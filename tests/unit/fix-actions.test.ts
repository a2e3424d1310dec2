import { describe, expect, it } from 'vitest';
import { applyAction, setCells, toTitleCase, transformCell, EXCLUDED, INCLUDED } from '@/lib/import/fixes/transforms';
import { checkRowCells } from '@/lib/import/fixes/cell-check';
import { fixActionSchema, fixFilterSchema, fixJobRowSchema } from '@/lib/import/fixes/schemas';
import type { ImportSettings } from '@/lib/import/rows/types';

const headers = ['External ID', 'Work Email', 'Work Phone', 'Country Code'];

describe('bulk fix actions, one cell', () => {
  it('set a value, whatever the cell held', () => {
    expect(transformCell({ kind: 'setValue', column: 'x', value: 'US' }, 'fr')).toBe('US');
    expect(transformCell({ kind: 'setValue', column: 'x', value: '' }, 'fr')).toBe('');
  });

  it('replace literal text, every occurrence, no pattern syntax', () => {
    const action = { kind: 'replace' as const, column: 'x', find: '.', replace: '@' };
    expect(transformCell(action, 'a.b.c')).toBe('a@b@c');
    expect(transformCell({ kind: 'replace', column: 'x', find: '(a+)', replace: 'b' }, 'x(a+)y(a+)')).toBe('xbyb');
    expect(transformCell({ kind: 'replace', column: 'x', find: 'gmial', replace: 'gmail' }, 'ann@gmial.com')).toBe('ann@gmail.com');
  });

  it('trim whitespace at both ends only', () => {
    expect(transformCell({ kind: 'trim', column: 'x' }, '  a b \t')).toBe('a b');
    expect(transformCell({ kind: 'trim', column: 'x' }, '\u00a0a\u00a0')).toBe('a');
  });

  it('change case: upper, lower, and title as PostgreSQL initcap', () => {
    expect(transformCell({ kind: 'changeCase', column: 'x', to: 'upper' }, 'élodie')).toBe('ÉLODIE');
    expect(transformCell({ kind: 'changeCase', column: 'x', to: 'lower' }, 'ÉLODIE')).toBe('élodie');
    expect(toTitleCase("o'NEIL-smith jean")).toBe("O'Neil-Smith Jean");
    expect(toTitleCase('1st AVENUE')).toBe('1st Avenue');
    expect(toTitleCase('élise')).toBe('Élise');
  });
});

describe('bulk fix actions, one row', () => {
  const row = { cells: ['E1', 'a@example.test', ' 415 555 2671 ', 'fr'], excluded: false };

  it('change the cell of the column and record before and after', () => {
    expect(applyAction({ kind: 'setValue', column: 'Country Code', value: 'US' }, headers, row)).toEqual({
      cells: ['E1', 'a@example.test', ' 415 555 2671 ', 'US'], excluded: false,
      records: [{ column: 'Country Code', before: 'fr', after: 'US' }],
    });
    expect(applyAction({ kind: 'trim', column: 'Work Phone' }, headers, row)?.cells[2]).toBe('415 555 2671');
  });

  it('change nothing (null) where the action makes no difference, or for a column the file lacks', () => {
    expect(applyAction({ kind: 'setValue', column: 'Country Code', value: 'fr' }, headers, row)).toBeNull();
    expect(applyAction({ kind: 'replace', column: 'Work Email', find: 'zz', replace: 'y' }, headers, row)).toBeNull();
    expect(applyAction({ kind: 'changeCase', column: 'External ID', to: 'upper' }, headers, row)).toBeNull();
    expect(applyAction({ kind: 'setValue', column: 'Nope', value: 'x' }, headers, row)).toBeNull();
    expect(applyAction({ kind: 'include' }, headers, row)).toBeNull();
  });

  it('pad a short row to reach the column set, and read a missing cell as empty', () => {
    const short = { cells: ['E1'], excluded: false };
    expect(applyAction({ kind: 'setValue', column: 'Country Code', value: 'US' }, headers, short)?.cells).toEqual(['E1', '', '', 'US']);
    expect(applyAction({ kind: 'setValue', column: 'Country Code', value: '' }, headers, short)).toBeNull();
  });

  it('exclude and include the whole row, recorded with state words', () => {
    const excluded = applyAction({ kind: 'exclude' }, headers, row);
    expect(excluded).toEqual({ cells: row.cells, excluded: true, records: [{ column: null, before: INCLUDED, after: EXCLUDED }] });
    expect(applyAction({ kind: 'include' }, headers, { ...row, excluded: true })?.excluded).toBe(false);
  });

  it('set several cells at once, keeping only those that change', () => {
    expect(setCells(row, [[0, 'E1'], [1, 'b@example.test']], headers)?.records).toEqual([
      { column: 'Work Email', before: 'a@example.test', after: 'b@example.test' },
    ]);
    expect(setCells(row, [[0, 'E1']], headers)).toBeNull();
  });
});

describe('the fix inputs', () => {
  it('refuse an empty find, an unknown action or state, and read empty filter fields as none', () => {
    expect(fixActionSchema.safeParse({ kind: 'replace', column: 'a', find: '', replace: 'b' }).success).toBe(false);
    expect(fixActionSchema.safeParse({ kind: 'shout', column: 'a' }).success).toBe(false);
    expect(fixFilterSchema.safeParse({ state: 'broken' }).success).toBe(false);
    expect(fixFilterSchema.parse({ code: '', column: '', state: '' })).toEqual({});
    expect(fixJobRowSchema.safeParse({ jobId: '00000000-0000-4000-8000-000000000000', line: 1 }).success).toBe(false);
  });
});

describe('checkRowCells (the browser\'s check as the person types)', () => {
  const settings: ImportSettings = {
    externalSourceId: 's', matchBy: ['externalId'], mergeMode: 'updateFirst', loadType: 'upsert',
    importFields: ['externalId', 'workEmail', 'workPhone', 'countryCode'],
    columnMapping: { 'External ID': 'externalId', 'Work Email': 'workEmail', 'Work Phone': 'workPhone', 'Country Code': 'countryCode' },
    defaultCountry: 'FR', emptyCellsClear: false,
  };

  it('give the import\'s errors for the row, by column and code', () => {
    const { errors } = checkRowCells(settings, headers, ['E1', 'not-an-email', '(415) 555-2671', ''], 2);
    expect(errors.map((e) => [e.column, e.code])).toEqual([['Work Email', 'invalidEmail'], ['Work Phone', 'invalidPhone']]);
  });

  it('give a phone as it will be stored (E.164), read in the row\'s country', () => {
    const check = checkRowCells(settings, headers, ['E1', 'a@example.test', '(415) 555-2671', 'us'], 2);
    expect(check.errors).toEqual([]);
    expect(check.stored).toEqual({ 'Work Phone': '+14155552671' });
    expect(checkRowCells(settings, headers, ['E1', '', '01 23 45 67 89', ''], 2).stored).toEqual({ 'Work Phone': '+33123456789' });
  });
});
