import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { divisions, importProfiles, jobRowErrors } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { startImportJob } from '@/lib/import/jobs/operations';
import { startJobWorker, type JobWorker } from '@/lib/import/jobs/queue/worker';
import { listJobErrors } from '@/lib/import/jobs/reports/report-operations';
import { streamErrorReport } from '@/lib/import/jobs/reports/error-report-stream';
import { createActor, IMPORTING } from '../support/fixtures';
import { HEADER, createProfile, createReadyUpload, isEnded, waitForJob } from '../support/job-fixtures';
import { createTestDatabase } from '../support/test-db';

// A file that names the same contact twice: the later row gets a warning naming both lines, stays
// valid and is imported after the first; the invalid-row count and the error report ignore it.

let handle: DatabaseHandle;
let divisionId: string;
let owner: OperationContext;
const workers: JobWorker[] = [];

beforeAll(async () => {
  handle = await createTestDatabase();
  const [division] = await handle.db.insert(divisions).values({ name: 'Repeats' }).returning();
  divisionId = division.id;
  owner = await createActor(handle.db, ['externalContacts:importJob:add', 'externalContacts:importJob:edit',
    'externalContacts:importJob:view', 'externalContacts:importSettings:viewAll', 'externalContacts:contact:view', ...IMPORTING], divisionId);
  await installJobQueues(handle);
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

afterAll(async () => { await handle?.close(); });

async function runJob(csv: string, matchBy: string[] = ['externalId']) {
  workers.push(await startJobWorker(handle, { config: { heartbeatMs: 200, pollingSeconds: 0.5 } }));
  const profile = await createProfile(handle.db);
  await handle.db.update(importProfiles).set({ matchBy }).where(eq(importProfiles.id, profile.id));
  const upload = await createReadyUpload(handle.db, owner.user.id, csv);
  const started = await executeOperation(startImportJob, {
    uploadId: upload.id, profileId: profile.id, divisionId, description: 'Repeats', autoContinue: true,
  }, owner);
  if (!started.ok) throw new Error(`start refused: ${JSON.stringify(started)}`);
  return waitForJob(handle.db, started.data.id, isEnded);
}

const storedOf = (jobId: string) => handle.db.select({
  line: jobRowErrors.line, column: jobRowErrors.column, code: jobRowErrors.code, params: jobRowErrors.params,
  severity: jobRowErrors.severity,
}).from(jobRowErrors).where(eq(jobRowErrors.jobId, jobId)).orderBy(asc(jobRowErrors.line));

async function errorsPage(jobId: string, input: { severity?: 'error' | 'warning'; locale?: 'en' | 'fr' } = {}) {
  const result = await executeOperation(listJobErrors, { jobId, ...input }, owner);
  if (!result.ok) throw new Error(`listJobErrors refused: ${JSON.stringify(result)}`);
  return result.data;
}

describe('a row that repeats an earlier row of the same file', () => {
  it('is a warning naming both lines; it stays valid and is imported after the first', async () => {
    // Line 1 is the header; line 7 repeats line 3's External ID; line 9 is invalid.
    const csv = [
      HEADER,
      'r-1,Ann,One,ann@example.test',
      'r-2,Bob,Two,bob@example.test',
      'r-3,Cy,Three,cy@example.test',
      'r-4,Di,Four,di@example.test',
      'r-5,Ed,Five,ed@example.test',
      'r-2,Bobby,Two,bobby@example.test',
      'r-6,Flo,Six,flo@example.test',
      'r-7,Gil,Seven,not-an-email',
    ].join('\r\n');
    const job = await runJob(csv);
    expect(job).toMatchObject({
      status: 'completed', rowsInFile: 8, validRows: 7, invalidRows: 1, repeatedRows: 1,
      imported: 7, notImported: 1, inserted: 6, updated: 1,
    });
    expect(await storedOf(job.id)).toEqual([
      { line: 7, column: 'External ID', code: 'repeatedIdentifier', params: { firstLine: 3, column: 'External ID' }, severity: 'warning' },
      { line: 9, column: 'Work Email', code: 'invalidEmail', params: { value: 'not-an-email' }, severity: 'error' },
    ]);

    const all = await errorsPage(job.id);
    expect(all).toMatchObject({ total: 2, errors: 1, warnings: 1 });
    expect(all.codes).toEqual(expect.arrayContaining([
      { code: 'repeatedIdentifier', severity: 'warning', count: 1 }, { code: 'invalidEmail', severity: 'error', count: 1 },
    ]));
    const warnings = await errorsPage(job.id, { severity: 'warning' });
    expect(warnings.items.map((item) => [item.line, item.severity, item.message])).toEqual([[7, 'warning',
      'Line 7 repeats line 3 (same External ID). Both lines are imported, in file order: the later one updates what the earlier one wrote.']]);
    expect((await errorsPage(job.id, { severity: 'warning', locale: 'fr' })).items[0].message)
      .toMatch(/^La ligne 7 répète la ligne 3 \(même External ID\)/);
    const errors = await errorsPage(job.id, { severity: 'error' });
    expect(errors.items.map((item) => item.line)).toEqual([9]);

    // The error report lists the rows to fix and import again: not line 7, which was imported.
    let report = '';
    for await (const chunk of streamErrorReport(handle.db, job.id, 'en')) report += chunk;
    expect(report).toContain('not-an-email');
    expect(report).not.toContain('Bobby');
  });

  it('counts an e-mail that differs only by case, when the profile matches by e-mail', async () => {
    const csv = [
      HEADER,
      'm-1,Ann,One,ann@example.test',
      'm-2,Bob,Two,bob@example.test',
      'm-3,Anne,One,ANN@Example.TEST',
      'm-4,Bob,Again,bob@example.test',
    ].join('\r\n');
    const job = await runJob(csv, ['workEmail']);
    expect(job).toMatchObject({ status: 'completed', rowsInFile: 4, validRows: 4, invalidRows: 0, repeatedRows: 2, imported: 4 });
    expect(await storedOf(job.id)).toEqual([
      { line: 4, column: 'Work Email', code: 'repeatedIdentifier', params: { firstLine: 2, column: 'Work Email' }, severity: 'warning' },
      { line: 5, column: 'Work Email', code: 'repeatedIdentifier', params: { firstLine: 3, column: 'Work Email' }, severity: 'warning' },
    ]);
    expect(await errorsPage(job.id)).toMatchObject({ errors: 0, warnings: 2 });
  });
});
