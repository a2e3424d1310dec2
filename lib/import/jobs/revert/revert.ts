import { eq, sql } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../../../../db/client';
import { importJobs, type RevertSummary } from '../../../../db/schema';
import { DomainError } from '../../../actions/result';
import type { ImportSettings } from '../../rows/types';
import { inDivisionChange } from '../job-lock';
import { restorableColumns } from './revert-columns';
import type { ImportJob } from '../lifecycle';

/**
 * Undoes a completed import from its change records, in one transaction: contacts it created are
 * deleted, the others get back, column by column, the value they had before the job's first
 * change to them (merges split, deletions undone, external IDs given back, organizations it
 * created and nobody uses any more removed). A contact changed since the job, i.e. whose
 * `modified_at` is none of the job's write times, is left as it is and listed as a conflict, and
 * so is every contact merged with it by the job, so a merge is undone whole or not at all.
 */
export async function revertJob(
  db: AppDatabase, jobId: string, revertedBy: string | null, inTransaction: (tx: AppDatabase, job: ImportJob) => Promise<void>,
): Promise<{ job: ImportJob; summary: RevertSummary }> {
  const [unlocked] = await db.select({ divisionId: importJobs.divisionId }).from(importJobs).where(eq(importJobs.id, jobId));
  if (!unlocked) throw new DomainError('errors.notFound', 404);
  // Refused at once while an import runs in the division (409); imports starting meanwhile wait,
  // so nothing changes the contacts between plan and apply.
  return inDivisionChange(db, unlocked.divisionId, async (tx) => {
    const [job] = await tx.select().from(importJobs).where(eq(importJobs.id, jobId)).for('update');
    if (job.status !== 'completed') throw new DomainError('jobs.errors.revertNotCompleted', 409);
    if (job.revertedAt) throw new DomainError('jobs.errors.alreadyReverted', 409);
    const sourceId = (job.profileSnapshot as ImportSettings).externalSourceId;
    const now = new Date().toISOString();

    await planRevert(tx, job);
    await spreadConflictsAcrossMerges(tx, jobId);
    await restoreExternalIds(tx, jobId, sourceId);
    await restoreColumns(tx, now);
    await tx.execute(sql`delete from contacts c using revert_plan p where c.id = p.contact_id and p.action = 'inserted' and not p.conflict`);
    await tx.execute(sql`
      delete from external_organizations o using import_jobs j
      where j.id = ${jobId} and o.division_id = ${job.divisionId} and o.created_at = any(j.write_times)
        and not exists (select 1 from contacts c where c.organization_id = o.id)`);
    await tx.execute(sql`
      insert into job_revert_conflicts (job_id, contact_id, action)
      select ${jobId}, contact_id, action from revert_plan where conflict`);
    const summary = await summarize(tx);
    const [reverted] = await tx.update(importJobs)
      .set({ revertedAt: new Date(now), revertedBy, revertSummary: summary })
      .where(eq(importJobs.id, jobId)).returning();
    await inTransaction(tx, reverted);
    // Dropped at commit anyway; now too, for a revert run inside a caller's transaction.
    await tx.execute(sql`drop table revert_plan, revert_pairs, revert_moved`);
    return { job: reverted, summary };
  });
}

/**
 * One row per contact the job touched: what it first did to it (`inserted` for the contacts in
 * its runs of created ids, whatever it did to them afterwards), the values from before the job
 * (each column's `before` in its earliest change record), and whether it changed since.
 */
async function planRevert(tx: AppDatabase, job: ImportJob) {
  await tx.execute(sql`
    create temp table revert_plan on commit drop as
    with created as materialized (
      select g.id as contact_id from job_created_contacts r cross join lateral generate_series(r.first_id, r.last_id) g(id)
      where r.job_id = ${job.id}
    ),
    recs as (
      select id, contact_id, action, before from job_contact_changes x
      where job_id = ${job.id} and not exists (select 1 from created n where n.contact_id = x.contact_id)
    ),
    firsts as (
      select contact_id, 'inserted' as action from created
      union all
      (select distinct on (contact_id) contact_id, action from recs order by contact_id, id)
    ),
    earliest as (
      select distinct on (r.contact_id, kv.key) r.contact_id, kv.key, kv.value
      from recs r cross join lateral jsonb_each(coalesce(r.before, '{}'::jsonb)) kv
      order by r.contact_id, kv.key, r.id
    ),
    restore as (select contact_id, jsonb_object_agg(key, value) as restore from earliest group by contact_id)
    select f.contact_id, f.action, coalesce(r.restore, '{}'::jsonb) as restore,
      (c.id is null or not (c.modified_at = any(j.write_times))) as conflict
    from firsts f
    cross join (select write_times from import_jobs where id = ${job.id}) j
    left join restore r on r.contact_id = f.contact_id
    left join contacts c on c.id = f.contact_id`);
}

/** Until nothing moves: a conflict on either side of a merge the job made holds back both. */
async function spreadConflictsAcrossMerges(tx: AppDatabase, jobId: string) {
  await tx.execute(sql`
    create temp table revert_pairs on commit drop as
    select contact_id as absorbed, merged_into as survivor from job_contact_changes
    where job_id = ${jobId} and action = 'merged' and merged_into is not null
    union
    select r.contact_id, (m->>'survivorId')::bigint from job_contact_changes r
    cross join lateral jsonb_array_elements(r.moved_external_ids) m
    where r.job_id = ${jobId} and r.moved_external_ids is not null`);
  for (;;) {
    const changed = await queryRows<{ contact_id: number }>(tx, sql`
      update revert_plan p set conflict = true
      where not p.conflict and exists (
        select 1 from revert_pairs x join revert_plan o on o.conflict
          and ((x.absorbed = p.contact_id and o.contact_id = x.survivor) or (x.survivor = p.contact_id and o.contact_id = x.absorbed)))
      returning p.contact_id`);
    if (changed.length === 0) return;
  }
}

/** The job's source's IDs as they were; then the IDs of other sources a merge moved, back home. */
async function restoreExternalIds(tx: AppDatabase, jobId: string, sourceId: string) {
  await tx.execute(sql`
    delete from contact_external_ids e using revert_plan p
    where e.contact_id = p.contact_id and e.source_id = ${sourceId} and p.restore ? 'external_ids'
      and p.action <> 'inserted' and not p.conflict`);
  await tx.execute(sql`
    insert into contact_external_ids (contact_id, source_id, value)
    select p.contact_id, ${sourceId}, v.value from revert_plan p
    cross join lateral jsonb_array_elements_text(p.restore->'external_ids') v(value)
    where p.restore ? 'external_ids' and p.action <> 'inserted' and not p.conflict
    on conflict do nothing`);
  // The job's source is whole in the records above; other sources' IDs moved only by merges.
  await tx.execute(sql`
    create temp table revert_moved on commit drop as
    select r.contact_id as absorbed, (m->>'survivorId')::bigint as survivor, (m->>'sourceId')::uuid as source_id,
      m->>'value' as value, (m->>'addedToSurvivor')::boolean as added, not p.conflict as undo
    from job_contact_changes r
    cross join lateral jsonb_array_elements(r.moved_external_ids) m
    join revert_plan p on p.contact_id = r.contact_id
    where r.job_id = ${jobId} and r.moved_external_ids is not null and (m->>'sourceId')::uuid <> ${sourceId}`);
  await tx.execute(sql`
    delete from contact_external_ids e using revert_moved m
    where m.undo and m.added and e.contact_id = m.survivor and e.source_id = m.source_id and e.value = m.value`);
  // Back to the contact it came from, unless an earlier merge of the job had brought it there.
  await tx.execute(sql`
    insert into contact_external_ids (contact_id, source_id, value)
    select m.absorbed, m.source_id, m.value from revert_moved m
    where m.undo and exists (select 1 from contacts c where c.id = m.absorbed)
      and not exists (select 1 from revert_moved r
        where r.added and r.survivor = m.absorbed and r.source_id = m.source_id and r.value = m.value)
    on conflict do nothing`);
}

/** Every recorded column back to its value from before the job, the others as they are. */
async function restoreColumns(tx: AppDatabase, now: string) {
  const columns = restorableColumns();
  const names = sql.raw(columns.map((c) => `"${c}"`).join(', '));
  const values = sql.raw(columns.map((c) => `r."${c}"`).join(', '));
  await tx.execute(sql`
    update contacts c set (${names}, modified_at) = (
      select ${values}, ${now}::timestamptz from jsonb_populate_record(c, p.restore - 'external_ids') r)
    from revert_plan p
    where c.id = p.contact_id and p.action <> 'inserted' and not p.conflict and p.restore - 'external_ids' <> '{}'::jsonb`);
}

async function summarize(tx: AppDatabase): Promise<RevertSummary> {
  const [row] = await queryRows<Record<keyof RevertSummary, number>>(tx, sql`
    select
      count(*) filter (where not conflict and action = 'inserted')::int as deleted,
      count(*) filter (where not conflict and action <> 'inserted' and restore ? 'merged_into')::int as unmerged,
      count(*) filter (where not conflict and action <> 'inserted' and not restore ? 'merged_into' and restore ? 'deleted_at')::int as undeleted,
      count(*) filter (where not conflict and action <> 'inserted' and not restore ? 'merged_into' and not restore ? 'deleted_at')::int as restored,
      count(*) filter (where conflict)::int as conflicts
    from revert_plan`);
  return row;
}
