import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { contactExternalIds, contacts, divisions, externalSources, importProfiles } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import type { ImportSettings } from '@/lib/import/rows/types';
import { importSteps } from '@/lib/import/jobs/steps/steps';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { streamErrorReport } from '@/lib/import/jobs/reports/error-report-stream';
import { continueJob, createImportJob } from '@/lib/import/jobs/lifecycle';
import { finishImport, finishValidation } from '@/lib/import/jobs/queue/outcomes';
import { listJobErrors } from '@/lib/import/jobs/reports/report-operations';
import { createActor, IMPORTING } from '../support/fixtures';
import { createReadyUpload, readJob } from '../support/job-fixtures';
import { createTestDatabase } from '../support/test-db';

// SPEC: a contact holds at most 10 external IDs, all sources together. A row that would give a
// contact more (a new source's ID, or a merge) is not imported, with a translated error; the rest
// of the file is. Jobs go through the real steps and the runner's counters.

const HEADER = 'External ID,First Name,Work Email,Work Phone';
const noProgress = { signal: new AbortController().signal, onProgress: () => {} };

let handle: DatabaseHandle;
let divisionId: string;
let owner: OperationContext;
/** Twelve sources: S0 to S11. */
let sources: string[];

beforeAll(async () => {
  handle = await createTestDatabase();
  const [division] = await handle.db.insert(divisions).values({ name: 'External ID limit' }).returning();
  divisionId = division.id;
  owner = await createActor(handle.db, [
    'externalContacts:importJob:view', 'externalContacts:importJob:add', 'externalContacts:contact:view', ...IMPORTING,
  ], divisionId);
  await installJobQueues(handle);
  sources = [];
  for (let i = 0; i < 12; i += 1) {
    const [source] = await handle.db.insert(externalSources).values({ name: `Limit S${i}` }).returning();
    sources.push(source.id);
  }
});

afterEach(() => { delete process.env.IMPORT_BATCH_SIZE; });
afterAll(async () => { await handle?.close(); });

/** A contact of the division holding `ids` ([source index, value]). */
async function seedContact(values: { firstName: string; workEmail?: string; workPhone?: string }, ids: [number, string][]) {
  const [contact] = await handle.db.insert(contacts).values({ divisionId, ...values }).returning();
  for (const [source, value] of ids) {
    await handle.db.insert(contactExternalIds).values({ contactId: contact.id, sourceId: sources[source], value });
  }
  return contact.id;
}

/** `count` IDs in sources `from`, `from + 1`...: `<tag>-<source>`. */
const idsIn = (tag: string, from: number, count: number): [number, string][] =>
  Array.from({ length: count }, (_, i) => [from + i, `${tag}-${from + i}`]);

/** Validates and imports a file into source `source` through the runner's outcomes; the job at its end. */
async function runImport(source: number, lines: string[], settings: Partial<Pick<ImportSettings, 'mergeMode' | 'matchBy'>> = {}) {
  const [profile] = await handle.db.insert(importProfiles).values({
    name: `Limit ${Math.random().toString(36).slice(2)}`, externalSourceId: sources[source],
    matchBy: settings.matchBy ?? ['externalId', 'workEmail', 'workPhone'], mergeMode: settings.mergeMode ?? 'updateFirst',
    importFields: ['firstName', 'workEmail', 'workPhone'],
    columnMapping: { 'External ID': 'externalId', 'First Name': 'firstName', 'Work Email': 'workEmail', 'Work Phone': 'workPhone' },
  }).returning();
  const upload = await createReadyUpload(handle.db, owner.user.id, `${[HEADER, ...lines].join('\r\n')}\r\n`);
  const job = await createImportJob(handle.db, {
    uploadId: upload.id, profileId: profile.id, divisionId, description: 'limit', requestedBy: owner.user.id,
  });
  expect(await finishValidation(handle.db, job.id, await importSteps.validate(handle.db, job.id, noProgress))).toBe('validated');
  await continueJob(handle.db, job.id);
  expect(await finishImport(handle.db, job.id, await importSteps.importRows(handle.db, job.id, noProgress))).toBe('completed');
  return readJob(handle.db, job.id);
}

async function idsOf(contactId: number): Promise<string[]> {
  const rows = await queryRows<{ value: string }>(handle.db, sql`
    select value from contact_external_ids where contact_id = ${contactId} order by value`);
  return rows.map((r) => r.value);
}

async function contactRow(contactId: number) {
  const [row] = await queryRows<{ first_name: string | null; merged_into: string | number | null; deleted_at: string | null }>(
    handle.db, sql`select first_name, merged_into, deleted_at from contacts where id = ${contactId}`);
  return { firstName: row.first_name, mergedInto: row.merged_into === null ? null : Number(row.merged_into), deletedAt: row.deleted_at };
}

async function errorsOf(jobId: string) {
  return queryRows<{ line: number; code: string; column: string | null; row: string[] | null }>(handle.db, sql`
    select line, code, "column", row from job_row_errors where job_id = ${jobId} order by line, id`);
}

const counters = (job: Awaited<ReturnType<typeof readJob>>) => ({
  rowsInFile: job.rowsInFile, validRows: job.validRows, invalidRows: job.invalidRows, imported: job.imported,
  notImported: job.notImported, failed: job.failed, inserted: job.inserted, updated: job.updated,
  unchanged: job.unchanged, merged: job.merged, deleted: job.deleted,
});

describe('the limit of 10 external IDs per contact, all sources together', () => {
  it('refuses a row that would give a contact of 10 IDs an 11th from another source, and imports the rest', async () => {
    const full = await seedContact({ firstName: 'Full', workEmail: 'full@limit.test' }, idsIn('full', 0, 10));
    const job = await runImport(10, [
      'S10-full,Renamed,full@limit.test,',
      'S10-new1,New one,new1@limit.test,',
      'S10-new2,New two,not-an-email,',
      'S10-new3,New three,new3@limit.test,',
    ]);
    expect(counters(job)).toEqual({
      rowsInFile: 4, validRows: 3, invalidRows: 1, imported: 2, notImported: 2, failed: 2,
      inserted: 2, updated: 0, unchanged: 0, merged: 0, deleted: 0,
    });
    expect(await errorsOf(job.id)).toEqual([
      { line: 2, code: 'tooManyExternalIds', column: null, row: ['S10-full', 'Renamed', 'full@limit.test', ''] },
      { line: 4, code: 'invalidEmail', column: 'Work Email', row: ['S10-new2', 'New two', 'not-an-email', ''] },
    ]);
    expect(await idsOf(full)).toHaveLength(10);
    expect(await idsOf(full)).not.toContain('S10-full');
    expect((await contactRow(full)).firstName).toBe('Full');

    // The validation log and the error report show it translated.
    const en = await executeOperation(listJobErrors, { jobId: job.id, code: 'tooManyExternalIds', locale: 'en' }, owner);
    const fr = await executeOperation(listJobErrors, { jobId: job.id, code: 'tooManyExternalIds', locale: 'fr' }, owner);
    if (!en.ok || !fr.ok) throw new Error(JSON.stringify({ en, fr }));
    expect(en.data.items.map((e) => e.message))
      .toEqual(['This row would give the contact more than 10 external IDs (all sources together).']);
    expect(fr.data.items.map((e) => e.message))
      .toEqual(['Cette ligne donnerait au contact plus de 10 identifiants externes (toutes sources confondues).']);
    expect(en.data.codes).toEqual(expect.arrayContaining([{ code: 'tooManyExternalIds', severity: 'error', count: 1 }]));
    let report = '';
    for await (const chunk of streamErrorReport(handle.db, job.id, 'en')) report += chunk;
    expect(report).toContain('S10-full,Renamed,full@limit.test,,2,This row would give the contact more than 10 external IDs');

    // A row that gives it no new ID (its own ID in a source it is in) still updates it.
    const again = await runImport(3, ['full-3,Updated,full@limit.test,']);
    expect(counters(again)).toMatchObject({ imported: 1, notImported: 0, updated: 1 });
    expect((await contactRow(full)).firstName).toBe('Updated');
    expect(await idsOf(full)).toHaveLength(10);
  });

  it('accepts a 10th ID, then refuses an 11th given by a later row of the same file, in another batch', async () => {
    process.env.IMPORT_BATCH_SIZE = '2';
    const nine = await seedContact({ firstName: 'Nine', workEmail: 'nine@limit.test' }, idsIn('nine', 0, 9));
    const job = await runImport(9, [
      'S9-nine-a,Nine,nine@limit.test,',
      'S9-other,Other,other@limit.test,',
      'S9-nine-b,Nine,nine@limit.test,',
      'S9-nine-a,Nine again,nine@limit.test,',
    ]);
    // Line 2 gives the 10th ID (S9-nine-a); line 4 would give an 11th (S9-nine-b); line 5 matches by
    // the ID line 2 gave and adds none.
    expect(counters(job)).toEqual({
      rowsInFile: 4, validRows: 4, invalidRows: 0, imported: 3, notImported: 1, failed: 1,
      inserted: 1, updated: 2, unchanged: 0, merged: 0, deleted: 0,
    });
    // Line 5 repeats line 2's External ID: a warning, and the row is still imported.
    expect((await errorsOf(job.id)).map((e) => [e.line, e.code])).toEqual([[4, 'tooManyExternalIds'], [5, 'repeatedIdentifier']]);
    expect(await idsOf(nine)).toHaveLength(10);
    expect(await idsOf(nine)).toContain('S9-nine-a');
    expect((await contactRow(nine)).firstName).toBe('Nine again');
  });

  it('refuses a merge of two contacts of 6 IDs each, whole, and imports the rest of the file', async () => {
    const left = await seedContact({ firstName: 'Left', workEmail: 'left@limit.test' }, idsIn('left', 0, 6));
    const right = await seedContact({ firstName: 'Right', workPhone: '+16175550101' }, idsIn('right', 6, 6));
    const small1 = await seedContact({ firstName: 'Small', workEmail: 'small@limit.test' }, idsIn('small', 0, 3));
    const small2 = await seedContact({ firstName: 'Small too', workPhone: '+16175550102' }, idsIn('smalltoo', 3, 3));
    const job = await runImport(0, [
      'left-0,Merged,left@limit.test,+16175550101',
      'small-0,Merged small,small@limit.test,+16175550102',
    ], { mergeMode: 'mergeAll' });
    expect(counters(job)).toEqual({
      rowsInFile: 2, validRows: 2, invalidRows: 0, imported: 1, notImported: 1, failed: 1,
      inserted: 0, updated: 1, unchanged: 0, merged: 1, deleted: 0,
    });
    expect((await errorsOf(job.id)).map((e) => [e.line, e.code])).toEqual([[2, 'tooManyExternalIds']]);
    // Nothing of the refused row: no merge, no value written, each keeps its six IDs.
    expect(await contactRow(left)).toEqual({ firstName: 'Left', mergedInto: null, deletedAt: null });
    expect(await contactRow(right)).toEqual({ firstName: 'Right', mergedInto: null, deletedAt: null });
    expect(await idsOf(left)).toHaveLength(6);
    expect(await idsOf(right)).toHaveLength(6);
    // The small pair merged: 3 + 3 IDs on the survivor.
    expect(await contactRow(small2)).toMatchObject({ mergedInto: small1 });
    expect(await idsOf(small1)).toHaveLength(6);
  });

  it('counts a merge by the union of the IDs: two contacts of 6 sharing 2 make 10, accepted', async () => {
    const shared: [number, string][] = [[4, 'shared-4'], [5, 'shared-5']];
    const first = await seedContact({ firstName: 'First', workEmail: 'first@limit.test' }, [...idsIn('first', 0, 4), ...shared]);
    const second = await seedContact({ firstName: 'Second', workPhone: '+16175550103' }, [...shared, ...idsIn('second', 6, 4)]);
    const job = await runImport(0, ['first-0,Both,first@limit.test,+16175550103'], { mergeMode: 'mergeAll' });
    expect(counters(job)).toMatchObject({ imported: 1, notImported: 0, failed: 0, updated: 1, merged: 1 });
    expect(await errorsOf(job.id)).toEqual([]);
    expect(await contactRow(second)).toMatchObject({ mergedInto: first });
    expect(await idsOf(first)).toHaveLength(10);
  });
});
