import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testDriver } from '../support/test-db';
import { createActor, homeDivisionId } from '../support/fixtures';
import { createSource } from '../support/engine-fixtures';
import { importValidated, projectValidated, validatedJob } from '../support/import-pipeline';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { ALL_PERMISSIONS } from '@/lib/auth/permissions';
import { getJobProjection } from '@/lib/import/jobs/projection/operations';
import type { ProjectionView } from '@/lib/import/jobs/projection/types';
import type { ImportSettings } from '@/lib/import/rows/types';
import { lockSpaceOf, trySessionLock } from '@/db/advisory-lock';
import { divisionImportLock } from '@/lib/import/jobs/job-lock';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { importSteps } from '@/lib/import/jobs/steps/steps';
import { PGLITE_QUIET_ROWS } from '@/lib/import/jobs/projection/quiet-period';

// The dry run (projecting step) against the import that follows it, on PGlite and PostgreSQL:
// its counters must be the import's, its samples what the import then does, and nothing it
// wrote may last.

let handle: DatabaseHandle;
let divisionId: string;
let owner: OperationContext;
beforeAll(async () => {
  handle = await createTestDatabase();
  divisionId = await homeDivisionId(handle.db);
  owner = await createActor(handle.db, [...ALL_PERMISSIONS]);
  // The dry run queues itself again when it gives way.
  await installJobQueues(handle);
});
afterAll(async () => { await handle?.close(); });

// Seed 004's file (tests/e2e/support/wizard-run.ts): 1,000 contacts, 15 with an incomplete e-mail.
const BAD_ROWS = Array.from({ length: 15 }, (_, k) => 7 + k * 64);
function seed004Csv(tag: string, rows = 1000, firstName = (row: number) => `Ann${row}`): string {
  const lines = ['External ID,First Name,Last Name,Work Email'];
  for (let row = 1; row <= rows; row += 1) {
    const email = BAD_ROWS.includes(row) ? `contact.${row}@` : `contact.${row}.${tag}@example.test`;
    lines.push([`${tag}-${row}`, firstName(row), `Seed${tag}`, email].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** What lasts in the tables the engine writes: a dry run must leave every one as it was. */
async function footprint() {
  const [row] = await queryRows<Record<string, string>>(handle.db, sql`select
    (select count(*) from contacts)::text as contacts,
    (select md5(coalesce(string_agg(c::text, '|' order by id), '')) from contacts c) as contact_rows,
    (select count(*) from contact_external_ids)::text as external_ids,
    (select count(*) from external_organizations)::text as organizations,
    (select count(*) from job_contact_changes)::text as changes,
    (select count(*) from job_created_contacts)::text as created_runs,
    (select count(*) from job_change_counts)::text as change_counts,
    (select count(*) from job_row_errors)::text as row_errors,
    (select md5(string_agg(j::text, '|' order by id)) from import_jobs j) as jobs`);
  return row;
}

async function projectionOf(jobId: string): Promise<ProjectionView> {
  const result = await executeOperation(getJobProjection, { jobId }, owner);
  if (!result.ok) throw new Error(`getJobProjection refused: ${JSON.stringify(result)}`);
  return result.data as ProjectionView;
}

/** Validate, project (checking it leaves no trace), then import: the projection and the import's counters. */
async function projectThenImport(csv: string, sourceId: string, settings: Partial<ImportSettings> = {}) {
  const jobId = await validatedJob(handle.db, { csv, divisionId, userId: owner.user.id, sourceId, settings });
  expect((await projectionOf(jobId)).status).toBe('none');
  const before = await footprint();
  await projectValidated(handle.db, jobId);
  expect(await footprint()).toEqual(before);
  const projection = await projectionOf(jobId);
  expect(projection).toMatchObject({ status: 'done', stale: false, errorCode: null });
  const imported = await importValidated(handle.db, jobId);
  return { jobId, projection, imported };
}

const counters = ({ inserted, updated, merged, unchanged, deleted, skipped, failed, dropped }: ProjectionView['counts']) =>
  ({ inserted, updated, merged, unchanged, deleted, skipped, failed, dropped });

describe('the projection (dry run of the import)', () => {
  it('counts what the import of seed 004 then does, shows the contacts it creates, and leaves nothing behind', async () => {
    const sourceId = await createSource(handle.db);
    const [sequence] = await queryRows<{ id: string }>(handle.db, sql`select nextval(pg_get_serial_sequence('contacts', 'id'))::text as id`);
    const { projection, imported } = await projectThenImport(seed004Csv('p1'), sourceId);
    expect(counters(projection.counts)).toEqual({ ...counters(imported), dropped: imported.dropped });
    expect(projection.counts).toMatchObject({ inserted: 985, updated: 0, unchanged: 0, dropped: 0 });
    expect(projection.progress).toEqual({ done: 985, total: 985 });
    expect(projection.loadType).toBe('upsert');
    expect(projection.samples.created).toHaveLength(5);
    expect(projection.samples.created[0]).toMatchObject({ name: 'Ann1 Seedp1', email: 'contact.1.p1@example.test' });
    expect(projection.samples.updated).toEqual([]);
    // Identity sequences advance (the dry run took 985 ids), nothing else lasts: the import's
    // contacts come after the dry run's ids.
    const [first] = await queryRows<{ id: string }>(handle.db, sql`select min(c.id)::text as id from contacts c
      join contact_external_ids e on e.contact_id = c.id and e.source_id = ${sourceId}`);
    expect(Number(first.id)).toBeGreaterThan(Number(sequence.id) + 985);
  });

  it('counts a re-import of the same file as unchanged, and one with changed names as updated, field by field', async () => {
    const sourceId = await createSource(handle.db);
    await projectThenImport(seed004Csv('p2'), sourceId);
    const again = await projectThenImport(seed004Csv('p2'), sourceId);
    expect(counters(again.projection.counts)).toEqual({ ...counters(again.imported), dropped: again.imported.dropped });
    expect(again.projection.counts).toMatchObject({ inserted: 0, unchanged: 985 });

    const renamed = await projectThenImport(seed004Csv('p2', 1000, (row) => (row % 100 === 0 ? `Bea${row}` : `Ann${row}`)), sourceId);
    expect(counters(renamed.projection.counts)).toEqual({ ...counters(renamed.imported), dropped: renamed.imported.dropped });
    expect(renamed.projection.counts).toMatchObject({ inserted: 0, updated: 10, unchanged: 975 });
    expect(renamed.projection.samples.updated).toHaveLength(5);
    // Read before the rollback: the contact as it was, and only the field that changes.
    expect(renamed.projection.samples.updated[0]).toMatchObject({
      changes: [{ field: 'firstName', before: 'Ann100', after: 'Bea100' }],
    });
  });

  it('shows what a drop and insert drops, the contacts it really deletes first', async () => {
    const sourceId = await createSource(handle.db);
    await projectThenImport(seed004Csv('p3'), sourceId);
    // The new file brings back the first 500 rows only (8 of them incomplete): rows 501 to 1000 go.
    const { projection, imported } = await projectThenImport(seed004Csv('p3', 500), sourceId, { loadType: 'dropAndInsert' });
    expect(counters(projection.counts)).toEqual({ ...counters(imported), dropped: imported.dropped });
    expect(projection.counts).toMatchObject({ dropped: 985, inserted: 492 });
    expect(projection.loadType).toBe('dropAndInsert');
    expect(projection.samples.dropped).toHaveLength(5);
    for (const sample of projection.samples.dropped) expect(Number(sample.name.replace(/^Ann(\d+) .*$/, '$1'))).toBeGreaterThan(500);
  });

  it('shows a merge: the survivor and the contacts it absorbs', async () => {
    const sourceId = await createSource(handle.db);
    const header = 'External ID,First Name,Last Name,Work Email';
    await projectThenImport([header, 'm-1,Ann,One,ann.one@merge.test', 'm-2,Bob,Two,bob.two@merge.test'].join('\n'), sourceId);
    // m-1 by its external ID, m-2 by the e-mail: merged into the first found.
    const { projection, imported } = await projectThenImport([header, 'm-1,Ann,One,bob.two@merge.test'].join('\n'), sourceId,
      { mergeMode: 'mergeAll' });
    expect(counters(projection.counts)).toEqual({ ...counters(imported), dropped: imported.dropped });
    expect(projection.counts).toMatchObject({ merged: 1, updated: 1 });
    expect(projection.samples.merged).toEqual([{
      line: null, survivor: { contactId: expect.any(Number), name: 'Ann One' },
      absorbed: [{ contactId: expect.any(Number), name: 'Bob Two' }],
    }]);
    expect(projection.samples.updated[0]).toMatchObject({ name: 'Ann One' });
  });

  it('counts and shows the contacts a delete-listed file deletes', async () => {
    const sourceId = await createSource(handle.db);
    await projectThenImport(seed004Csv('p4'), sourceId);
    const listed = ['External ID', ...Array.from({ length: 12 }, (_, i) => `p4-${i + 1}`), 'p4-unknown'].join('\n');
    const { projection, imported } = await projectThenImport(listed, sourceId, { loadType: 'deleteListed' });
    expect(counters(projection.counts)).toEqual({ ...counters(imported), dropped: imported.dropped });
    // Row 7 was incomplete, never imported: 11 deleted, 2 listed IDs found nowhere.
    expect(projection.counts).toMatchObject({ deleted: 11, unchanged: 2 });
    expect(projection.samples.deleted.map((s) => s.name)).toEqual(['Ann1 Seedp4', 'Ann2 Seedp4', 'Ann3 Seedp4', 'Ann4 Seedp4', 'Ann5 Seedp4']);
  });

  it('reads the file with its fixes, as the import does: a fixed line imported, an excluded one left out', async () => {
    const sourceId = await createSource(handle.db);
    const jobId = await validatedJob(handle.db, { csv: seed004Csv('p8'), divisionId, userId: owner.user.id, sourceId });
    // Row 7 (line 8) had an incomplete e-mail: fixed; row 1 (line 2) excluded.
    const fixed = ['p8-7', 'Ann7', 'Seedp8', 'contact.7.fixed@example.test'];
    await handle.db.execute(sql`insert into job_row_edits (job_id, line, original, cells, excluded) values
      (${jobId}, 8, ${JSON.stringify(['p8-7', 'Ann7', 'Seedp8', 'contact.7@'])}::jsonb, ${JSON.stringify(fixed)}::jsonb, false),
      (${jobId}, 2, ${JSON.stringify(['p8-1', 'Ann1', 'Seedp8', 'contact.1.p8@example.test'])}::jsonb,
        ${JSON.stringify(['p8-1', 'Ann1', 'Seedp8', 'contact.1.p8@example.test'])}::jsonb, true)`);
    await handle.db.execute(sql`update import_jobs set fix_version = 2 where id = ${jobId}`);
    await projectValidated(handle.db, jobId);
    const projection = await projectionOf(jobId);
    expect(projection).toMatchObject({ status: 'done', fixVersion: 2, counts: { inserted: 985 } });
    expect(projection.samples.created[0]).toMatchObject({ name: 'Ann2 Seedp8' });
    const imported = await importValidated(handle.db, jobId);
    expect(counters(projection.counts)).toEqual({ ...counters(imported), dropped: imported.dropped });
    const [row] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from contacts where work_email = 'contact.7.fixed@example.test'`);
    expect(row.n).toBe(1);
  });

  it('goes stale when the job is fixed again, and is computed again at the new version', async () => {
    const sourceId = await createSource(handle.db);
    const jobId = await validatedJob(handle.db, { csv: seed004Csv('p5', 50), divisionId, userId: owner.user.id, sourceId });
    await projectValidated(handle.db, jobId);
    expect(await projectionOf(jobId)).toMatchObject({ status: 'done', stale: false, fixVersion: 0 });
    await handle.db.execute(sql`update import_jobs set fix_version = fix_version + 1 where id = ${jobId}`);
    expect(await projectionOf(jobId)).toMatchObject({ status: 'done', stale: true, fixVersion: 0 });
    await projectValidated(handle.db, jobId);
    const again = await projectionOf(jobId);
    expect(again).toMatchObject({ status: 'done', stale: false, fixVersion: 1 });
    expect(again.counts.inserted).toBe(49);
  });

  it('gives way to an import holding the division: asks to run again later instead of waiting', async () => {
    const sourceId = await createSource(handle.db);
    const jobId = await validatedJob(handle.db, { csv: seed004Csv('p7', 30), divisionId, userId: owner.user.id, sourceId });
    const held = await trySessionLock(lockSpaceOf(handle)!, divisionImportLock(divisionId));
    try {
      const started = Date.now();
      await projectValidated(handle.db, jobId);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await held!.release();
    }
    expect(await projectionOf(jobId)).toMatchObject({ status: 'running', counts: { inserted: 0 } });
    const [queued] = await queryRows<{ later: boolean }>(handle.db, sql`select start_after > now() as later from pgboss.job
      where name = 'import-project' and singleton_key = ${`${jobId}:projecting`} and state = 'created'`);
    expect(queued?.later).toBe(true);
    await projectValidated(handle.db, jobId);
    expect(await projectionOf(jobId)).toMatchObject({ status: 'done', counts: { inserted: 29 } });
  });

  // PGlite only: there the dry run holds every request, so for a large file it waits for a pause in the fixes.
  it.runIf(testDriver() === 'pglite')('on PGlite, waits for the fixes of a large file to pause before it holds the database', async () => {
    const sourceId = await createSource(handle.db);
    const jobId = await validatedJob(handle.db, { csv: seed004Csv('pq', 30), divisionId, userId: owner.user.id, sourceId });
    // As if the file were large and a cell had just been fixed.
    await handle.db.execute(sql`update import_jobs set valid_rows = ${PGLITE_QUIET_ROWS}, fix_version = 1 where id = ${jobId}`);
    await handle.db.execute(sql`insert into job_fix_operations (job_id, kind, status) values (${jobId}, 'cell', 'applied')`);
    await projectValidated(handle.db, jobId);
    expect(await projectionOf(jobId)).toMatchObject({ status: 'none' });
    const [queued] = await queryRows<{ later: boolean }>(handle.db, sql`select start_after > now() as later from pgboss.job
      where name = 'import-project' and singleton_key = ${`${jobId}:projecting`} and state = 'created'`);
    expect(queued?.later).toBe(true);
    // Quiet for long enough: it runs.
    await handle.db.execute(sql`update job_fix_operations set created_at = now() - interval '1 minute' where job_id = ${jobId}`);
    await projectValidated(handle.db, jobId);
    expect(await projectionOf(jobId)).toMatchObject({ status: 'done', fixVersion: 1, counts: { inserted: 29 } });
  });

  // On PostgreSQL only: on PGlite nothing else commits while the dry run's transaction is open.
  it.runIf(testDriver() === 'postgres')('stores nothing when the job is fixed again while it runs, and asks to run again', async () => {
    const sourceId = await createSource(handle.db);
    const jobId = await validatedJob(handle.db, { csv: seed004Csv('p9', 40), divisionId, userId: owner.user.id, sourceId });
    const before = await footprint();
    let fixedMeanwhile = false;
    await importSteps.project(handle.db, jobId, {
      signal: new AbortController().signal,
      // A cell edit committed while the dry run goes on (on the pool, outside its transaction).
      onProgress: async () => {
        if (fixedMeanwhile) return;
        fixedMeanwhile = true;
        await handle.db.execute(sql`update import_jobs set fix_version = fix_version + 1 where id = ${jobId}`);
      },
    });
    expect(fixedMeanwhile).toBe(true);
    const { jobs: _jobs, ...unchanged } = before;
    expect(await footprint()).toMatchObject(unchanged);
    expect(await projectionOf(jobId)).toMatchObject({ status: 'running', stale: true, fixVersion: 0, counts: { inserted: 0 } });
    const [queued] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from pgboss.job
      where name = 'import-project' and singleton_key = ${`${jobId}:projecting`} and state = 'created'`);
    expect(queued.n).toBe(1);
    await projectValidated(handle.db, jobId);
    expect(await projectionOf(jobId)).toMatchObject({ status: 'done', stale: false, fixVersion: 1, counts: { inserted: 39 } });
  });

  it('is not computed for a job that is no longer validated, and is hidden from who may not see the job', async () => {
    const sourceId = await createSource(handle.db);
    const jobId = await validatedJob(handle.db, { csv: seed004Csv('p6', 20), divisionId, userId: owner.user.id, sourceId });
    await handle.db.execute(sql`update import_jobs set status = 'cancelled', step = null where id = ${jobId}`);
    await projectValidated(handle.db, jobId);
    expect((await projectionOf(jobId)).status).toBe('none');
    const stranger = await createActor(handle.db, ['externalContacts:importJob:view']);
    expect(await executeOperation(getJobProjection, { jobId }, stranger)).toMatchObject({ ok: false, status: 404 });
    const nobody = await createActor(handle.db, ['externalContacts:contact:view']);
    expect(await executeOperation(getJobProjection, { jobId }, nobody)).toMatchObject({ ok: false, status: 403 });
  });
});
