import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type AppDatabase, type DatabaseHandle } from '@/db/client';
import { auditLog, divisions, externalSources, importJobs, jobFixOperations, jobRowEdits } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { finishFixing, finishImport, finishValidation } from '@/lib/import/jobs/queue/outcomes';
import { importSteps } from '@/lib/import/jobs/steps/steps';
import { continueImportJob } from '@/lib/import/jobs/operations';
import {
  fixJobRow, getWorkbenchRules, listFixOperations, listJobFixes, listWorkbenchRows, previewBulkFix, startBulkFix, undoFixOperation,
} from '@/lib/import/fixes/operations';
import { applyJobFixes } from '@/lib/import/fixes/fix-step';
import { readFixedRecords } from '@/lib/import/fixes/fixed-records';
import type { FixAction, FixFilter } from '@/lib/import/fixes/schemas';
import type { ImportSettings } from '@/lib/import/rows/types';
import { createActor, IMPORTING } from '../support/fixtures';
import { createReadyUpload, readJob } from '../support/job-fixtures';
import { createTestDatabase } from '../support/test-db';

const HEADERS = ['External ID', 'First Name', 'Last Name', 'Work Email', 'Work Phone', 'Country code'];
const noProgress = () => ({ signal: new AbortController().signal, onProgress: () => {} });

let handle: DatabaseHandle;
let db: AppDatabase;
let divisionId: string;
let owner: OperationContext;
let viewer: OperationContext;
let stranger: OperationContext;
let sourceId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  await installJobQueues(handle);
  const [division] = await db.insert(divisions).values({ name: `Workbench ${Date.now()}` }).returning();
  divisionId = division.id;
  owner = await createActor(db, ['externalContacts:importJob:add', 'externalContacts:importJob:edit',
    'externalContacts:importJob:view', 'externalContacts:contact:view', ...IMPORTING], divisionId);
  viewer = await createActor(db, ['externalContacts:importJob:view', 'externalContacts:importJob:viewAll'], divisionId);
  // May fix jobs, but sees only their own: another's job is not found.
  stranger = await createActor(db, ['externalContacts:importJob:edit', 'externalContacts:importJob:view'], divisionId);
  const [source] = await db.insert(externalSources).values({ name: `Workbench CRM ${Date.now()}` }).returning();
  sourceId = source.id;
});
afterAll(async () => { await handle?.close(); });

function settings(): ImportSettings {
  return {
    externalSourceId: sourceId, matchBy: ['externalId'], mergeMode: 'updateFirst', loadType: 'upsert',
    importFields: ['firstName', 'lastName', 'workEmail', 'workPhone', 'countryCode'],
    columnMapping: {
      'External ID': 'externalId', 'First Name': 'firstName', 'Last Name': 'lastName', 'Work Email': 'workEmail',
      'Work Phone': 'workPhone', 'Country code': 'countryCode',
    },
    // National US numbers are not French ones: they fail until their row says US.
    defaultCountry: 'FR', emptyCellsClear: false,
  };
}

/** The rows by line (line 2 is the first): [external ID, first, last, email, phone, country]. */
const ROWS: string[][] = [
  ['W-1', 'Alice', 'Valid', 'alice@example.test', '01 23 45 67 89', ''], // 2 valid
  ['W-2', 'Ann', 'Fixable', 'ann(at)example.test', '', ''], // 3 invalid e-mail, fixed by a cell edit
  ['W-3', 'Bob', 'Stubborn', 'bob@@example.test', '', ''], // 4 invalid e-mail, fixed wrongly
  ['W-4', 'Cy', 'Excluded', 'cy-at-example', '', ''], // 5 invalid e-mail, excluded
  ['W-5', 'Dee', 'Phone', 'dee@example.test', '(415) 555-2671', ''], // 6 US number: invalid in FR
  ['W-6', 'Ed', 'Phone', 'ed@example.test', '(212) 736-5000', ''], // 7 same
  ['W-7', 'Flo', 'Phone', 'flo@example.test', '(650) 253-0000', ''], // 8 same
  ['W-8', '  Gus  ', "O'NEIL-SMITH", 'gus@example;test', '', ''], // 9 invalid e-mail: replace, trim, case
];

const csvOf = (rows: string[][]) => `${[HEADERS, ...rows].map((r) => r.join(',')).join('\r\n')}\r\n`;

/** A job of these rows, validated and waiting (as after the dry run), requested by `owner`. */
async function validatedJob(rows = ROWS): Promise<string> {
  const upload = await createReadyUpload(db, owner.user.id, csvOf(rows));
  const [job] = await db.insert(importJobs).values({
    uploadId: upload.id, profileSnapshot: settings(), divisionId, requestedBy: owner.user.id, status: 'running', step: 'validating',
  }).returning();
  const outcome = await importSteps.validate(db, job.id, noProgress());
  expect(await finishValidation(db, job.id, outcome)).toBe('validated');
  return job.id;
}

async function call<T>(promise: Promise<{ ok: true; data: T } | { ok: false; status: number; error: { key: string } }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result)}`);
  return result.data;
}

const list = (jobId: string, filter?: FixFilter, actor = owner) =>
  call(executeOperation(listWorkbenchRows, { jobId, filter, pageSize: 100 }, actor));
const fix = (jobId: string, line: number, input: { values?: Record<string, string>; excluded?: boolean }, actor = owner) =>
  executeOperation(fixJobRow, { jobId, line, ...input }, actor);

/** Runs the queued fixing step as a worker would, then fixing -> validated. */
async function runFixing(jobId: string) {
  const outcome = await applyJobFixes(db, jobId, noProgress());
  expect(await finishFixing(db, jobId)).toBe('validated');
  return outcome;
}

async function bulk(jobId: string, action: FixAction, filter?: FixFilter) {
  const preview = await call(executeOperation(previewBulkFix, { jobId, filter, action }, owner));
  const { operation } = await call(executeOperation(startBulkFix, { jobId, filter, action }, owner));
  expect(operation).toMatchObject({ status: 'queued', targetRows: preview.rows });
  expect((await readJob(db, jobId)).step).toBe('fixing');
  await runFixing(jobId);
  return { preview: preview.rows, operationId: operation.id };
}

async function counters(jobId: string) {
  const job = await readJob(db, jobId);
  return {
    rowsInFile: job.rowsInFile, validRows: job.validRows, invalidRows: job.invalidRows, fixedRows: job.fixedRows,
    excludedRows: job.excludedRows, notImported: job.notImported, failed: job.failed, fixVersion: job.fixVersion,
  };
}

/** What the tables of fixes hold for a job, to show a refused call changed nothing. */
async function fixTables(jobId: string) {
  const [row] = await queryRows<Record<string, number>>(db, sql`select
    (select count(*)::int from job_row_edits where job_id = ${jobId}) as edits,
    (select count(*)::int from job_row_fixes where job_id = ${jobId}) as fixes,
    (select count(*)::int from job_fix_operations where job_id = ${jobId}) as operations,
    (select count(*)::int from job_row_errors where job_id = ${jobId}) as errors,
    (select count(*)::int from audit_log where target_id = ${jobId}) as audits`);
  return { ...row, counters: await counters(jobId) };
}

async function errorsAt(jobId: string, line: number) {
  return queryRows<{ code: string; column: string | null; row: string[] | null }>(db, sql`
    select code, "column", row from job_row_errors where job_id = ${jobId} and line = ${line} and severity = 'error' order by id`);
}

describe('fixing one row of the workbench', () => {
  it('lists the invalid rows with their errors, facets and counters', async () => {
    const jobId = await validatedJob();
    const page = await list(jobId);
    expect(page.headers).toEqual(HEADERS);
    expect(page.rows.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(page.total).toBe(7);
    expect(page.editable).toBe(true);
    expect(page.counts).toMatchObject({ rowsInFile: 8, validRows: 1, invalidRows: 7, fixedRows: 0, excludedRows: 0, fixVersion: 0 });
    expect(page.rows[0]).toMatchObject({ line: 3, cells: ROWS[1], original: null, state: 'invalid', truncated: false });
    expect(page.rows[0].errors).toEqual([expect.objectContaining({ column: 'Work Email', code: 'invalidEmail' })]);
    expect(page.facets.codes).toEqual(expect.arrayContaining([{ code: 'invalidEmail', count: 4 }, { code: 'invalidPhone', count: 3 }]));
    expect(page.facets.columns).toEqual(expect.arrayContaining([{ column: 'Work Phone', count: 3 }]));
    // Keyset paging: two rows, then the next two after the last line.
    const first = await call(executeOperation(listWorkbenchRows, { jobId, pageSize: 2 }, owner));
    expect(first.rows.map((r) => r.line)).toEqual([3, 4]);
    expect(first.nextAfter).toBe(4);
    const second = await call(executeOperation(listWorkbenchRows, { jobId, pageSize: 2, after: 4 }, owner));
    expect(second.rows.map((r) => r.line)).toEqual([5, 6]);
    const phones = await list(jobId, { code: 'invalidPhone' });
    expect(phones.rows.map((r) => r.line)).toEqual([6, 7, 8]);
    expect(phones.total).toBe(3);
    // A reader sees the rows but may not fix them.
    expect((await list(jobId, undefined, viewer)).editable).toBe(false);
    // The rules the browser checks a row by as it is typed: the job's settings and the file's headers.
    const rules = await call(executeOperation(getWorkbenchRules, { jobId }, viewer));
    expect(rules.headers).toEqual(HEADERS);
    expect(rules.settings.columnMapping).toEqual(expect.any(Object));
    expect(rules.settings.matchBy.length).toBeGreaterThan(0);
    expect(await executeOperation(getWorkbenchRules, { jobId }, stranger)).toMatchObject({ ok: false, status: 404 });
  });

  it('makes a row valid with a cell edit: errors gone, counters moved, history and audit written', async () => {
    const jobId = await validatedJob();
    const before = await counters(jobId);
    const emailFacet = async () => (await list(jobId, { code: 'invalidEmail' })).facets.codes.find((c) => c.code === 'invalidEmail');
    expect(await emailFacet()).toEqual({ code: 'invalidEmail', count: 4 });
    expect((await list(jobId, { code: 'invalidEmail' })).total).toBe(4);
    const result = await call(fix(jobId, 3, { values: { 'Work Email': 'ann@example.test' } }));
    // The code's count and the filter's total follow the fix (read again at the new fix version).
    expect(await emailFacet()).toEqual({ code: 'invalidEmail', count: 3 });
    expect((await list(jobId, { code: 'invalidEmail' })).total).toBe(3);
    expect(result.row).toMatchObject({ line: 3, state: 'fixed', errors: [], original: ROWS[1] });
    expect(result.row.cells[3]).toBe('ann@example.test');
    expect(result.counts).toMatchObject({ validRows: before.validRows + 1, invalidRows: before.invalidRows - 1, fixedRows: 1, fixVersion: 1 });
    expect(await counters(jobId)).toMatchObject({
      validRows: 2, invalidRows: 6, fixedRows: 1, excludedRows: 0, notImported: 6, failed: 6, fixVersion: 1,
    });
    expect(await errorsAt(jobId, 3)).toEqual([]);
    const [edit] = await db.select().from(jobRowEdits).where(and(eq(jobRowEdits.jobId, jobId), eq(jobRowEdits.line, 3)));
    expect(edit).toMatchObject({ original: ROWS[1], excluded: false });
    expect(edit.cells[3]).toBe('ann@example.test');
    const history = await call(executeOperation(listJobFixes, { jobId }, viewer));
    expect(history.items).toEqual([expect.objectContaining({
      line: 3, column: 'Work Email', kind: 'cell', before: 'ann(at)example.test', after: 'ann@example.test',
      actor: { id: owner.user.id, name: owner.user.name },
    })]);
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.targetId, jobId), eq(auditLog.action, 'importJob.fix')));
    expect(audit.details).toMatchObject({ line: 3, column: 'Work Email', before: 'ann(at)example.test', after: 'ann@example.test' });
    // Now in 'fixed', no longer in 'invalid'.
    expect((await list(jobId)).rows.map((r) => r.line)).not.toContain(3);
    expect((await list(jobId, { state: 'fixed' })).rows.map((r) => r.line)).toEqual([3]);
    // The file read with its fixes: line 3 with its corrected cells.
    const job = await readJob(db, jobId);
    const [upload] = await queryRows<{ id: string; separator: string }>(db, sql`select id, separator from uploads where id = ${job.uploadId}`);
    const records = [];
    for await (const r of readFixedRecords(db, { id: jobId, upload: { id: upload.id, separator: upload.separator } })) records.push(r);
    expect(records).toHaveLength(8);
    expect(records[1]).toMatchObject({ line: 3, edited: true, excluded: false });
    expect(records[1].cells[3]).toBe('ann@example.test');
    expect(records[0]).toMatchObject({ line: 2, edited: false });
  });

  it('keeps a row invalid when the fix is still wrong: its errors carry the corrected cells', async () => {
    const jobId = await validatedJob();
    const result = await call(fix(jobId, 4, { values: { 'Work Email': 'bob@' } }));
    expect(result.row).toMatchObject({ state: 'invalid', original: ROWS[2] });
    expect(result.row.errors).toEqual([expect.objectContaining({ column: 'Work Email', code: 'invalidEmail' })]);
    expect(await counters(jobId)).toMatchObject({ validRows: 1, invalidRows: 7, fixedRows: 0, notImported: 7, fixVersion: 1 });
    const [error] = await errorsAt(jobId, 4);
    expect(error.row?.[3]).toBe('bob@');
    // Fixed again, right this time, then back to what it was: invalid again, counted once.
    await call(fix(jobId, 4, { values: { 'Work Email': 'bob@example.test' } }));
    expect(await counters(jobId)).toMatchObject({ validRows: 2, invalidRows: 6, fixedRows: 1 });
    await call(fix(jobId, 4, { values: { 'Work Email': 'bob@@example.test' } }));
    expect(await counters(jobId)).toMatchObject({ validRows: 1, invalidRows: 7, fixedRows: 0, fixVersion: 3 });
  });

  it('excludes a row from the import and takes it back', async () => {
    const jobId = await validatedJob();
    const result = await call(fix(jobId, 5, { excluded: true }));
    expect(result.row).toMatchObject({ line: 5, state: 'excluded' });
    expect(await counters(jobId)).toMatchObject({ validRows: 1, invalidRows: 6, excludedRows: 1, notImported: 7, failed: 7 });
    expect((await list(jobId, { state: 'excluded' })).rows.map((r) => r.line)).toEqual([5]);
    expect((await list(jobId)).rows.map((r) => r.line)).not.toContain(5);
    const [op] = await db.select().from(jobFixOperations).where(eq(jobFixOperations.jobId, jobId));
    expect(op).toMatchObject({ kind: 'exclude', status: 'applied' });
    await call(fix(jobId, 5, { excluded: false }));
    expect(await counters(jobId)).toMatchObject({ invalidRows: 7, excludedRows: 0, notImported: 7 });
  });

  it('refuses an unknown column (400), a line that is no workbench row (404), and changes nothing', async () => {
    const jobId = await validatedJob();
    const before = await fixTables(jobId);
    const unknown = await fix(jobId, 3, { values: { Nope: 'x' } });
    expect(unknown).toMatchObject({ ok: false, status: 400, error: { key: 'jobs.fixes.errors.unknownColumn' } });
    expect(await fix(jobId, 2, { values: { 'Work Email': 'x@example.test' } })).toMatchObject({ ok: false, status: 404 });
    expect(await fixTables(jobId)).toEqual(before);
  });

  it('refuses to fix a row cut for storage (409 rowTooWide), which a bulk fix passes by too', async () => {
    const wide = ['W-9', 'x'.repeat(40_000), 'Wide', 'wide-at-example', '', ''];
    const jobId = await validatedJob([...ROWS, wide]);
    const page = await list(jobId);
    expect(page.rows.find((r) => r.line === 10)).toMatchObject({ truncated: true, state: 'invalid' });
    const before = await fixTables(jobId);
    expect(await fix(jobId, 10, { values: { 'Work Email': 'wide@example.test' } }))
      .toMatchObject({ ok: false, status: 409, error: { key: 'jobs.fixes.errors.rowTooWide' } });
    expect(await fixTables(jobId)).toEqual(before);
    // Exclude every invalid e-mail row: the wide one is left as it is.
    const { preview } = await bulk(jobId, { kind: 'exclude' }, { code: 'invalidEmail' });
    expect(preview).toBe(4);
    expect((await list(jobId, { code: 'invalidEmail' })).rows.map((r) => r.line)).toEqual([10]);
    // The history of one line.
    const history = await call(executeOperation(listJobFixes, { jobId, line: 3 }, owner));
    expect(history).toMatchObject({ total: 1, items: [{ line: 3, column: null, kind: 'exclude', before: 'included', after: 'excluded' }] });
  });

  it('refuses a caller without importJob:edit (403) or who does not see the job (404), changing nothing', async () => {
    const jobId = await validatedJob();
    const before = await fixTables(jobId);
    expect(await fix(jobId, 3, { values: { 'Work Email': 'ann@example.test' } }, viewer))
      .toMatchObject({ ok: false, status: 403 });
    expect(await executeOperation(startBulkFix, { jobId, action: { kind: 'exclude' } }, viewer)).toMatchObject({ ok: false, status: 403 });
    expect(await fix(jobId, 3, { values: { 'Work Email': 'ann@example.test' } }, stranger))
      .toMatchObject({ ok: false, status: 404 });
    expect(await executeOperation(listWorkbenchRows, { jobId }, stranger)).toMatchObject({ ok: false, status: 404 });
    expect(await fixTables(jobId)).toEqual(before);
  });
});

describe('bulk fixes', () => {
  it('sets the country code of the rows with an invalid phone: valid in one step, and undone', async () => {
    const jobId = await validatedJob();
    const action: FixAction = { kind: 'setValue', column: 'Country code', value: 'US' };
    const filter: FixFilter = { code: 'invalidPhone' };
    const { preview, operationId } = await bulk(jobId, action, filter);
    expect(preview).toBe(3);
    expect(await counters(jobId)).toMatchObject({ validRows: 4, invalidRows: 4, fixedRows: 3, notImported: 4, fixVersion: 1 });
    const fixed = await list(jobId, { state: 'fixed' });
    expect(fixed.rows.map((r) => [r.line, r.cells[5], r.state])).toEqual([[6, 'US', 'fixed'], [7, 'US', 'fixed'], [8, 'US', 'fixed']]);
    expect((await list(jobId, filter)).total).toBe(0);
    const [operation] = (await call(executeOperation(listFixOperations, { jobId }, owner))).items;
    expect(operation).toMatchObject({ id: operationId, kind: 'setValue', status: 'applied', targetRows: 3, changedRows: 3, undoable: true });
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.targetId, jobId), eq(auditLog.action, 'importJob.bulkFix')));
    expect(audit.details).toMatchObject({ action, rows: 3 });

    // Undo: the rows invalid again with their errors, the counters back.
    const undo = await call(executeOperation(undoFixOperation, { jobId, operationId }, owner));
    expect(undo.operation).toMatchObject({ kind: 'undo', undoes: operationId, status: 'queued' });
    await runFixing(jobId);
    expect(await counters(jobId)).toMatchObject({ validRows: 1, invalidRows: 7, fixedRows: 0, notImported: 7, fixVersion: 2 });
    const phones = await list(jobId, filter);
    expect(phones.rows.map((r) => [r.line, r.cells[5]])).toEqual([[6, ''], [7, ''], [8, '']]);
    const operations = (await call(executeOperation(listFixOperations, { jobId }, owner))).items;
    expect(operations.map((o) => [o.kind, o.status, o.undoable])).toEqual([['undo', 'applied', false], ['setValue', 'applied', false]]);
    expect(operations[1].undoneAt).not.toBeNull();
    const undoRecords = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from job_row_fixes
      where job_id = ${jobId} and kind = 'undo' and "column" = 'Country code' and before = 'US' and after = ''`);
    expect(undoRecords[0].n).toBe(3);
    expect(await executeOperation(undoFixOperation, { jobId, operationId }, owner))
      .toMatchObject({ ok: false, status: 409, error: { key: 'jobs.fixes.errors.notUndoable' } });
  });

  it('undo leaves a cell changed since as it is', async () => {
    const jobId = await validatedJob();
    const { operationId } = await bulk(jobId, { kind: 'setValue', column: 'Country code', value: 'US' }, { code: 'invalidPhone' });
    // Line 7 set to CA by hand afterwards (still valid: the number is North American).
    await call(fix(jobId, 7, { values: { 'Country code': 'CA' } }));
    await call(executeOperation(undoFixOperation, { jobId, operationId }, owner));
    await runFixing(jobId);
    const rows = await list(jobId, { state: 'all' });
    expect(rows.rows.filter((r) => r.line >= 6 && r.line <= 8).map((r) => [r.line, r.cells[5]])).toEqual([[6, ''], [7, 'CA'], [8, '']]);
    const job = await counters(jobId);
    expect(job.validRows + job.invalidRows + job.excludedRows).toBe(job.rowsInFile);
  });

  it('finds and replaces, trims and changes case, counted as the preview said', async () => {
    const jobId = await validatedJob();
    const replaced = await bulk(jobId, { kind: 'replace', column: 'Work Email', find: ';', replace: '.' });
    expect(replaced.preview).toBe(1);
    const trimmed = await bulk(jobId, { kind: 'trim', column: 'First Name' }, { state: 'all' });
    expect(trimmed.preview).toBe(1);
    const titled = await bulk(jobId, { kind: 'changeCase', column: 'Last Name', to: 'title' }, { state: 'all' });
    // Every workbench row whose last name is not in title case already: only line 9.
    expect(titled.preview).toBe(1);
    const [row] = (await list(jobId, { state: 'fixed' })).rows;
    expect(row).toMatchObject({ line: 9, state: 'fixed' });
    expect(row.cells.slice(1, 4)).toEqual(['Gus', "O'Neil-Smith", 'gus@example.test']);
    const operations = (await call(executeOperation(listFixOperations, { jobId }, owner))).items;
    expect(operations.map((o) => [o.kind, o.targetRows, o.changedRows])).toEqual([
      ['changeCase', 1, 1], ['trim', 1, 1], ['replace', 1, 1],
    ]);
    expect(await counters(jobId)).toMatchObject({ validRows: 2, invalidRows: 6, fixedRows: 1, fixVersion: 3 });
  });

  it('excludes in bulk, and refuses fixes while a bulk fix runs', async () => {
    const jobId = await validatedJob();
    const { operation } = await call(executeOperation(startBulkFix, { jobId, action: { kind: 'exclude' }, filter: { code: 'invalidEmail' } }, owner));
    expect(operation.targetRows).toBe(4);
    const before = await fixTables(jobId);
    expect(await fix(jobId, 6, { values: { 'Country code': 'US' } }))
      .toMatchObject({ ok: false, status: 409, error: { key: 'jobs.fixes.errors.notEditable' } });
    expect(await executeOperation(startBulkFix, { jobId, action: { kind: 'include' } }, owner)).toMatchObject({ ok: false, status: 409 });
    expect(await executeOperation(continueImportJob, { id: jobId }, owner)).toMatchObject({ ok: false, status: 409 });
    expect(await fixTables(jobId)).toEqual(before);
    await runFixing(jobId);
    expect(await counters(jobId)).toMatchObject({ validRows: 1, invalidRows: 3, excludedRows: 4, notImported: 7 });
  });
});

describe('the import after fixes', () => {
  it('imports the corrected values, leaves excluded rows out, and counters add up; fixes are refused from then on', async () => {
    const jobId = await validatedJob();
    await call(fix(jobId, 3, { values: { 'Work Email': 'ann@example.test' } }));
    await call(fix(jobId, 5, { excluded: true }));
    await bulk(jobId, { kind: 'setValue', column: 'Country code', value: 'US' }, { code: 'invalidPhone' });
    expect(await counters(jobId)).toMatchObject({ rowsInFile: 8, validRows: 5, invalidRows: 2, excludedRows: 1, fixedRows: 4 });

    await call(executeOperation(continueImportJob, { id: jobId }, owner));
    expect(await fix(jobId, 4, { values: { 'Work Email': 'bob@example.test' } }))
      .toMatchObject({ ok: false, status: 409, error: { key: 'jobs.fixes.errors.notEditable' } });
    const outcome = await importSteps.importRows(db, jobId, noProgress());
    expect(await finishImport(db, jobId, outcome)).toBe('completed');

    const job = await readJob(db, jobId);
    expect(job).toMatchObject({ status: 'completed', inserted: 5, imported: 5, notImported: 3, failed: 3, excludedRows: 1 });
    expect(job.imported + job.skipped + job.notImported).toBe(job.rowsInFile);
    const contacts = await queryRows<{ external_id: string; work_email: string | null; work_phone: string | null; country_code: string | null }>(db, sql`
      select e.value as external_id, c.work_email, c.work_phone, c.country_code
      from contacts c join contact_external_ids e on e.contact_id = c.id
      where c.division_id = ${divisionId} and e.value like 'W-%' and c.id in (
        select g.id from job_created_contacts r cross join lateral generate_series(r.first_id, r.last_id) g(id) where r.job_id = ${jobId})
      order by e.value`);
    expect(contacts).toEqual([
      { external_id: 'W-1', work_email: 'alice@example.test', work_phone: '+33123456789', country_code: null },
      { external_id: 'W-2', work_email: 'ann@example.test', work_phone: null, country_code: null },
      { external_id: 'W-5', work_email: 'dee@example.test', work_phone: '+14155552671', country_code: 'US' },
      { external_id: 'W-6', work_email: 'ed@example.test', work_phone: '+12127365000', country_code: 'US' },
      { external_id: 'W-7', work_email: 'flo@example.test', work_phone: '+16502530000', country_code: 'US' },
    ]);
    expect(await fix(jobId, 4, { excluded: true })).toMatchObject({ ok: false, status: 409 });
    const operations = (await call(executeOperation(listFixOperations, { jobId }, owner))).items;
    expect(operations.every((o) => !o.undoable)).toBe(true);
  });
});

describe('a bulk fix stopped part-way', () => {
  it('resumes after its last committed batch with exact counters', async () => {
    const rows: string[][] = [];
    for (let i = 1; i <= 1600; i += 1) rows.push([`R-${i}`, 'R', 'Phone', `r${i}@example.test`, '(415) 555-2671', '']);
    const jobId = await validatedJob(rows);
    expect(await counters(jobId)).toMatchObject({ invalidRows: 1600 });
    const { operation } = await call(executeOperation(startBulkFix, {
      jobId, filter: { code: 'invalidPhone' }, action: { kind: 'setValue', column: 'Country code', value: 'US' },
    }, owner));
    expect(operation.targetRows).toBe(1600);
    const controller = new AbortController();
    await expect(applyJobFixes(db, jobId, {
      signal: controller.signal,
      onProgress: (done) => { if (done >= 500) controller.abort('shutdown'); },
    })).rejects.toBeDefined();
    const [midway] = await db.select().from(jobFixOperations).where(eq(jobFixOperations.id, operation.id));
    expect(midway).toMatchObject({ status: 'running', changedRows: 500 });
    expect(await counters(jobId)).toMatchObject({ validRows: 500, invalidRows: 1100, fixedRows: 500 });
    const outcome = await runFixing(jobId);
    expect(outcome).toEqual({ operations: 1, changedRows: 1100 });
    expect(await counters(jobId)).toMatchObject({ validRows: 1600, invalidRows: 0, fixedRows: 1600, notImported: 0, failed: 0 });
    const [records] = await queryRows<{ n: number; lines: number }>(db, sql`select count(*)::int as n, count(distinct line)::int as lines
      from job_row_fixes where operation_id = ${operation.id}`);
    expect(records).toEqual({ n: 1600, lines: 1600 });
    const [done] = await db.select().from(jobFixOperations).where(eq(jobFixOperations.id, operation.id));
    expect(done).toMatchObject({ status: 'applied', changedRows: 1600 });
    // The file read with its 1,600 edits (two pages of them): every line once, in order, corrected.
    const job = await readJob(db, jobId);
    const [upload] = await queryRows<{ id: string; separator: string }>(db, sql`select id, separator from uploads where id = ${job.uploadId}`);
    let expected = 2;
    for await (const record of readFixedRecords(db, { id: jobId, upload: { id: upload.id, separator: upload.separator } })) {
      expect(record).toMatchObject({ line: expected, edited: true, excluded: false });
      expect(record.cells[5]).toBe('US');
      expected += 1;
    }
    expect(expected).toBe(1602);
  });
});
