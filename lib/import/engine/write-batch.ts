import { sql } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../../../db/client';
import type { ContactState } from './contact-state';
import { actionOf, diffContact } from './change-record';
import { assignmentList, recordsetColumns, toRecord } from './contact-columns';
import { insertChanges, insertContacts, insertExternalIds, insertNewContactsExternalIds, type ChangeRow } from './bulk-insert';
import type { RowApplier } from './apply-rows';
import type { Scope } from './load-working-set';
import type { WorkingSet, WrittenBatch } from './working-set';
import { timePhase } from './phase-timer';

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

  const finals: { current: ContactState; before: ContactState | null; after: ContactState }[] = [];
  for (const [id, before] of applier.touched) {
    const current = set.contacts.get(id)!;
    const after = { ...current, id: realId(id), organizationId: realOrganizationId(current.organizationId),
      mergedInto: current.mergedInto === null ? null : realId(current.mergedInto) };
    finals.push({ current, before, after });
  }

  const externalIdsOf = (list: typeof finals) => list.flatMap(({ before, after }) => after.externalIds
    .filter((value) => !before?.externalIds.includes(value))
    .map((value) => ({ contact_id: after.id, value })));
  const created = finals.filter((f) => f.before === null);
  await timePhase('write: insert contacts', () => insertContacts(ctx, created.map((f) => f.after)));
  // Before any merge moves an absorbed contact's IDs onto a contact created here: COPY cannot
  // skip the duplicates that would make, the moves' INSERT can.
  await timePhase('write: external ids', () => insertNewContactsExternalIds(ctx, externalIdsOf(created)));

  const existing = finals.filter((f) => f.before !== null);
  const moves = existing.filter((f) => f.after.mergedInto !== null && f.before!.mergedInto === null)
    .map((f) => ({ absorbed: f.after.id, survivor: realId(finalSurvivor(f.current, set)) }));
  if (moves.length > 0) await moveExternalIds(ctx.db, moves);
  if (existing.length > 0) {
    await timePhase('write: update contacts', () => ctx.db.execute(sql`
      update contacts c set ${assignmentList}, modified_at = ${ctx.now.toISOString()}
      from jsonb_to_recordset(${JSON.stringify(existing.map((f) => toRecord(f.after)))}::jsonb) as v(${recordsetColumns})
      where c.id = v.id`));
  }

  await timePhase('write: external ids', () => insertExternalIds(ctx, externalIdsOf(existing)));

  const changes = finals.map(({ before, after }): ChangeRow => {
    const action = actionOf(before, after);
    const diff = before === null ? null : diffContact(before, after);
    return {
      contact_id: after.id, action, before: diff?.before ?? null, after: diff?.after ?? null,
      merged_into: after.mergedInto,
    };
  });
  await timePhase('write: change records', () => insertChanges(ctx, changes));
  return { contacts: finals.map((f) => f.after), organizations: [...set.organizations.values()] };
}

/** Follows a chain of merges made in the same batch to the contact that survives them all. */
function finalSurvivor(contact: ContactState, set: WorkingSet): number {
  let current = contact;
  while (current.mergedInto !== null) current = set.contacts.get(current.mergedInto)!;
  return current.id;
}

/** An absorbed contact's external IDs, of every source, move to its survivor. */
async function moveExternalIds(db: AppDatabase, moves: { absorbed: number; survivor: number }[]) {
  const payload = JSON.stringify(moves);
  await db.execute(sql`
    insert into contact_external_ids (contact_id, source_id, value)
    select distinct m.survivor, e.source_id, e.value
    from contact_external_ids e
    join jsonb_to_recordset(${payload}::jsonb) as m(absorbed bigint, survivor bigint) on e.contact_id = m.absorbed
    on conflict do nothing`);
  await db.execute(sql`
    delete from contact_external_ids e
    using jsonb_to_recordset(${payload}::jsonb) as m(absorbed bigint, survivor bigint)
    where e.contact_id = m.absorbed`);
}

async function writeOrganizations(ctx: WriteContext, set: WorkingSet): Promise<Map<number, number>> {
  const created = [...set.organizations.values()].filter((o) => o.isNew);
  const ids = await allocateIds(ctx.db, 'external_organizations', created.length);
  const mapping = new Map<number, number>(created.map((o, i) => [o.id, ids[i]]));
  if (created.length > 0) {
    const payload = JSON.stringify(created.map((o, i) => ({ id: ids[i], name: o.name, value: o.externalId })));
    await ctx.db.execute(sql`
      insert into external_organizations (id, division_id, name, created_at, modified_at) overriding system value
      select v.id, ${ctx.scope.divisionId}, v.name, ${ctx.now.toISOString()}, ${ctx.now.toISOString()}
      from jsonb_to_recordset(${payload}::jsonb) as v(id bigint, name text, value text)`);
    await ctx.db.execute(sql`
      insert into organization_external_ids (organization_id, source_id, value)
      select v.id, ${ctx.scope.sourceId}, v.value
      from jsonb_to_recordset(${payload}::jsonb) as v(id bigint, name text, value text)`);
  }
  const renamed = [...set.organizations.values()].filter((o) => !o.isNew && o.isDirty);
  if (renamed.length > 0) {
    await ctx.db.execute(sql`
      update external_organizations o set name = v.name, modified_at = ${ctx.now.toISOString()}
      from jsonb_to_recordset(${JSON.stringify(renamed.map((o) => ({ id: o.id, name: o.name })))}::jsonb)
        as v(id bigint, name text)
      where o.id = v.id`);
  }
  for (const organization of set.organizations.values()) {
    if (organization.isNew) organization.id = mapping.get(organization.id)!;
    organization.isNew = false;
    organization.isDirty = false;
  }
  return mapping;
}

/** Takes ids from the table's identity sequence, in ascending order, for rows created in memory. */
async function allocateIds(db: AppDatabase, table: 'contacts' | 'external_organizations', count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await queryRows<{ id: string | number }>(db, sql`
    select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${count})`);
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}
