import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { auditLog, importJobs, jobRevertConflicts } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { listImportJobs } from '@/lib/import/jobs/list-operations';
import { revertImportJob } from '@/lib/import/jobs/operations';
import { createActor, homeDivisionId } from '../support/fixtures';
import { createSource } from '../support/engine-fixtures';
import { importCsv } from '../support/import-pipeline';
import { createTestDatabase } from '../support/test-db';

const HEADER = 'External ID,First Name,Last Name,Work Email,Work Phone';
const csv = (lines: string[]) => `${[HEADER, ...lines].join('\n')}\n`;

let handle: DatabaseHandle;
let divisionId: string;
let sourceId: string;
let otherSourceId: string;
let requester: OperationContext;
let editor: OperationContext;

/** Every contact of the division with all its columns but modified_at, and its IDs of every source. */
async function divisionState() {
  const contacts = await queryRows<Record<string, unknown>>(handle.db, sql`
    select c.*, coalesce((select jsonb_agg(e.source_id || ':' || e.value order by e.source_id, e.value)
      from contact_external_ids e where e.contact_id = c.id), '[]'::jsonb) as external_ids
    from contacts c where c.division_id = ${divisionId} order by c.id`);
  const organizations = await queryRows(handle.db, sql`
    select o.id, o.name from external_organizations o where o.division_id = ${divisionId} order by o.id`);
  return {
    contacts: contacts.map(({ modified_at: _modifiedAt, ...rest }) => rest),
    organizations,
  };
}

const idOf = async (externalId: string) => (await queryRows<{ id: number }>(handle.db, sql`
  select contact_id::int as id from contact_external_ids where source_id = ${sourceId} and value = ${externalId}`))[0].id;

async function run(lines: string[], settings: Parameters<typeof importCsv>[1]['settings'] = {}) {
  const { job } = await importCsv(handle.db, { csv: csv(lines), divisionId, userId: requester.user.id, sourceId, settings });
  return job!;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  divisionId = await homeDivisionId(handle.db);
  sourceId = await createSource(handle.db);
  otherSourceId = await createSource(handle.db);
  requester = await createActor(handle.db, ['externalContacts:importJob:add', 'externalContacts:importJob:view', 'externalContacts:contact:view'], divisionId);
  // Undoing an import deletes the contacts it created and puts back those it changed.
  editor = await createActor(handle.db, ['externalContacts:importJob:edit', 'externalContacts:importJob:viewAll',
    'externalContacts:contact:edit', 'externalContacts:contact:delete'], divisionId);
});
afterAll(async () => { await handle?.close(); });

describe('revert of a completed import', () => {
  let jobId: string;
  let before: Awaited<ReturnType<typeof divisionState>>;
  let editedSince: Awaited<ReturnType<typeof divisionState>>['contacts'][number];

  beforeAll(async () => {
    await run([
      ...[1, 2, 3, 4, 5].map((i) => `U${i},Ann${i},Old,u${i}@x.test,`),
      'MA,Ma,Keep,ma@x.test,', 'MB,Mb,Gone,mb@x.test,', 'MC,Mc,,,+14155550177', 'MD,Md,,md@x.test,', 'ME,Me,Extra,me@x.test,',
    ]);
    // An ID of another source on a contact that will be absorbed: a merge moves it, a revert gives it back.
    await handle.db.execute(sql`insert into contact_external_ids (contact_id, source_id, value) values (${await idOf('MB')}, ${otherSourceId}, 'CRM-7')`);
    before = await divisionState();

    const job = await run([
      ...Array.from({ length: 10 }, (_, i) => `N${i + 1},New${i + 1},Person,n${i + 1}@x.test,`),
      ...[1, 2, 3, 4, 5].map((i) => `U${i},Ann${i},Changed,u${i}@x.test,`),
      'MA,,,mb@x.test,+14155550177', // MA by ID, MB by e-mail, MC by phone: MB and MC merge into MA
      'MD,,,me@x.test,', // ME merges into MD, whose empty last name it fills
    ], { mergeMode: 'mergeAll', matchBy: ['externalId', 'workEmail', 'workPhone'] });
    expect(job).toMatchObject({ status: 'completed', inserted: 10, merged: 3 });
    jobId = job.id;

    // Another import changes one of the contacts afterwards.
    await run(['U3,Ann3,EditedLater,u3@x.test,']);
    const u3 = await idOf('U3');
    editedSince = (await divisionState()).contacts.find((c) => Number(c.id) === u3)!;
    expect(editedSince.last_name).toBe('EditedLater');
  });

  it('is refused without importJob:edit, and changes nothing', async () => {
    const state = await divisionState();
    const refused = await executeOperation(revertImportJob, { id: jobId }, requester);
    expect(refused).toMatchObject({ ok: false, status: 403 });
    expect(await divisionState()).toEqual(state);
  });

  it('restores the division as it was before the job, except the contact edited since: a conflict', async () => {
    const result = await executeOperation(revertImportJob, { id: jobId }, editor);
    expect(result).toMatchObject({
      ok: true, data: { summary: { deleted: 10, restored: 6, unmerged: 3, undeleted: 0, conflicts: 1 } },
    });
    const after = await divisionState();
    const expected = before.contacts.map((c) => (c.id === editedSince.id ? editedSince : c));
    expect(after.contacts).toEqual(expected);
    expect(after.organizations).toEqual(before.organizations);
    expect(await handle.db.select().from(jobRevertConflicts).where(eq(jobRevertConflicts.jobId, jobId)))
      .toEqual([{ jobId, contactId: Number(editedSince.id), action: 'updated' }]);
  });

  it('is recorded on the job and in the audit trail, and cannot run twice', async () => {
    const [job] = await handle.db.select().from(importJobs).where(eq(importJobs.id, jobId));
    expect(job.revertedBy).toBe(editor.user.id);
    expect(job.revertedAt).toBeInstanceOf(Date);
    expect(job.revertSummary).toMatchObject({ deleted: 10, conflicts: 1 });
    const listed = await executeOperation(listImportJobs, {}, editor);
    expect(listed.ok && listed.data.items.find((item) => item.id === jobId)).toMatchObject({ status: 'completed', reverted: true });
    const audit = await handle.db.select().from(auditLog)
      .where(and(eq(auditLog.action, 'importJob.revert'), eq(auditLog.targetId, jobId)));
    expect(audit).toMatchObject([{ actorUserId: editor.user.id, details: { deleted: 10, unmerged: 3 } }]);

    const state = await divisionState();
    const again = await executeOperation(revertImportJob, { id: jobId }, editor);
    expect(again).toMatchObject({ ok: false, status: 409, error: { key: 'jobs.errors.alreadyReverted' } });
    expect(await divisionState()).toEqual(state);
  });

  it('refuses a job that did not complete', async () => {
    const [failed] = await handle.db.insert(importJobs).values({
      profileSnapshot: { externalSourceId: sourceId }, divisionId, requestedBy: editor.user.id, status: 'failed',
    }).returning();
    const result = await executeOperation(revertImportJob, { id: failed.id }, editor);
    expect(result).toMatchObject({ ok: false, status: 409, error: { key: 'jobs.errors.revertNotCompleted' } });
  });
});
