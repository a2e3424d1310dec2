import { describe, expect, it } from 'vitest';
import { Metadata } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/max/metadata';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { lockSpaceOf } from '@/db/advisory-lock';
import { postgresClientOf } from '@/db/copy';
import type { AppDatabase } from '@/db/client';

// The undeclared internals of pinned dependencies that the code relies on (docs/development.md,
// "Pinned dependencies"). Each assertion names the package and the internal: when one fails after
// an upgrade, the code that uses it must change before the new version can be taken.
// The driver-level ones (a live connection): tests/integration/dependency-internals.test.ts.

/** Fails with the package and internal named, rather than a bare "expected undefined". */
function expectShape(condition: boolean, what: string) {
  expect(condition, `${what} changed shape: see docs/development.md, "Pinned dependencies"`).toBe(true);
}

describe('libphonenumber-js: the Metadata accessors of lib/import/rows/phone-e164-check.ts', () => {
  const runtime = new Metadata(metadata) as unknown as Record<string, unknown> & {
    numberingPlan: Record<string, (...args: unknown[]) => unknown>;
  };
  const call = (name: string, ...args: unknown[]) => (runtime[name] as (...a: unknown[]) => unknown).call(runtime, ...args);

  it('selectNumberingPlan, getCountryCodesForCallingCode and isNonGeographicCallingCode', () => {
    for (const name of ['selectNumberingPlan', 'getCountryCodesForCallingCode', 'isNonGeographicCallingCode']) {
      expectShape(typeof runtime[name] === 'function', `libphonenumber-js Metadata.${name}()`);
    }
    expectShape(JSON.stringify((call('getCountryCodesForCallingCode', '1') as string[]).slice(0, 2)) === '["US","AG"]',
      'libphonenumber-js Metadata.getCountryCodesForCallingCode() (main country first)');
    expectShape(call('getCountryCodesForCallingCode', '999') === undefined,
      'libphonenumber-js Metadata.getCountryCodesForCallingCode() (undefined for an unknown code)');
    expectShape(call('isNonGeographicCallingCode', '800') === true && call('isNonGeographicCallingCode', '33') === false,
      'libphonenumber-js Metadata.isNonGeographicCallingCode()');
  });

  it('numberingPlan: callingCode, IDDPrefix, nationalNumberPattern, leadingDigits, nationalPrefixForParsing, hasTypes, type()', () => {
    call('selectNumberingPlan', 'FR');
    const plan = runtime.numberingPlan;
    expectShape(typeof plan === 'object' && plan !== null, 'libphonenumber-js Metadata.numberingPlan');
    const accessors = ['callingCode', 'IDDPrefix', 'nationalNumberPattern', 'leadingDigits', 'hasTypes', 'type', 'nationalPrefixForParsing'];
    for (const name of accessors) expectShape(typeof plan[name] === 'function', `libphonenumber-js numberingPlan.${name}()`);
    expectShape(plan.callingCode() === '33', 'libphonenumber-js numberingPlan.callingCode()');
    expectShape(plan.IDDPrefix() === '00', 'libphonenumber-js numberingPlan.IDDPrefix()');
    expectShape(plan.nationalPrefixForParsing() === '0', 'libphonenumber-js numberingPlan.nationalPrefixForParsing()');
    expectShape(new RegExp(`^(?:${plan.nationalNumberPattern() as string})$`).test('612345678'),
      'libphonenumber-js numberingPlan.nationalNumberPattern() (a regular expression source)');
    expectShape(plan.hasTypes() === true, 'libphonenumber-js numberingPlan.hasTypes()');
    const mobile = plan.type('MOBILE') as Record<string, () => unknown> | undefined;
    expectShape(typeof mobile?.pattern === 'function' && typeof mobile.possibleLengths === 'function',
      'libphonenumber-js numberingPlan.type(name).pattern() / possibleLengths()');
    expectShape(new RegExp(`^(?:${mobile!.pattern() as string})$`).test('612345678'), 'libphonenumber-js numberingPlan.type(MOBILE).pattern()');
    expectShape(JSON.stringify(mobile!.possibleLengths()) === '[9]', 'libphonenumber-js numberingPlan.type(MOBILE).possibleLengths()');
    call('selectNumberingPlan', 'AG');
    expectShape(runtime.numberingPlan.leadingDigits() === '268', 'libphonenumber-js numberingPlan.leadingDigits()');
    call('selectNumberingPlan', 'US');
    expectShape(runtime.numberingPlan.IDDPrefix() === '011', 'libphonenumber-js numberingPlan.IDDPrefix() after selectNumberingPlan()');
  });
});

describe('drizzle-orm: the driver client at db.session.client (db/advisory-lock.ts, db/copy.ts)', () => {
  it('a postgres-js database keeps the postgres.js pool there (no connection is opened)', async () => {
    const client = postgres('postgres://nobody@127.0.0.1:1/none', { max: 1 });
    try {
      const db = drizzle({ client }) as unknown as AppDatabase;
      expectShape((db as unknown as { session?: { client?: unknown } }).session?.client === client, 'drizzle-orm db.session.client (postgres-js)');
      expectShape(typeof client.reserve === 'function', 'postgres.js sql.reserve()');
      expect(lockSpaceOf(db)).toEqual({ driver: 'postgres', client });
      expect(postgresClientOf(db)).toBe(client);
    } finally {
      await client.end({ timeout: 0 });
    }
  });
});

describe('exceljs: the WorkbookReader part parsers driven by lib/import/upload/xlsx/workbook-rows.ts', () => {
  it('_parseRels, _parseWorkbook, _parseSharedStrings, _parseStyles, _parseWorksheet, and unzipper.Parse', async () => {
    const { createWorkbookParsers } = await import('@/lib/import/upload/xlsx/exceljs-internals');
    const unzipper = await import('unzipper');
    const book = createWorkbookParsers() as unknown as Record<string, unknown>;
    for (const name of ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles', '_parseWorksheet']) {
      expectShape(typeof book[name] === 'function', `exceljs WorkbookReader.${name}()`);
    }
    expectShape(typeof unzipper.Parse === 'function', 'unzipper.Parse() (exceljs\'s zip reader)');
    // The whole path, on a workbook: shared strings, a number format, the sheet's name.
    const { buildWorkbook, piecesOf } = await import('@/tests/support/xlsx-files');
    const { readWorkbookRows } = await import('@/lib/import/upload/xlsx/workbook-rows');
    const bytes = await buildWorkbook([{ name: 'Mine', rows: [['Code'], [{ value: 42, numFmt: '00000' }], ['text']] }]);
    const rows: string[][] = [];
    let sheets: string[] = [];
    for await (const row of readWorkbookRows(piecesOf(bytes), { maxExpandedBytes: 1 << 24, onSheets: (names) => { sheets = names; } })) {
      rows.push(row.cells);
    }
    expectShape(JSON.stringify(sheets) === '["Mine"]', 'exceljs WorkbookReader model.sheets / workbookRels');
    expectShape(JSON.stringify(rows) === '[["Code"],["00042"],["text"]]', 'exceljs WorkbookReader sharedStrings / styles / WorksheetReader rows');
  });
});
