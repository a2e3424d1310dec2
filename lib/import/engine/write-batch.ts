import { sql } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../../../db/client';
import type { MovedExternalId } from '../../../db/schema';
import type { ContactState } from './contact-state';
import { actionOf, diffContact } from './change-record';
import { assignmentList, recordsetColumns, toRecord } from './contact-columns';
import {
  insertChanges, insertContacts, insertAbsentExternalIds, insertCreatedRuns, insertExternalIds, type ChangeRow,
} from './bulk-insert';
import type { RowApplier } from './apply-rows';
import type { Scope } from './load-working-set';
import type { WorkingSet, WrittenBatch } from './working-set';
import { timePhase } from './phase-timer';
import {
  detailAssignments, detailColumnNames, detailRecordValues, detailRecordsetColumns, detailsToColumns,
} from './organization-details';

interface WriteContext {
  db: AppDatabase;
  scope: Scope;
  jobId: string;
  now: Date;
}

/** Writes what a batch changed with a handful of set-based statements; no query per row. */
export async function writeBatch(ctx: WriteContext, applier: RowApplier, set: WorkingSet): Promise<WrittenBatch> {
  const organizationIds = await writeOrganizations(ctx, set);
  const contactIds = await allocateIds(ctx.db, 'contacts', applier.created.length);
  const realId = (id: number) => (id < 0 ? contactIds[-id - 1] : id);
  const realOrganizationId = (id: number | null) => (id !== null && id < 0 ? organizationIds.get(id)! : id);

  // One pass over the touched contacts, split as they are written; no array per contact.
  type Final = { current: ContactState; before: ContactState | null; after: ContactState };
  const finals: Final[] = [];
  const created: Final[] = [];
  const existing: Final[] = [];
  for (const [id, before] of applier.touched) {
    const current = set.contacts.get(id)!;
    const after = { ...current, id: realId(id), organizationId: realOrganizationId(current.organizationId),
      mergedInto: current.mergedInto === null ? null : realId(current.mergedInto) };
    const final = { current, before, after };
    finals.push(final);
    (before === null ? created : existing).push(final);
  }

  const externalIdsOf = (list: readonly Final[]) => {
    const added: { contact_id: number; value: string }[] = [];
    for (const { before, after } of list) {
      for (const value of after.externalIds) if (!before?.externalIds.includes(value)) added.push({ contact_id: after.id, value });
    }
    return added;
  };
  const createdContacts = created.map((f) => f.after);
  await timePhase('write: insert contacts', () => insertContacts(ctx, createdContacts));
  // Before any merge moves an absorbed contact's IDs onto a contact created here: COPY cannot
  // skip the duplicates that would make, the moves' INSERT can.
  await timePhase('write: external ids', () => insertAbsentExternalIds(ctx, externalIdsOf(created)));

  const moves = existing.filter((f) => f.after.mergedInto !== null && f.before!.mergedInto === null)
    .map((f) => ({ absorbed: f.after.id, survivor: realId(finalSurvivor(f.current, set)) }));
  const moved = moves.length > 0 ? await moveExternalIds(ctx.db, moves) : [];
  const diffs = existing.map(({ before, after }) => diffContact(before!, after));
  // A contact that only gained an external ID (a second source's, most of such a file) has
  // nothing to write but its modification time: its id alone is sent, not its whole record.
  const rewritten: ContactState[] = [];
  const touchedOnly: number[] = [];
  existing.forEach(({ after }, i) => {
    if (writesColumns(diffs[i].after)) rewritten.push(after);
    else touchedOnly.push(after.id);
  });
  await timePhase('write: update contacts', async () => {
    if (rewritten.length > 0) {
      await ctx.db.execute(sql`
        update contacts c set ${assignmentList}, modified_at = ${ctx.now.toISOString()}
        from jsonb_to_recordset(${JSON.stringify(rewritten.map(toRecord))}::jsonb) as v(${recordsetColumns})
        where c.id = v.id`);
    }
    if (touchedOnly.length > 0) {
      await ctx.db.execute(sql`
        update contacts set modified_at = ${ctx.now.toISOString()} where id = any(${`{${touchedOnly.join(',')}}`}::bigint[])`);
    }
  });

  const insertAddedIds = moves.length === 0 ? insertAbsentExternalIds : insertExternalIds;
  await timePhase('write: external ids', () => insertAddedIds(ctx, externalIdsOf(existing)));

  // A created contact gets no change record: its id joins the batch's run of created ids.
  const movedByAbsorbed = groupMoved(moved);
  const changes = existing.map(({ before, after }, i): ChangeRow => {
    const action = actionOf(before, after);
    const diff = diffs[i];
    return {
      contact_id: after.id, action, before: diff.before, after: diff.after, merged_into: after.mergedInto,
      moved_external_ids: action === 'merged' ? movedByAbsorbed.get(after.id) ?? null : null,
    };
  });
  await timePhase('write: change records', async () => {
    await insertCreatedRuns(ctx, createdContacts.map((c) => c.id));
    await insertChanges(ctx, changes);
  });
  return { contacts: finals.map((f) => f.after), organizations: [...set.organizations.values()] };
}

/** Whether a contact's change touches a column of its row (external IDs live in their own table). */
function writesColumns(changed: Record<string, unknown>): boolean {
  for (const column in changed) if (column !== 'external_ids') return true;
  return false;
}

/** Follows a chain of merges made in the same batch to the contact that survives them all. */
function finalSurvivor(contact: ContactState, set: WorkingSet): number {
  let current = contact;
  while (current.mergedInto !== null) current = set.contacts.get(current.mergedInto)!;
  return current.id;
}

type MovedRow = {
  absorbed: string | number;
  survivor: string | number;
  source_id: string;
  value: string;
  added: boolean;
};

/**
 * An absorbed contact's external IDs, of every source, move to its survivor. What moved is
 * returned, with whether the survivor lacked it, so that a revert can give each one back.
 */
async function moveExternalIds(db: AppDatabase, moves: { absorbed: number; survivor: number }[]): Promise<MovedRow[]> {
  return queryRows<MovedRow>(db, sql`
    with moved as (
      delete from contact_external_ids e
      using jsonb_to_recordset(${JSON.stringify(moves)}::jsonb) as m(absorbed bigint, survivor bigint)
      where e.contact_id = m.absorbed
      returning m.absorbed, m.survivor, e.source_id, e.value
    ), added as (
      insert into contact_external_ids (contact_id, source_id, value)
      select distinct survivor, source_id, value from moved
      on conflict do nothing
      returning contact_id, source_id, value
    )
    select m.absorbed, m.survivor, m.source_id, m.value,
      exists (select 1 from added a where a.contact_id = m.survivor and a.source_id = m.source_id and a.value = m.value) as added
    from moved m`);
}

/** Kept on the absorbed contact's change record: other sources' IDs are in no before/after. */
function groupMoved(moved: readonly MovedRow[]): Map<number, MovedExternalId[]> {
  const byAbsorbed = new Map<number, MovedExternalId[]>();
  for (const row of moved) {
    const list = byAbsorbed.get(Number(row.absorbed)) ?? [];
    list.push({ sourceId: row.source_id, value: row.value, survivorId: Number(row.survivor), addedToSurvivor: row.added });
    byAbsorbed.set(Number(row.absorbed), list);
  }
  return byAbsorbed;
}

async function writeOrganizations(ctx: WriteContext, set: WorkingSet): Promise<Map<number, number>> {
  const created = [...set.organizations.values()].filter((o) => o.isNew);
  const ids = await allocateIds(ctx.db, 'external_organizations', created.length);
  const mapping = new Map<number, number>(created.map((o, i) => [o.id, ids[i]]));
  if (created.length > 0) {
    const payload = JSON.stringify(created.map((o, i) => ({ id: ids[i], name: o.name, value: o.externalId, ...detailsToColumns(o.details) })));
    await ctx.db.execute(sql`
      insert into external_organizations (id, division_id, name, ${detailColumnNames}, created_at, modified_at) overriding system value
      select v.id, ${ctx.scope.divisionId}, v.name, ${detailRecordValues}, ${ctx.now.toISOString()}, ${ctx.now.toISOString()}
      from jsonb_to_recordset(${payload}::jsonb) as v(id bigint, name text, value text, ${detailRecordsetColumns})`);
    await ctx.db.execute(sql`
      insert into organization_external_ids (organization_id, source_id, value)
      select v.id, ${ctx.scope.sourceId}, v.value
      from jsonb_to_recordset(${payload}::jsonb) as v(id bigint, name text, value text)`);
  }
  // Renamed, or details changed: the whole organization is written.
  const changed = [...set.organizations.values()].filter((o) => !o.isNew && o.isDirty);
  if (changed.length > 0) {
    const payload = JSON.stringify(changed.map((o) => ({ id: o.id, name: o.name, ...detailsToColumns(o.details) })));
    await ctx.db.execute(sql`
      update external_organizations o set name = v.name, ${detailAssignments}, modified_at = ${ctx.now.toISOString()}
      from jsonb_to_recordset(${payload}::jsonb) as v(id bigint, name text, ${detailRecordsetColumns})
      where o.id = v.id`);
  }
  for (const organization of set.organizations.values()) {
    if (organization.isNew) organization.id = mapping.get(organization.id)!;
    organization.isNew = false;
    organization.isDirty = false;
  }
  return mapping;
}

/**
 * Takes ids from the table's identity sequence, in ascending order, for rows created in memory.
 * They come back as one row: the first and last, and the list only when they are not one run
 * (another session took some meanwhile). A row per id was a fifth of a new import's decoding.
 */
async function allocateIds(db: AppDatabase, table: 'contacts' | 'external_organizations', count: number): Promise<number[]> {
  if (count === 0) return [];
  const [taken] = await queryRows<{ first: string; last: string; list: string | null }>(db, sql`
    with ids as (select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${count}))
    select min(id)::text as first, max(id)::text as last,
      case when max(id) - min(id) + 1 = count(*) then null else string_agg(id::text, ',' order by id) end as list
    from ids`);
  if (taken.list !== null) return taken.list.split(',').map(Number);
  const first = Number(taken.first);
  const ids = new Array<number>(count);
  for (let i = 0; i < count; i += 1) ids[i] = first + i;
  return ids;
}
