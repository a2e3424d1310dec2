import { readConfig } from '@/lib/config';
import { describe, expect, it } from 'vitest';
import { errorRecords, errorRowMaxChars, storableText, storedRow } from '@/lib/import/jobs/steps/error-rows';
import { createRowValidator } from '@/lib/import/rows/validate-row';
import { classifyStepError, jobErrorKey } from '@/lib/import/jobs/job-errors';
import type { ImportSettings } from '@/lib/import/rows/types';

const HEADERS = ['External ID', 'First Name', 'Work Email', 'Country Code', 'Work Phone', 'Custom: Tier', 'Notes'];
const settings: ImportSettings = {
  externalSourceId: 's', matchBy: ['externalId'], mergeMode: 'updateFirst', loadType: 'upsert', importFields: [],
  columnMapping: {}, defaultCountry: 'US', emptyCellsClear: false,
};
const validate = createRowValidator(settings, HEADERS);

describe('a NUL in a cell', () => {
  it('fails the row once with invalidCharacter, at the first such read column', () => {
    const result = validate(['C-1', 'A\0da', 'a\0@example.com', '', '', 'gold\0', ''], 2);
    expect(result).toEqual({ ok: false, errors: [{ line: 2, column: 'First Name', code: 'invalidCharacter', params: { position: 2 } }] });
  });

  it('in the External ID or Country Code adds no other error; in an unread column none at all', () => {
    expect(validate(['C\0', '', '', '', '', '', ''], 3)).toMatchObject({ ok: false, errors: [{ code: 'invalidCharacter', column: 'External ID' }] });
    expect(validate(['C-1', '', '', 'F\0', '', '', ''], 3)).toMatchObject({ ok: false, errors: [{ code: 'invalidCharacter', column: 'Country Code' }] });
    expect(validate(['C-1', 'Ada', '', '', '', '', 'x\0y'], 3).ok).toBe(true);
  });
});

describe('the stored row of an error line', () => {
  it('is kept whole under the cap, NUL shown as U+FFFD', () => {
    expect(storedRow(['a\0', 'bc'], 1024)).toEqual({ cells: ['a\uFFFD', 'bc'], truncated: false, chars: 6 });
  });

  it('is cut to the cap, counting a separator per cell, never between surrogate halves', () => {
    const wide = storedRow(['x'.repeat(5000), 'y'], 1024);
    expect(wide).toMatchObject({ truncated: true, chars: 1024 });
    expect(wide.cells).toEqual(['x'.repeat(1023)]);
    const empties = storedRow(new Array(100_000).fill(''), 1024);
    expect(empties.truncated).toBe(true);
    expect(empties.cells.length).toBeLessThanOrEqual(1024);
    // 1,023 units of room: the pair at units 1022-1023 would be split, so it is dropped whole.
    const emoji = storedRow(['a'.repeat(1022) + '😀'], 1024);
    expect(emoji.cells[0]).toBe('a'.repeat(1022));
    expect(storedRow(['a'.repeat(1021) + '😀😀'], 1024).cells[0]).toBe(`${'a'.repeat(1021)}😀`);
  });

  it('is on the first error of a line only; every error says the line was cut', () => {
    const { records, chars } = errorRecords([
      { line: 4, column: 'Work Email', code: 'invalidEmail', params: { value: 'x\0' } },
      { line: 4, column: 'H'.repeat(5000), code: 'invalidPhone' },
    ], ['x'.repeat(4000)], 1024);
    expect(records.map((r) => [r.row?.length ?? null, r.row_truncated])).toEqual([[1, true], [null, true]]);
    expect(records[0].params).toEqual({ value: 'x\uFFFD' });
    expect(records[1].column!.length).toBe(1000);
    expect(chars).toBeLessThanOrEqual(1024);
  });

  it('has a cap read from IMPORT_ERROR_ROW_MAX_CHARS, at least 1,024', () => {
    expect(errorRowMaxChars(readConfig({}))).toBe(32 * 1024);
    expect(errorRowMaxChars(readConfig({ IMPORT_ERROR_ROW_MAX_CHARS: '4096' }))).toBe(4096);
    expect(() => readConfig({ IMPORT_ERROR_ROW_MAX_CHARS: '10' })).toThrow(/IMPORT_ERROR_ROW_MAX_CHARS/);
    expect(storableText('plain')).toBe('plain');
  });
});

describe('the code of a failed step', () => {
  const wrapped = (cause: object) => Object.assign(new Error('Failed query: insert ...'), { cause });
  it('tells a lost connection, a refused statement, and anything else', () => {
    expect(classifyStepError(wrapped({ code: '57P01', message: 'terminating connection' }), 'importing')).toBe('databaseUnavailable');
    expect(classifyStepError(Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' }), 'importing')).toBe('databaseUnavailable');
    expect(classifyStepError(wrapped({ code: '08006' }), 'validating')).toBe('databaseUnavailable');
    expect(classifyStepError(wrapped({ code: '23505' }), 'importing')).toBe('databaseError');
    expect(classifyStepError(wrapped({ code: '55P03' }), 'importing')).toBe('databaseBusy');
    expect(classifyStepError(wrapped({ code: '40P01' }), 'validating')).toBe('databaseBusy');
    expect(classifyStepError(wrapped({ code: 'P0001' }), 'validating')).toBe('databaseError');
    expect(classifyStepError(Object.assign(new Error('x'), { code: 'EPERM' }), 'importing')).toBe('importFailed');
    expect(classifyStepError(new Error('upload not ready'), 'validating')).toBe('validationFailed');
    expect(jobErrorKey('databaseError')).toBe('jobs.errors.databaseError');
    expect(jobErrorKey('somethingNewer')).toBe('wizardRun.state.failedUnknown');
  });
});
