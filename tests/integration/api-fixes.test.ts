import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { externalSources, importProfiles } from '@/db/schema';
import { executeOperation, type AnyOperation, type OperationContext } from '@/lib/actions/operation';
import { ALL_PERMISSIONS, type Permission } from '@/lib/auth/permissions';
import * as schemas from '@/lib/api/responses';
import * as fixSchemas from '@/lib/api/responses-fixes';
import {
  fixJobRow, listFixOperations, listJobFixes, listWorkbenchRows, previewBulkFix, startBulkFix, undoFixOperation,
} from '@/lib/import/fixes/operations';
import { getJobProjection } from '@/lib/import/jobs/projection/operations';
import { getTranslator } from '@/lib/i18n/translator';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { startJobWorker, type JobWorker } from '@/lib/import/jobs/queue/worker';
import { apiAssertions, callApi, issueToken, serveAppFrom } from '../support/api-calls';
import { createActor, homeDivisionId } from '../support/fixtures';
import { createReadyUpload, waitForJob } from '../support/job-fixtures';
import { createImportJob } from '@/lib/import/jobs/lifecycle';
import { createTestDatabase } from '../support/test-db';

// The validation workbench through /api/v1 (decision 008, docs/api.md): the same fixes through the
// API and through the operations leave the same rows, counters and history; a caller without
// importJob:edit, a job past validation, an unknown line or column are refused with a code and a
// translated message, and change nothing.

const VIEW: Permission = 'externalContacts:importJob:view';
const VIEW_ALL: Permission = 'externalContacts:importJob:viewAll';

// Default country US: a French national number fails (invalidPhone) until its Country Code says FR.
const FILE = [
  'External ID,First Name,Last Name,Work Email,Work Phone,Country Code',
  'f-1,Ann,Lee,ann@example.test,,', // 2 valid
  'f-2,Jo,Exa,jo@exa,,', // 3 invalidEmail
  'f-3,Paul,Marc,paul@example.test,01 42 68 53 00,', // 4 invalidPhone
  'f-4,Lise,Roux,lise@example.test,01 45 55 12 34,', // 5 invalidPhone
  'f-5,Marc,Bad,not-an-email,01 40 20 50 50,', // 6 invalidEmail + invalidPhone
  'f-6,Zed,Zed,zed@example.test,12,', // 7 invalidPhone, in France too
  'f-7,Eve,Out,eve@exa,,', // 8 invalidEmail
].join('\r\n');
const COUNTRY_FR = { filter: { code: 'invalidPhone' }, action: { kind: 'setValue', column: 'Country Code', value: 'FR' } } as const;

let handle: DatabaseHandle;
let restore: () => void;
let worker: JobWorker | undefined;
let admin: OperationContext;
let adminToken: string;
let home: string;
let profileId: string;
let token: string;
const { ok, refused } = apiAssertions(() => token);

beforeAll(async () => {
  handle = await createTestDatabase();
  restore = serveAppFrom(handle);
  await installJobQueues(handle);
  admin = await createActor(handle.db, ALL_PERMISSIONS);
  adminToken = (await issueToken(admin)).token;
  token = adminToken;
  home = await homeDivisionId(handle.db);
  const [source] = await handle.db.insert(externalSources).values({ name: 'Fixes API CRM' }).returning();
  const [profile] = await handle.db.insert(importProfiles).values({
    name: 'Fixes API profile', externalSourceId: source.id, matchBy: ['externalId'], loadType: 'upsert', defaultCountry: 'US',
    importFields: ['firstName', 'lastName', 'workEmail', 'workPhone', 'countryCode'],
    columnMapping: {
      'External ID': 'externalId', 'First Name': 'firstName', 'Last Name': 'lastName', 'Work Email': 'workEmail',
      'Work Phone': 'workPhone', 'Country Code': 'countryCode',
    },
  }).returning();
  profileId = profile.id;
  worker = await startJobWorker(handle, { config: { heartbeatMs: 200, pollingSeconds: 0.5 } });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  restore?.();
  await handle?.close();
});

const isValidated = (job: { status: string; step: string | null }) => job.status === 'running' && job.step === 'validated';

/** A job of FILE started through the API, once validated. */
async function apiJob(description: string): Promise<string> {
  token = adminToken;
  const upload = await ok('POST', '/uploads', schemas.uploadSummarySchema, {
    body: FILE, headers: { 'Content-Type': 'text/csv', 'X-File-Name': `${description}.csv` },
  }, 201);
  const job = await ok('POST', '/jobs', schemas.jobSchema, { json: { uploadId: upload.id, profileId, divisionId: home, description } }, 201);
  await waitForJob(handle.db, job.id, isValidated, 60_000);
  return job.id;
}

/** A job of FILE started as the wizard does, once validated. */
async function operationsJob(description: string): Promise<string> {
  const upload = await createReadyUpload(handle.db, admin.user.id, FILE);
  const job = await createImportJob(handle.db, { uploadId: upload.id, profileId, divisionId: home, description, requestedBy: admin.user.id });
  await waitForJob(handle.db, job.id, isValidated, 60_000);
  return job.id;
}

async function run<T>(operation: AnyOperation, input: object): Promise<T> {
  const result = await executeOperation(operation, input, admin);
  if (!result.ok) throw new Error(`${operation.name}: ${JSON.stringify(result)}`);
  return result.data as T;
}

/** Waits for the job's fix step to be done: validated again, its operations applied. */
async function fixesApplied(jobId: string) {
  await waitForJob(handle.db, jobId, isValidated, 60_000);
  const [pending] = await queryRows<{ n: number }>(handle.db,
    sql`select count(*)::int as n from job_fix_operations where job_id = ${jobId} and status in ('queued', 'running')`);
  expect(Number(pending.n)).toBe(0);
}

/** The job's dry run once it has caught up with the job's fixes. */
async function settledProjection(jobId: string) {
  const started = Date.now();
  for (;;) {
    const projection = await ok('GET', '/jobs/{id}/projection', fixSchemas.projectionSchema, { params: { id: jobId } });
    if (projection.status === 'done' && !projection.stale) return projection;
    if (Date.now() - started > 60_000) throw new Error(`projection still ${JSON.stringify(projection)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the workbench holds, without ids, times or the job: comparable between two jobs of the same file. */
async function workbenchState(jobId: string) {
  const rows = await run<{ rows: unknown[]; counts: unknown; total: number }>(listWorkbenchRows, { jobId, filter: { state: 'all' }, pageSize: 100 });
  const fixes = await run<{ items: { line: number; column: string | null; kind: string; before: string | null; after: string | null }[] }>(
    listJobFixes, { jobId, pageSize: 100 });
  const operations = await run<{ items: { kind: string; status: string; targetRows: number; changedRows: number; undoneAt: string | null;
    filter: unknown; params: unknown }[] }>(listFixOperations, { jobId });
  return {
    rows: rows.rows, counts: rows.counts, total: rows.total,
    fixes: fixes.items.map(({ line, column, kind, before, after }) => ({ line, column, kind, before, after }))
      .sort((a, b) => a.line - b.line || String(a.column).localeCompare(String(b.column)) || a.kind.localeCompare(b.kind)),
    operations: operations.items.map(({ kind, status, targetRows, changedRows, undoneAt, filter, params }) => ({
      kind, status, targetRows, changedRows, undone: undoneAt !== null, filter, params,
    })),
  };
}

/** Everything a refused fix must leave as it was. */
async function snapshot(jobId: string): Promise<string> {
  const [job] = await queryRows(handle.db, sql`select status, step, valid_rows, invalid_rows, fixed_rows, excluded_rows, fix_version
    from import_jobs where id = ${jobId}`);
  const edits = await queryRows(handle.db, sql`select line, cells, excluded from job_row_edits where job_id = ${jobId} order by line`);
  const errors = await queryRows(handle.db, sql`select line, "column", code, row from job_row_errors where job_id = ${jobId} order by id`);
  const [counts] = await queryRows(handle.db, sql`select
    (select count(*)::int from job_fix_operations where job_id = ${jobId}) as operations,
    (select count(*)::int from job_row_fixes where job_id = ${jobId}) as fixes`);
  return JSON.stringify({ job, edits, errors, counts });
}

describe('fixing rows through the API', () => {
  let apiJobId: string;
  let opsJobId: string;

  beforeAll(async () => {
    [apiJobId, opsJobId] = [await apiJob('Fixes by API'), await operationsJob('Fixes by operations')];
  }, 180_000);

  it('lists the failing rows with their errors, the facets and the counts', async () => {
    token = adminToken;
    const page = await ok('GET', '/jobs/{id}/rows', fixSchemas.workbenchPageSchema, { params: { id: apiJobId }, query: { pageSize: '4' } });
    expect(page.headers).toEqual(FILE.split('\r\n')[0].split(','));
    expect(page.rows.map((r) => r.line)).toEqual([3, 4, 5, 6]);
    expect(page).toMatchObject({ total: 6, nextAfter: 6, editable: true,
      counts: { rowsInFile: 7, validRows: 1, invalidRows: 6, fixedRows: 0, excludedRows: 0 } });
    expect(page.rows[3]).toMatchObject({ cells: ['f-5', 'Marc', 'Bad', 'not-an-email', '01 40 20 50 50', ''], original: null, state: 'invalid' });
    expect(page.rows[3].errors.map((e) => e.code).sort()).toEqual(['invalidEmail', 'invalidPhone']);
    expect(page.facets.codes).toEqual(expect.arrayContaining([{ code: 'invalidPhone', count: 4 }, { code: 'invalidEmail', count: 3 }]));
    const next = await ok('GET', '/jobs/{id}/rows', fixSchemas.workbenchPageSchema,
      { params: { id: apiJobId }, query: { after: String(page.nextAfter), pageSize: '4' } });
    expect(next.rows.map((r) => r.line)).toEqual([7, 8]);
    expect(next.nextAfter).toBeNull();
    const phones = await ok('GET', '/jobs/{id}/rows', fixSchemas.workbenchPageSchema,
      { params: { id: apiJobId }, query: { code: 'invalidPhone', column: 'Work Phone' } });
    expect(phones.rows.map((r) => r.line)).toEqual([4, 5, 6, 7]);
    // The same page as the operation gives.
    expect(await run(listWorkbenchRows, { jobId: apiJobId, filter: { code: 'invalidPhone', column: 'Work Phone' } })).toEqual(phones);
  });

  it('gives the same rows, counts and history as the same fixes made through the operations', async () => {
    token = adminToken;
    // 1. A cell edit: line 3's e-mail.
    const cell = await ok('PATCH', '/jobs/{id}/rows/{line}', fixSchemas.fixedRowSchema,
      { params: { id: apiJobId, line: '3' }, json: { values: { 'Work Email': 'jo@example.com' } } });
    expect(cell.row).toMatchObject({ line: 3, state: 'fixed', errors: [], cells: ['f-2', 'Jo', 'Exa', 'jo@example.com', '', ''],
      original: ['f-2', 'Jo', 'Exa', 'jo@exa', '', ''] });
    expect(cell.counts).toMatchObject({ validRows: 2, invalidRows: 5, fixedRows: 1, fixVersion: 1 });
    await run(fixJobRow, { jobId: opsJobId, line: 3, values: { 'Work Email': 'jo@example.com' } });

    // 2. The bulk fix: Country Code = FR for every row with an invalid phone, counted first.
    const preview = await ok('POST', '/jobs/{id}/fixes', fixSchemas.bulkFixPreviewSchema,
      { params: { id: apiJobId }, query: { preview: '1' }, json: COUNTRY_FR });
    expect(preview).toEqual({ rows: 4 });
    expect(await ok('POST', '/jobs/{id}/fixes', fixSchemas.bulkFixPreviewSchema,
      { params: { id: apiJobId }, json: { ...COUNTRY_FR, preview: true } })).toEqual({ rows: 4 });
    expect(await run(previewBulkFix, { jobId: opsJobId, ...COUNTRY_FR })).toEqual(preview);
    const started = await ok('POST', '/jobs/{id}/fixes', fixSchemas.fixOperationAnswerSchema, { params: { id: apiJobId }, json: COUNTRY_FR });
    expect(started.operation).toMatchObject({ kind: 'setValue', status: 'queued', targetRows: 4, actor: { id: admin.user.id } });
    expect((await ok('GET', '/jobs/{id}', schemas.jobSchema, { params: { id: apiJobId } })).step).toMatch(/^(fixing|validated)$/);
    await run(startBulkFix, { jobId: opsJobId, ...COUNTRY_FR });
    await fixesApplied(apiJobId);
    await fixesApplied(opsJobId);
    const stillPhones = await ok('GET', '/jobs/{id}/rows', fixSchemas.workbenchPageSchema,
      { params: { id: apiJobId }, query: { code: 'invalidPhone' } });
    expect(stillPhones.rows.map((r) => r.line)).toEqual([7]);
    expect(stillPhones.counts).toMatchObject({ validRows: 4, invalidRows: 3, fixedRows: 3 });

    // 3. An exclusion, then 4. the undo of the cell edit.
    const excluded = await ok('PATCH', '/jobs/{id}/rows/{line}', fixSchemas.fixedRowSchema,
      { params: { id: apiJobId, line: '8' }, json: { excluded: true } });
    expect(excluded).toMatchObject({ row: { state: 'excluded' }, counts: { excludedRows: 1, invalidRows: 2 } });
    await run(fixJobRow, { jobId: opsJobId, line: 8, excluded: true });
    const operations = await ok('GET', '/jobs/{id}/fix-operations', fixSchemas.fixOperationListSchema, { params: { id: apiJobId } });
    expect(operations.items.map((o) => o.kind)).toEqual(['exclude', 'setValue', 'cell']);
    const cellOperation = operations.items[2];
    expect(cellOperation).toMatchObject({ status: 'applied', changedRows: 1, undoable: true });
    const undo = await ok('POST', '/jobs/{id}/fix-operations/{operationId}/undo', fixSchemas.fixOperationAnswerSchema,
      { params: { id: apiJobId, operationId: cellOperation.id } });
    expect(undo.operation).toMatchObject({ kind: 'undo', undoes: cellOperation.id });
    const opsCell = (await run<{ items: { id: string; kind: string }[] }>(listFixOperations, { jobId: opsJobId })).items.find((o) => o.kind === 'cell')!;
    await run(undoFixOperation, { jobId: opsJobId, operationId: opsCell.id });
    await fixesApplied(apiJobId);
    await fixesApplied(opsJobId);

    const byApi = await workbenchState(apiJobId);
    expect(byApi).toEqual(await workbenchState(opsJobId));
    expect(byApi.counts).toMatchObject({ validRows: 3, invalidRows: 3, fixedRows: 2, excludedRows: 1 });
    expect(byApi.rows.find((r) => (r as { line: number }).line === 3)).toMatchObject({ state: 'invalid', cells: ['f-2', 'Jo', 'Exa', 'jo@exa', '', ''] });
    expect(byApi.operations.map((o) => [o.kind, o.status, o.undone])).toEqual([
      ['undo', 'applied', false], ['exclude', 'applied', false], ['setValue', 'applied', false], ['cell', 'applied', true],
    ]);

    // The history through the API: every change, one line's alone.
    const history = await ok('GET', '/jobs/{id}/fixes', fixSchemas.fixRecordListSchema, { params: { id: apiJobId } });
    expect(history.total).toBe(byApi.fixes.length);
    const line3 = await ok('GET', '/jobs/{id}/fixes', fixSchemas.fixRecordListSchema, { params: { id: apiJobId }, query: { line: '3' } });
    expect(line3.items.map((f) => [f.kind, f.column, f.before, f.after])).toEqual([
      ['undo', 'Work Email', 'jo@example.com', 'jo@exa'], ['cell', 'Work Email', 'jo@exa', 'jo@example.com'],
    ]);
    expect(line3.items[0].actor).toEqual({ id: admin.user.id, name: admin.user.name });
    const page2 = await ok('GET', '/jobs/{id}/fixes', fixSchemas.fixRecordListSchema,
      { params: { id: apiJobId }, query: { page: '2', pageSize: '2' } });
    expect(page2.items).toEqual(history.items.slice(2, 4));

    // The dry run of the job as fixed, through the API as through the operation, and the same for both jobs.
    const projection = await settledProjection(apiJobId);
    expect(projection).toMatchObject({ status: 'done', loadType: 'upsert',
      counts: { inserted: 3, updated: 0, merged: 0, unchanged: 0, deleted: 0, skipped: 0, failed: 0, dropped: 0 } });
    expect(projection.samples.created.map((c) => c.email).sort()).toEqual(['ann@example.test', 'lise@example.test', 'paul@example.test']);
    expect(await run(getJobProjection, { jobId: apiJobId })).toEqual(projection);
    expect((await settledProjection(opsJobId)).counts).toEqual(projection.counts);

    // The error report says what was fixed, and lists the excluded line.
    const report = await callApi('GET', '/jobs/{id}/error-report', { token, params: { id: apiJobId } });
    const lines = (await report.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('External ID,First Name,Last Name,Work Email,Work Phone,Country Code,Line,Error,Fixed');
    expect(lines.find((l) => l.startsWith('f-5,'))).toMatch(/,FR,6,.*,Country Code: \(empty\) -> FR$/);
    expect(lines.find((l) => l.startsWith('f-7,'))).toMatch(/^f-7,Eve,Out,eve@exa,,,8,Not imported: excluded on the validation page\.; /);
    expect(lines.some((l) => l.startsWith('f-3,'))).toBe(false);

    // The import that follows does what the dry run said.
    await ok('POST', '/jobs/{id}/continue', schemas.jobSchema, { params: { id: apiJobId } });
    await waitForJob(handle.db, apiJobId, (job) => job.status !== 'running', 60_000);
    const imported = await ok('GET', '/jobs/{id}', schemas.jobSchema, { params: { id: apiJobId } });
    // The job's `failed` counts the rows not imported (3 invalid, 1 excluded); the dry run's, the rows the engine refuses.
    const { failed: refused, ...applied } = projection.counts;
    expect(imported).toMatchObject({ status: 'completed',
      counters: { ...applied, imported: 3, notImported: 4 + refused, excludedRows: 1, fixedRows: 2 } });
  });
});

describe('fixes refused', () => {
  let jobId: string;

  beforeAll(async () => {
    jobId = await apiJob('Fixes refused');
  }, 120_000);

  it('answers 403 to a token or a user without importJob:edit, and changes nothing', async () => {
    const before = await snapshot(jobId);
    const viewToken = (await issueToken(admin, [VIEW, VIEW_ALL])).token;
    const reader = await createActor(handle.db, [VIEW, VIEW_ALL], home);
    const readerToken = (await issueToken(reader)).token;
    const [someOperation] = await queryRows<{ id: string }>(handle.db, sql`select gen_random_uuid()::text as id`);
    for (const caller of [viewToken, readerToken]) {
      token = caller;
      // Reading is allowed, and says the rows cannot be fixed by this caller.
      expect((await ok('GET', '/jobs/{id}/rows', fixSchemas.workbenchPageSchema, { params: { id: jobId } })).editable).toBe(false);
      expect(await ok('POST', '/jobs/{id}/fixes', fixSchemas.bulkFixPreviewSchema,
        { params: { id: jobId }, query: { preview: '1' }, json: COUNTRY_FR })).toEqual({ rows: 4 });
      const refusals = [
        await refused('PATCH', '/jobs/{id}/rows/{line}', { params: { id: jobId, line: '3' }, json: { values: { 'Work Email': 'jo@example.com' } } }, 403),
        await refused('PATCH', '/jobs/{id}/rows/{line}', { params: { id: jobId, line: '8' }, json: { excluded: true } }, 403),
        await refused('POST', '/jobs/{id}/fixes', { params: { id: jobId }, json: COUNTRY_FR }, 403),
        await refused('POST', '/jobs/{id}/fix-operations/{operationId}/undo', { params: { id: jobId, operationId: someOperation.id } }, 403),
      ];
      for (const refusal of refusals) expect(refusal.error.code).toBe('forbidden');
    }
    token = adminToken;
    expect(await snapshot(jobId)).toBe(before);
  });

  it('answers 404 for a line that is not a workbench row, 400 for a line that is not a number', async () => {
    token = adminToken;
    const before = await snapshot(jobId);
    for (const line of ['99999', '2']) {
      const refusal = await refused('PATCH', '/jobs/{id}/rows/{line}', { params: { id: jobId, line }, json: { excluded: true } }, 404);
      expect(refusal.error.code).toBe('notFound');
    }
    expect((await refused('PATCH', '/jobs/{id}/rows/{line}', { params: { id: jobId, line: 'three' }, json: { excluded: true } }, 400))
      .fieldErrors).toHaveProperty('line');
    const [unknown] = await queryRows<{ id: string }>(handle.db, sql`select gen_random_uuid()::text as id`);
    expect((await refused('POST', '/jobs/{id}/fix-operations/{operationId}/undo', { params: { id: jobId, operationId: unknown.id } }, 404))
      .error.code).toBe('notFound');
    expect(await snapshot(jobId)).toBe(before);
  });

  it('answers 400 for a column the file lacks, its message in the language asked', async () => {
    token = adminToken;
    const before = await snapshot(jobId);
    const english = await refused('PATCH', '/jobs/{id}/rows/{line}',
      { params: { id: jobId, line: '3' }, json: { values: { Nope: 'x' } }, headers: { 'Accept-Language': 'en' } }, 400);
    expect(english.error).toEqual({ code: 'jobs.fixes.unknownColumn', message: getTranslator('en')('jobs.fixes.errors.unknownColumn', { column: 'Nope' }) });
    expect(english.error.message).toContain('“Nope”');
    const french = await refused('PATCH', '/jobs/{id}/rows/{line}',
      { params: { id: jobId, line: '3' }, json: { values: { Nope: 'x' } }, headers: { 'Accept-Language': 'fr' } }, 400);
    expect(french.error).toEqual({ code: 'jobs.fixes.unknownColumn', message: getTranslator('fr')('jobs.fixes.errors.unknownColumn', { column: 'Nope' }) });
    expect(french.error.message).not.toBe(english.error.message);
    expect(french.fieldErrors).toHaveProperty(['values.Nope']);
    // A bulk fix on it too, previewed or started.
    const bad = { filter: {}, action: { kind: 'setValue', column: 'Nope', value: 'x' } };
    for (const query of [{ preview: '1' }, {}] as Record<string, string>[]) {
      const refusal = await refused('POST', '/jobs/{id}/fixes', { params: { id: jobId }, query, json: bad, headers: { 'Accept-Language': 'fr' } }, 400);
      expect(refusal.error).toEqual(french.error);
    }
    // An action the API does not know: the input's own refusal.
    const unknownAction = await refused('POST', '/jobs/{id}/fixes', { params: { id: jobId }, json: { action: { kind: 'shout', column: 'Work Email' } } }, 400);
    expect(unknownAction.error.code).toBe('invalidInput');
    expect(await snapshot(jobId)).toBe(before);
  });

  it('answers 409 while a bulk fix waits or runs, and takes fixes again once it is applied', async () => {
    token = adminToken;
    // No worker: the bulk fix stays queued, the job at the step fixing.
    await worker?.stop();
    worker = undefined;
    try {
      const { operation } = await ok('POST', '/jobs/{id}/fixes', fixSchemas.fixOperationAnswerSchema, { params: { id: jobId }, json: COUNTRY_FR });
      expect((await ok('GET', '/jobs/{id}', schemas.jobSchema, { params: { id: jobId } })).step).toBe('fixing');
      const before = await snapshot(jobId);
      const refusals = [
        await refused('PATCH', '/jobs/{id}/rows/{line}', { params: { id: jobId, line: '3' }, json: { values: { 'Work Email': 'jo@example.com' } } }, 409),
        await refused('POST', '/jobs/{id}/fixes', { params: { id: jobId }, json: { action: { kind: 'exclude' } } }, 409),
        await refused('POST', '/jobs/{id}/fix-operations/{operationId}/undo', { params: { id: jobId, operationId: operation.id } }, 409),
      ];
      for (const refusal of refusals) expect(refusal.error.code).toBe('jobs.fixes.notEditable');
      expect((await ok('GET', '/jobs/{id}/rows', fixSchemas.workbenchPageSchema, { params: { id: jobId } })).editable).toBe(false);
      expect(await snapshot(jobId)).toBe(before);
    } finally {
      worker = await startJobWorker(handle, { config: { heartbeatMs: 200, pollingSeconds: 0.5 } });
    }
    await fixesApplied(jobId);
    const phones = await ok('GET', '/jobs/{id}/rows', fixSchemas.workbenchPageSchema, { params: { id: jobId }, query: { code: 'invalidPhone' } });
    expect(phones.rows.map((r) => r.line)).toEqual([7]);
    expect(phones.editable).toBe(true);
  });

  it('answers 409 once the job imports, and changes nothing', async () => {
    token = adminToken;
    await ok('PATCH', '/jobs/{id}/rows/{line}', fixSchemas.fixedRowSchema, { params: { id: jobId, line: '3' }, json: { values: { 'Work Email': 'jo@example.com' } } });
    const [cellOperation] = (await ok('GET', '/jobs/{id}/fix-operations', fixSchemas.fixOperationListSchema, { params: { id: jobId } })).items;
    await waitForJob(handle.db, jobId, isValidated, 60_000);
    await ok('POST', '/jobs/{id}/continue', schemas.jobSchema, { params: { id: jobId } });
    const before = await snapshot(jobId);
    expect(JSON.parse(before).job.step).not.toBe('validated');
    const refusals = [
      await refused('PATCH', '/jobs/{id}/rows/{line}', { params: { id: jobId, line: '4' }, json: { values: { 'Country Code': 'FR' } } }, 409),
      await refused('PATCH', '/jobs/{id}/rows/{line}', { params: { id: jobId, line: '8' }, json: { excluded: true } }, 409),
      await refused('POST', '/jobs/{id}/fixes', { params: { id: jobId }, json: COUNTRY_FR }, 409),
      await refused('POST', '/jobs/{id}/fix-operations/{operationId}/undo', { params: { id: jobId, operationId: cellOperation.id } }, 409),
    ];
    for (const refusal of refusals) {
      expect(refusal.error.code).toBe('jobs.fixes.notEditable');
      expect(refusal.error.message).toBe(getTranslator('en')('jobs.fixes.errors.notEditable'));
    }
    // The import goes on with the fixes made before: line 3's e-mail, lines 4 and 5's country.
    const done = await waitForJob(handle.db, jobId, (job) => job.status !== 'running', 60_000);
    expect(done).toMatchObject({ status: 'completed', imported: 4 });
    const [imported] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from contacts where work_email = 'jo@example.com'`);
    expect(Number(imported.n)).toBe(1);
    const after = JSON.parse(await snapshot(jobId));
    expect(after.counts).toEqual(JSON.parse(before).counts);
    expect(after.edits).toEqual(JSON.parse(before).edits);
  });
});
