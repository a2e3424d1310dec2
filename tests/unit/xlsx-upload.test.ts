import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvRecords } from '@/lib/import/upload/csv-records';
import { UploadRejection } from '@/lib/import/upload/errors';
import { cellText, dateText, numberText, plainNumber, zeroPadded } from '@/lib/import/upload/xlsx/cell-text';
import { detectFileFormat, isImportFileName } from '@/lib/import/upload/xlsx/detect-format';
import { FormatCheck } from '@/lib/import/upload/xlsx/format-check';
import { csvCell, CsvRowEncoder } from '@/lib/import/upload/xlsx/readable-csv';
import { checkWorkbook, parseWorkbookRecords } from '@/lib/import/upload/xlsx/workbook-records';
import { readWorkbookRows } from '@/lib/import/upload/xlsx/workbook-rows';
import { buildWorkbook, piecesOf } from '@/tests/support/xlsx-files';

const OLE = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
const text = (s: string) => new TextEncoder().encode(s);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UploadRejection) return error.code;
    throw error;
  }
  return 'accepted';
}

async function rowsOf(bytes: Uint8Array, sheetName?: string, pieceSize?: number) {
  const rows: { line: number; cells: string[] }[] = [];
  for await (const record of parseWorkbookRecords({ pieces: piecesOf(bytes, pieceSize), sizeBytes: bytes.length, sheetName })) rows.push(record);
  return rows;
}

// The reader's temporary folders go under os.tmpdir(): this file gets a folder of its own, so the
// workbooks that integration tests read at the same time leave no folder where these tests look.
const sharedTmp = process.env.TMPDIR;
beforeAll(async () => { process.env.TMPDIR = await mkdtemp(path.join(tmpdir(), 'xlsx-unit-')); });
afterAll(async () => {
  const own = tmpdir();
  if (sharedTmp === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = sharedTmp;
  await rm(own, { recursive: true, force: true });
});
const tempDirs = async () => (await readdir(tmpdir())).filter((name) => name.startsWith('xlsx-'));

describe('cells as Excel shows them', () => {
  it('writes numbers in full, without exponent or ".0", with 15 significant digits as Excel keeps', () => {
    expect(plainNumber(331234567890)).toBe('331234567890');
    expect(plainNumber(12345678901234)).toBe('12345678901234');
    expect(plainNumber(1e20)).toBe('100000000000000000000');
    expect(plainNumber(12)).toBe('12');
    expect(plainNumber(-0)).toBe('0');
    expect(plainNumber(0.1 + 0.2)).toBe('0.3');
    expect(plainNumber(1.5e-7)).toBe('0.00000015');
    expect(plainNumber(-42.125)).toBe('-42.125');
  });

  it('keeps the zeros of a zero-padded number format (postal codes, ZIP+4, social security numbers)', () => {
    expect(zeroPadded(1234, '00000')).toBe('01234');
    expect(zeroPadded(123456, '00000')).toBe('123456');
    expect(zeroPadded(12345678, '00000-0000')).toBe('01234-5678');
    expect(zeroPadded(12345678, '000-00-0000')).toBe('012-34-5678');
    expect(zeroPadded(12.5, '00000')).toBeUndefined();
    expect(zeroPadded(1234, '#,##0')).toBeUndefined();
    expect(numberText(7501, { numFmt: '00000' })).toBe('07501');
    expect(numberText(7501, { numFmt: '#,##0.00' })).toBe('7501');
  });

  it('writes dates as ISO text: the date alone without a time of day, a time alone on day 0', () => {
    expect(dateText(new Date(Date.UTC(2024, 2, 15)))).toBe('2024-03-15');
    expect(dateText(new Date(Date.UTC(2024, 2, 15, 14, 30, 5)))).toBe('2024-03-15T14:30:05');
    // A serial stored as a float lands microseconds off: rounded to the second.
    expect(dateText(new Date(Date.UTC(2024, 2, 15, 23, 59, 59, 999)))).toBe('2024-03-16');
    expect(numberText(45366, { numFmt: 'yyyy-mm-dd' })).toBe('2024-03-15');
    expect(numberText(45366.5, { numFmt: 'dd/mm/yyyy hh:mm' })).toBe('2024-03-15T12:00:00');
    expect(numberText(0.75, { numFmt: 'h:mm' })).toBe('18:00:00');
    expect(numberText(43904, { numFmt: 'yyyy-mm-dd', date1904: true })).toBe('2024-03-15');
    // Brackets and quoted text are not date letters: a currency and a number with a word.
    expect(numberText(12, { numFmt: '[$€-40C] #,##0' })).toBe('12');
    expect(numberText(12, { numFmt: '0 "pcs"' })).toBe('12');
  });

  it('reads booleans, formulas, rich text, hyperlinks, errors and escaped characters as their text', () => {
    expect(cellText(true)).toBe('TRUE');
    expect(cellText(false)).toBe('FALSE');
    expect(cellText({ formula: 'A1*2', result: 84 })).toBe('84');
    expect(cellText({ formula: 'TODAY()', result: 45366 }, { numFmt: 'yyyy-mm-dd' })).toBe('2024-03-15');
    expect(cellText({ sharedFormula: 'B2', result: 'x' })).toBe('x');
    expect(cellText({ richText: [{ text: 'Hé' }, { text: 'lène' }] })).toBe('Hélène');
    expect(cellText({ text: 'Our site', hyperlink: 'https://example.com' })).toBe('Our site');
    expect(cellText({ error: '#N/A' })).toBe('#N/A');
    expect(cellText('line one_x000D_')).toBe('line one\r');
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
  });
});

describe('what a file is', () => {
  it('tells a workbook, an .xls, an encrypted workbook and a CSV apart by content and name', () => {
    const zip = text('PK\u0003\u0004rest');
    expect(detectFileFormat(zip, 'contacts.xlsx')).toEqual({ kind: 'xlsx' });
    expect(detectFileFormat(zip, 'renamed.csv')).toEqual({ kind: 'xlsx' });
    expect(detectFileFormat(OLE, 'old.xls')).toEqual({ kind: 'refused', code: 'xlsNotSupported' });
    expect(detectFileFormat(OLE, 'old-renamed.csv')).toEqual({ kind: 'refused', code: 'xlsNotSupported' });
    expect(detectFileFormat(OLE, 'secret.xlsx')).toEqual({ kind: 'refused', code: 'workbookEncrypted' });
    expect(detectFileFormat(text('a,b\n'), 'really.xls')).toEqual({ kind: 'refused', code: 'xlsNotSupported' });
    expect(detectFileFormat(text('a,b\n'), 'fake.xlsx')).toEqual({ kind: 'refused', code: 'invalidWorkbook' });
    expect(detectFileFormat(text('a,b\n'), 'plain.csv')).toEqual({ kind: 'csv' });
    expect(isImportFileName('Book1.XLSX')).toBe(true);
    expect(isImportFileName('a.csv')).toBe(true);
    expect(isImportFileName('a.xls')).toBe(false);
    expect(isImportFileName('a.xlsx.part')).toBe(false);
  });

  it('refuses an .xls or an encrypted workbook at its first chunk, without the CSV checks seeing it', () => {
    const csv = { push: () => { throw new Error('CSV checks reached'); }, finish: async () => ({}) };
    expect(() => new FormatCheck('old.xls', csv).push(OLE)).toThrow(expect.objectContaining({ code: 'xlsNotSupported' }));
    expect(() => new FormatCheck('secret.xlsx', csv).push(OLE)).toThrow(expect.objectContaining({ code: 'workbookEncrypted' }));
  });
});

describe('reading a workbook', () => {
  const contacts = [
    ['External ID', 'Postal Code', 'Zip', 'Work Phone', 'Birthday', 'Callable', 'Note'],
    ['C-1', '01234', { value: 7501, numFmt: '00000' }, 331234567890, new Date(Date.UTC(2024, 2, 15)), true, 'x'],
    [],
    ['C-2', '00999', { value: 501, numFmt: '00000' }, 447911123456, { value: new Date(Date.UTC(2024, 2, 15, 9, 5)), numFmt: 'yyyy-mm-dd hh:mm' }, false],
  ];

  for (const sharedStrings of [true, false]) {
    it(`reads the first sheet as Excel shows it, with row numbers as lines (${sharedStrings ? 'shared' : 'inline'} strings)`, async () => {
      const bytes = await buildWorkbook([
        { name: 'Contacts', rows: contacts },
        { name: 'Other', rows: [['External ID'], ['O-1']] },
      ], { sharedStrings });
      const facts = await checkWorkbook({ pieces: piecesOf(bytes, 7), sizeBytes: bytes.length }, { previewRows: 10 });
      expect(facts).toMatchObject({ headers: contacts[0], rowCount: 2, sheetNames: ['Contacts', 'Other'], sheetName: 'Contacts' });
      expect(await rowsOf(bytes)).toEqual([
        { line: 2, cells: ['C-1', '01234', '07501', '331234567890', '2024-03-15', 'TRUE', 'x'] },
        { line: 4, cells: ['C-2', '00999', '00501', '447911123456', '2024-03-15T09:05:00', 'FALSE'] },
      ]);
      expect(await rowsOf(bytes, 'Other')).toEqual([{ line: 2, cells: ['O-1'] }]);
    });
  }

  it('lists visible sheets only and starts from the first visible one', async () => {
    const bytes = await buildWorkbook([
      { name: 'Hidden', rows: [['A'], ['1']], state: 'hidden' },
      { name: 'Shown', rows: [['B'], ['2']] },
    ]);
    const facts = await checkWorkbook({ pieces: piecesOf(bytes), sizeBytes: bytes.length });
    expect(facts).toMatchObject({ sheetNames: ['Shown'], sheetName: 'Shown', headers: ['B'] });
  });

  it('keeps every character whole where a piece of the unzipped text cuts it (exceljs alone would not)', async () => {
    const names = Array.from({ length: 6000 }, (_, i) => `Hélène-Ørsted 東京 ü ${i}`);
    const bytes = await buildWorkbook([{ name: 'S', rows: [['Name'], ...names.map((n) => [n])] }]);
    const read = (await rowsOf(bytes)).map((r) => r.cells[0]);
    expect(read).toEqual(names);
    // The fault this guards against: exceljs's own reader decodes each piece alone.
    const plain: string[] = [];
    const { Readable } = await import('node:stream');
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {});
    for await (const sheet of reader) for await (const row of sheet) plain.push(String(row.getCell(1).value));
    expect(plain.slice(1).some((value, i) => value !== names[i])).toBe(true);
  });

  it('refuses what a CSV would be refused for, with row numbers', async () => {
    const check = async (rows: unknown[][], options = {}) => {
      const bytes = await buildWorkbook([{ name: 'S', rows: rows as never }]);
      return codeOf(checkWorkbook({ pieces: piecesOf(bytes), sizeBytes: bytes.length }, options));
    };
    expect(await check([])).toBe('emptyFile');
    expect(await check([['External ID']])).toBe('noDataRows');
    expect(await check([[], ['External ID'], ['1']])).toBe('missingHeader');
    expect(await check([['Name', 'name'], ['a', 'b']])).toBe('duplicateHeader');
    expect(await check([['Name', null, 'Email'], ['a', 'b', 'c']])).toBe('emptyHeaderName');
    expect(await check([['Name'], ['x'.repeat(2000)]], { maxRecordBytes: 1000 })).toBe('recordTooLong');
  });

  it('refuses a cut or damaged archive as an invalid workbook, and leaves no temporary file', async () => {
    const bytes = await buildWorkbook([{ name: 'S', rows: [['Name'], ...Array.from({ length: 2000 }, (_, i) => [`n${i}`])] }]);
    const before = await tempDirs();
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
    expect(await codeOf(checkWorkbook({ pieces: piecesOf(cut), sizeBytes: cut.length }))).toBe('invalidWorkbook');
    const damaged = Uint8Array.from(bytes);
    for (let i = 200; i < damaged.length - 200; i += 97) damaged[i] ^= 0xff;
    expect(await codeOf(checkWorkbook({ pieces: piecesOf(damaged), sizeBytes: damaged.length }))).toBe('invalidWorkbook');
    expect(await codeOf(checkWorkbook({ pieces: piecesOf(text('PK\u0003\u0004 not a zip at all')), sizeBytes: 30 }))).toBe('invalidWorkbook');
    expect(await tempDirs()).toEqual(before);
  });

  it('stops reading a workbook that expands past its budget (a zip bomb)', async () => {
    const bytes = await buildWorkbook([{ name: 'S', rows: [['Name'], ...Array.from({ length: 20000 }, () => ['same text in every row'])] }]);
    const read = async () => { for await (const _ of readWorkbookRows(piecesOf(bytes), { maxExpandedBytes: 200_000 })) { /* reading */ } };
    expect(await codeOf(read())).toBe('workbookTooLarge');
  });

  it('removes the temporary copy of the sheet when the reader stops early', async () => {
    const bytes = await buildWorkbook([{ name: 'S', rows: [['Name'], ...Array.from({ length: 500 }, (_, i) => [`n${i}`])] }]);
    const before = await tempDirs();
    for await (const record of parseWorkbookRecords({ pieces: piecesOf(bytes), sizeBytes: bytes.length })) {
      expect(record.line).toBe(2);
      break;
    }
    expect(await tempDirs()).toEqual(before);
  });
});

describe('the shared strings table, in bounded memory', () => {
  it('gives back every string, from memory or from its files, long and multi-byte ones too', async () => {
    const { SharedStringStore } = await import('@/lib/import/upload/xlsx/shared-strings');
    const dir = await mkdtemp(path.join(tmpdir(), 'xlsx-test-'));
    const store = new SharedStringStore(() => dir, { hotStrings: 100 });
    const texts = Array.from({ length: 30_000 }, (_, i) => (i % 997 === 0 ? `é${'long '.repeat(60_000)}${i}` : `Zoë ${i} 東京 ${'x'.repeat(i % 50)}`));
    texts[150] = '';
    for (const text of texts) await store.add(text);
    store.finish();
    for (const i of [0, 99, 100, 101, 150, 997, 1994, 12_345, 29_999, ...Array.from({ length: 2000 }, (_, k) => (k * 7919) % 30_000)]) {
      expect(store.get(i), `string ${i}`).toBe(texts[i]);
    }
    expect(store.get(30_000)).toBe('');
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a workbook whose table outgrows memory (more than 65,536 strings)', async () => {
    const rows = Array.from({ length: 70_000 }, (_, i) => [`ID-${i}`]);
    const bytes = await buildWorkbook([{ name: 'S', rows: [['External ID'], ...rows] }]);
    const read = await rowsOf(bytes);
    expect(read.length).toBe(70_000);
    expect(read[69_999]).toEqual({ line: 70_001, cells: ['ID-69999'] });
    expect(read.every((r, i) => r.cells[0] === `ID-${i}`)).toBe(true);
  });
});

describe('a stored workbook that cannot be read back', () => {
  it('fails with the reading error, not as a broken workbook', async () => {
    const bytes = await buildWorkbook([{ name: 'S', rows: [['Name'], ['x']] }]);
    async function* failing() {
      yield bytes.subarray(0, 100);
      throw new Error('database unavailable');
    }
    await expect(checkWorkbook({ pieces: failing(), sizeBytes: bytes.length })).rejects.toThrow('database unavailable');
  });
});

describe('damaged workbooks', () => {
  it('are read or refused with a known code, never hanging nor failing otherwise, however they are cut or flipped', async () => {
    const { UPLOAD_ERROR_CODES } = await import('@/lib/import/upload/errors');
    const bytes = await buildWorkbook([
      { name: 'Contacts', rows: [['External ID', 'Name', 'Zip'], ...Array.from({ length: 300 }, (_, i) => [`D-${i}`, `Zoé ${i}`, { value: i, numFmt: '00000' }])] },
      { name: 'Other', rows: [['A'], ['1']] },
    ]);
    let seed = 20261207;
    const next = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed / 2 ** 32; };
    const before = await tempDirs();
    const verdicts = new Map<string, number>();
    for (let run = 0; run < 120; run += 1) {
      const damaged = Uint8Array.from(run % 3 === 0 ? bytes.subarray(0, Math.floor(next() * bytes.length)) : bytes);
      if (run % 3 !== 0) for (let k = 0; k < 1 + Math.floor(next() * 8); k += 1) damaged[Math.floor(next() * damaged.length)] = Math.floor(next() * 256);
      const verdict = await Promise.race([
        codeOf(checkWorkbook({ pieces: piecesOf(damaged, 1 + Math.floor(next() * 5000)), sizeBytes: damaged.length })),
        new Promise<string>((resolve) => setTimeout(() => resolve('hung'), 5000)),
      ]);
      verdicts.set(verdict, (verdicts.get(verdict) ?? 0) + 1);
      expect(['accepted', ...UPLOAD_ERROR_CODES], `run ${run}`).toContain(verdict);
    }
    expect(verdicts.get('invalidWorkbook')).toBeGreaterThan(0);
    expect(await tempDirs()).toEqual(before);
  }, 120_000);
});

describe("a sheet's readable form (UTF-8 CSV)", () => {
  it('quotes only what RFC 4180 asks, doubling quotes', () => {
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell(' 01234 ')).toBe(' 01234 ');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell('cr\ronly')).toBe('"cr\ronly"');
  });

  it('reads back through the CSV reader as the same records with the same row numbers', async () => {
    const rows = [
      { number: 1, cells: ['External ID', 'Name, "quoted"', 'Notes'] },
      { number: 2, cells: ['A-1', 'Zoé 🎉', 'line\nbreak'] },
      { number: 5, cells: ['', '', 'only the third'] },
      { number: 6, cells: ['"', ',', '\r'] },
      { number: 9, cells: ['NUL\u0000inside', ' spaced '] },
    ];
    const encoder = new CsvRowEncoder();
    const csv = rows.map((row) => encoder.encode(row)).join('');
    expect(csv.startsWith('External ID,"Name, ""quoted""",Notes\r\nA-1,')).toBe(true);
    // Cut into small pieces, a character of several bytes split between two.
    const read: { line: number; cells: string[] }[] = [];
    for await (const record of parseCsvRecords(piecesOf(text(csv), 7), { separator: ',' })) read.push(record);
    expect(read).toEqual(rows.slice(1).map((row) => ({ line: row.number, cells: row.cells })));
  });
});
