import { sql } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { copyLines, copyText, postgresClientOf } from '../../../db/copy';
import { columnList, contactCopyLine, recordsetColumns, toRecord, valueList, WRITTEN_COLUMNS } from './contact-columns';
import type { MovedExternalId } from '../../../db/schema';
import type { ContactState } from './contact-state';
import type { Scope } from './load-working-set';

// The inserts of a batch. On PostgreSQL they go through COPY: the rows are already checked, and
// COPY skips the per-statement planning and JSON decoding of a multi-row INSERT (measured: the
// JSON alone was 3.6 us of the ~29 us a new contact cost). PGlite has no COPY from a client
// stream; it takes the jsonb_to_recordset INSERT, the same rows either way.

export interface InsertContext {
  db: AppDatabase;
  scope: Scope;
  jobId: string;
  now: Date;
}

export interface ChangeRow {
  contact_id: number;
  action: string;
  before: unknown;
  after: unknown;
  merged_into: number | null;
  /** On a merge: the absorbed contact's external IDs that moved to its survivor. */
  moved_external_ids: MovedExternalId[] | null;
}

export async function insertContacts(ctx: InsertContext, contacts: readonly ContactState[]): Promise<void> {
  if (contacts.length === 0) return;
  const now = ctx.now.toISOString();
  const client = postgresClientOf(ctx.db);
  if (client) {
    const prefix = `${copyText(ctx.scope.divisionId)}\t${now}\t${now}`;
    await copyLines(client, 'contacts', ['id', 'division_id', 'created_at', 'modified_at', ...WRITTEN_COLUMNS.map((c) => c.name)],
      contactLines(contacts, prefix));
    return;
  }
  await ctx.db.execute(sql`
    insert into contacts (id, division_id, created_at, modified_at, ${columnList}) overriding system value
    select v.id, ${ctx.scope.divisionId}, ${now}, ${now}, ${valueList}
    from jsonb_to_recordset(${JSON.stringify(contacts.map(toRecord))}::jsonb) as v(${recordsetColumns})`);
}

function* contactLines(contacts: readonly ContactState[], prefix: string): Generator<string> {
  for (const contact of contacts) yield contactCopyLine(contact, prefix);
}

/**
 * External IDs known to be absent, which COPY takes: those of contacts this batch created, and
 * those added to existing contacts when no merge in the batch moved any (every writer of
 * external IDs holds the division's lock, and a contact's state holds all its IDs of the source).
 * Otherwise a moved value may already be there: INSERT ... ON CONFLICT skips it.
 */
export async function insertAbsentExternalIds(
  ctx: InsertContext, values: readonly { contact_id: number; value: string }[],
): Promise<void> {
  if (values.length === 0) return;
  const client = postgresClientOf(ctx.db);
  if (client) {
    const source = copyText(ctx.scope.sourceId);
    await copyLines(client, 'contact_external_ids', ['contact_id', 'source_id', 'value'],
      values.map((v) => `${v.contact_id}\t${source}\t${copyText(v.value)}\n`));
    return;
  }
  await insertExternalIds(ctx, values);
}

export async function insertExternalIds(
  ctx: InsertContext, values: readonly { contact_id: number; value: string }[],
): Promise<void> {
  if (values.length === 0) return;
  await ctx.db.execute(sql`
    insert into contact_external_ids (contact_id, source_id, value)
    select v.contact_id, ${ctx.scope.sourceId}, v.value
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(contact_id bigint, value text)
    on conflict do nothing`);
}

export async function insertChanges(ctx: InsertContext, changes: readonly ChangeRow[]): Promise<void> {
  if (changes.length === 0) return;
  const client = postgresClientOf(ctx.db);
  if (client) {
    const job = copyText(ctx.jobId);
    await copyLines(client, 'job_contact_changes', ['job_id', 'contact_id', 'action', 'before', 'after', 'merged_into', 'moved_external_ids'],
      changes.map((c) => `${job}\t${c.contact_id}\t${copyText(c.action)}\t${jsonText(c.before)}\t${jsonText(c.after)}\t${
        c.merged_into === null ? '\\N' : c.merged_into}\t${jsonText(c.moved_external_ids)}\n`));
    return;
  }
  await ctx.db.execute(sql`
    insert into job_contact_changes (job_id, contact_id, action, before, after, merged_into, moved_external_ids)
    select ${ctx.jobId}, v.contact_id, v.action, v.before, v.after, v.merged_into, v.moved_external_ids
    from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb)
      as v(contact_id bigint, action text, before jsonb, after jsonb, merged_into bigint, moved_external_ids jsonb)`);
}

/** A JSON column's COPY text: \\N for null. */
function jsonText(value: unknown): string {
  return value === null ? '\\N' : copyText(JSON.stringify(value));
}

/** The runs of consecutive ids among `ids`, as [first, last] pairs in ascending order. */
export function idRuns(ids: readonly number[]): [number, number][] {
  const sorted = [...ids].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const id of sorted) {
    const last = runs[runs.length - 1];
    if (last && id === last[1] + 1) last[1] = id;
    else runs.push([id, id]);
  }
  return runs;
}

/** The contacts the batch created, as runs of ids: one short row per batch, mostly. */
export async function insertCreatedRuns(ctx: InsertContext, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await ctx.db.execute(sql`
    insert into job_created_contacts (job_id, first_id, last_id)
    select ${ctx.jobId}, (r->>0)::bigint, (r->>1)::bigint from jsonb_array_elements(${JSON.stringify(idRuns(ids))}::jsonb) r`);
}
