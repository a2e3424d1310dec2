import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { divisions } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import type { Permission } from '@/lib/auth/permissions';
import { importSteps } from '@/lib/import/jobs/steps/steps';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { createImportJob, finishValidation } from '@/lib/import/jobs/lifecycle';
import { cancelImportJob, continueImportJob, getImportJob } from '@/lib/import/jobs/operations';
import { getImportJobDetails, listJobErrors } from '@/lib/import/jobs/reports/report-operations';
import { stepPageOf } from '@/components/import/wizard/run/job-phase';
import { estimateSecondsLeft, formatDuration } from '@/components/import/wizard/run/time-left';
import { createActor, IMPORTING } from '../support/fixtures';
import { createProfile, createReadyUpload, HEADER, readJob } from '../support/job-fixtures';
import { createTestDatabase } from '../support/test-db';

// The validation and import steps of the wizard, on a real validated job: the log's filter by
// error type and its counts, the 500 cap, and who may press Import / Cancel import.

const VIEW: Permission = 'externalContacts:importJob:view';
const VIEW_ALL: Permission = 'externalContacts:importJob:viewAll';
const EDIT: Permission = 'externalContacts:importJob:edit';
const noProgress = { signal: new AbortController().signal, onProgress: () => {} };

/** Line numbers (the header is line 1) of each kind of bad row in the file below. */
const BAD_EMAIL_LINES = Array.from({ length: 520 }, (_, i) => 2 + i * 2);
const MISSING_ID_LINES = [3, 401, 1041];
const EXTRA_CELL_LINES = [5, 999];

/** 1,041 data lines: 520 bad e-mails, 3 rows without External ID, 2 rows with a cell too many. */
function mixedCsv(): string {
  const lines = [HEADER];
  for (let line = 2; line <= 1042; line += 1) {
    const id = MISSING_ID_LINES.includes(line) ? '' : `w-${line}`;
    const email = BAD_EMAIL_LINES.includes(line) ? `bad-${line}@` : `w${line}@example.test`;
    lines.push(`${id},First ${line},Last ${line},${email}${EXTRA_CELL_LINES.includes(line) ? ',extra' : ''}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

let handle: DatabaseHandle;
let divisionId: string;
let owner: OperationContext;
let jobId: string;
let uploadId: string;

/** A job through the real lifecycle, validated by the real step (no worker needed). */
async function validatedJob(actor: OperationContext, csv: string) {
  const upload = await createReadyUpload(handle.db, actor.user.id, csv);
  const profile = await createProfile(handle.db);
  const job = await createImportJob(handle.db, {
    uploadId: upload.id, profileId: profile.id, divisionId, description: 'Wizard run', requestedBy: actor.user.id,
  });
  const outcome = await importSteps.validate(handle.db, job.id, noProgress);
  expect(await finishValidation(handle.db, job.id, outcome)).toBe('validated');
  return { job, upload };
}

const auditCount = async () =>
  (await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from audit_log`))[0].n;

beforeAll(async () => {
  handle = await createTestDatabase();
  const [division] = await handle.db.insert(divisions).values({ name: 'Wizard run' }).returning();
  divisionId = division.id;
  owner = await createActor(handle.db, [VIEW, EDIT, 'externalContacts:importJob:add', 'externalContacts:contact:view', ...IMPORTING], divisionId);
  await installJobQueues(handle);
  const { job, upload } = await validatedJob(owner, mixedCsv());
  jobId = job.id;
  uploadId = upload.id;
});

afterAll(async () => { await handle?.close(); });

describe('the validation log of a validated job', () => {
  it('counts the rows and every error code, most frequent first', async () => {
    expect(await readJob(handle.db, jobId)).toMatchObject({
      status: 'running', step: 'validated', rowsInFile: 1041, invalidRows: 525, validRows: 516,
    });
    const result = await executeOperation(listJobErrors, { jobId }, owner);
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.data.codes).toEqual([
      { code: 'invalidEmail', severity: 'error', count: 520 }, { code: 'externalIdMissing', severity: 'error', count: 3 },
      { code: 'wrongColumnCount', severity: 'error', count: 2 },
    ]);
    expect(result.data.total).toBe(525);
    expect(result.data).toMatchObject({ errors: 525, warnings: 0 });
  });

  it('shows the first 500 errors in line order, and never more on one page', async () => {
    const result = await executeOperation(listJobErrors, { jobId }, owner);
    if (!result.ok) throw new Error(JSON.stringify(result));
    const { items, pageSize } = result.data;
    expect(pageSize).toBe(500);
    expect(items).toHaveLength(500);
    const lines = items.map((e) => e.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(lines[0]).toBe(2);
    expect(items.every((e) => e.message.length > 0 && !e.message.startsWith('importErrors.'))).toBe(true);
    expect(await executeOperation(listJobErrors, { jobId, pageSize: 501 }, owner)).toMatchObject({ ok: false, status: 400 });
  });

  it('filters by error type: only that code, its own total, and the counts of every code kept for the filter', async () => {
    const missing = await executeOperation(listJobErrors, { jobId, code: 'externalIdMissing', locale: 'fr' }, owner);
    if (!missing.ok) throw new Error(JSON.stringify(missing));
    expect(missing.data.total).toBe(3);
    expect(missing.data.items.map((e) => [e.line, e.code, e.column])).toEqual(
      MISSING_ID_LINES.map((line) => [line, 'externalIdMissing', 'External ID']));
    expect(missing.data.items[0].message).toMatch(/ID externe|External ID/);
    expect(missing.data.codes).toHaveLength(3);

    const short = await executeOperation(listJobErrors, { jobId, code: 'wrongColumnCount' }, owner);
    expect(short).toMatchObject({ ok: true, data: { total: 2, items: EXTRA_CELL_LINES.map((line) => ({ line, column: null })) } });

    const emails = await executeOperation(listJobErrors, { jobId, code: 'invalidEmail' }, owner);
    if (!emails.ok) throw new Error(JSON.stringify(emails));
    expect(emails.data.total).toBe(520);
    expect(emails.data.items).toHaveLength(500);
    expect(emails.data.items.every((e) => e.code === 'invalidEmail' && e.column === 'Work Email')).toBe(true);

    const none = await executeOperation(listJobErrors, { jobId, code: 'invalidPhone' }, owner);
    expect(none).toMatchObject({ ok: true, data: { total: 0, items: [] } });
  });
});

describe('the job details of the job page and the Back link', () => {
  it('names the upload, division, profile, source and who asked', async () => {
    const result = await executeOperation(getImportJobDetails, { jobId }, owner);
    expect(result).toMatchObject({
      ok: true,
      data: {
        uploadId, divisionName: 'Wizard run', requestedByName: owner.user.name, onBehalfOfName: null,
        profileName: expect.stringMatching(/^Profile /), sourceName: expect.stringMatching(/^CRM /),
        loadType: 'upsert', mergeMode: 'updateFirst', matchBy: ['externalId'],
      },
    });
  });

  it("is not found for another user's job without viewAll, refused without any job permission", async () => {
    const stranger = await createActor(handle.db, [VIEW], divisionId);
    expect(await executeOperation(getImportJobDetails, { jobId }, stranger)).toMatchObject({ ok: false, status: 404 });
    const nobody = await createActor(handle.db, ['externalContacts:contact:view'], divisionId);
    expect(await executeOperation(getImportJobDetails, { jobId }, nobody)).toMatchObject({ ok: false, status: 403 });
  });
});

describe('Import and Cancel import', () => {
  it('are refused to a caller who may see the job but not edit it, and change nothing', async () => {
    const supervisor = await createActor(handle.db, [VIEW, VIEW_ALL, 'externalContacts:importJob:add', ...IMPORTING], divisionId);
    expect(await executeOperation(getImportJob, { id: jobId }, supervisor)).toMatchObject({ ok: true });
    const before = await readJob(handle.db, jobId);
    const audits = await auditCount();
    expect(await executeOperation(continueImportJob, { id: jobId }, supervisor)).toMatchObject({ ok: false, status: 403 });
    expect(await executeOperation(cancelImportJob, { id: jobId }, supervisor)).toMatchObject({ ok: false, status: 403 });
    expect(await readJob(handle.db, jobId)).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });

  it('let the owner cancel a validated job: the validation page then shows it cancelled', async () => {
    const { job } = await validatedJob(owner, mixedCsv());
    const result = await executeOperation(cancelImportJob, { id: job.id }, owner);
    expect(result).toMatchObject({ ok: true, data: { status: 'cancelled', step: 'validated' } });
    if (result.ok) expect(stepPageOf(result.data)).toBe('validation');
  });

  it('let the owner continue: the job moves to the import step page', async () => {
    const result = await executeOperation(continueImportJob, { id: jobId }, owner);
    expect(result).toMatchObject({ ok: true, data: { status: 'running', step: 'importing' } });
    if (result.ok) expect(stepPageOf(result.data)).toBe('import');
    const [audit] = await queryRows<{ action: string }>(handle.db,
      sql`select action from audit_log where target_id = ${jobId} order by id desc limit 1`);
    expect(audit.action).toBe('importJob.continue');
    expect((await readJob(handle.db, jobId)).step).toBe('importing');
    expect(await handle.db.select().from(divisions).where(eq(divisions.id, divisionId))).toHaveLength(1);
  });
});

describe('the time left shown during the import', () => {
  it('waits for a rate, then extrapolates it and speaks the reader’s language', () => {
    expect(estimateSecondsLeft({ at: 0, done: 0 }, { at: 1000, done: 500 }, 10_000)).toBeNull();
    expect(estimateSecondsLeft({ at: 0, done: 100 }, { at: 5000, done: 100 }, 10_000)).toBeNull();
    expect(estimateSecondsLeft({ at: 0, done: 0 }, { at: 2000, done: 1000 }, 10_000)).toBe(18);
    expect(formatDuration(18, 'en')).toBe('18 seconds');
    expect(formatDuration(150, 'fr')).toBe('3 minutes');
    expect(formatDuration(4 * 3600, 'en')).toBe('4 hours');
  });
});
