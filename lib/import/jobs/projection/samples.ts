import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../../../../db/client';
import { FIELD_COLUMNS, PHONE_DISPLAY_COLUMNS } from '../../engine/contact-state';
import {
  SAMPLES_PER_KIND, type ChangeSample, type ContactSample, type MergeSample, type ProjectionSampleSet,
} from './types';

// Read inside the dry run's transaction, before it rolls back: what the engine wrote for the job
// (its created runs, its change records) is there only then. Every query is bounded, whatever the
// size of the file: a sample is a handful of rows.

type NamedRow = {
  id: number | string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
};

const namedColumns = sql`c.id, c.first_name, c.last_name, coalesce(c.work_email, c.personal_email, c.other_email) as email`;

/** A contact's name as a person reads it: first and last name, else its e-mail, else its number. */
function nameOf(row: NamedRow): string {
  const name = [row.first_name, row.last_name].filter((part) => part && part.trim() !== '').join(' ');
  return name || row.email || `#${row.id}`;
}

const contactSample = (row: NamedRow): ContactSample => ({ contactId: Number(row.id), line: null, name: nameOf(row), email: row.email });

/** Change records of the dry run scanned at most for a sample that looks past the first ones. */
const SCAN_LIMIT = 10_000;

/**
 * The samples of each kind of change. `lastDropChange`: the id of the last change record the drop
 * of a drop and insert wrote (0 when none): those before are dropped contacts, those after are the
 * rows' own changes.
 */
export async function collectSamples(
  tx: AppDatabase, jobId: string, scope: { divisionId: string; sourceId: string }, lastDropChange: number,
): Promise<ProjectionSampleSet> {
  return {
    created: await createdSamples(tx, jobId),
    updated: await updatedSamples(tx, jobId, lastDropChange),
    merged: await mergedSamples(tx, jobId, lastDropChange),
    deleted: await deletedSamples(tx, jobId, lastDropChange),
    dropped: lastDropChange > 0 ? await droppedSamples(tx, jobId, scope, lastDropChange) : [],
  };
}

/** The id of the job's last change record so far (0: none). */
export async function lastChangeId(tx: AppDatabase, jobId: string): Promise<number> {
  const [row] = await queryRows<{ id: number | string | null }>(tx,
    sql`select max(id) as id from job_contact_changes where job_id = ${jobId}`);
  return Number(row?.id ?? 0);
}

/** The first contacts created, from the job's first runs of ids. */
async function createdSamples(tx: AppDatabase, jobId: string): Promise<ContactSample[]> {
  const rows = await queryRows<NamedRow>(tx, sql`
    select ${namedColumns}
    from (select first_id, last_id from job_created_contacts where job_id = ${jobId} order by first_id limit ${SAMPLES_PER_KIND}) r
    cross join lateral (select * from contacts c where c.id between r.first_id and r.last_id order by c.id limit ${SAMPLES_PER_KIND}) c
    order by c.id limit ${SAMPLES_PER_KIND}`);
  return rows.map(contactSample);
}

type ChangeRow = NamedRow & {
  change_id: number | string;
  contact_id: number | string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  merged_into: number | string | null;
};

/** The job's change records of one action (after the drop's), with the contact as it is now. */
function changeRows(tx: AppDatabase, jobId: string, action: string, after: number, limit: number, extra: SQL = sql``) {
  return queryRows<ChangeRow>(tx, sql`
    select ch.id as change_id, ch.contact_id, ch.before, ch.after, ch.merged_into, ${namedColumns}
    from job_contact_changes ch join contacts c on c.id = ch.contact_id
    where ch.job_id = ${jobId} and ch.action = ${action} and ch.id > ${after} ${extra}
    order by ch.id limit ${limit}`);
}

async function updatedSamples(tx: AppDatabase, jobId: string, lastDropChange: number): Promise<ChangeSample[]> {
  // A contact updated by several rows has a record each: one sample per contact.
  const rows = await changeRows(tx, jobId, 'updated', lastDropChange, SAMPLES_PER_KIND * 4);
  const seen = new Set<number>();
  const samples: ChangeSample[] = [];
  for (const row of rows) {
    const id = Number(row.contact_id);
    if (seen.has(id) || samples.length >= SAMPLES_PER_KIND) continue;
    seen.add(id);
    samples.push({ contactId: id, line: null, name: nameOf(row), changes: await readableChanges(tx, row.before ?? {}, row.after ?? {}) });
  }
  return samples;
}

async function deletedSamples(tx: AppDatabase, jobId: string, lastDropChange: number): Promise<ContactSample[]> {
  return (await changeRows(tx, jobId, 'deleted', lastDropChange, SAMPLES_PER_KIND)).map(contactSample);
}

/** Survivors in the order of their first merge, each with the contacts it absorbed. */
async function mergedSamples(tx: AppDatabase, jobId: string, lastDropChange: number): Promise<MergeSample[]> {
  const rows = await changeRows(tx, jobId, 'merged', lastDropChange, SAMPLES_PER_KIND * 10);
  const bySurvivor = new Map<number, { contactId: number; name: string }[]>();
  for (const row of rows) {
    if (row.merged_into === null) continue;
    const survivor = Number(row.merged_into);
    if (!bySurvivor.has(survivor) && bySurvivor.size >= SAMPLES_PER_KIND) continue;
    const absorbed = bySurvivor.get(survivor) ?? [];
    if (absorbed.length < SAMPLES_PER_KIND) absorbed.push({ contactId: Number(row.contact_id), name: nameOf(row) });
    bySurvivor.set(survivor, absorbed);
  }
  if (bySurvivor.size === 0) return [];
  const names = await contactNames(tx, [...bySurvivor.keys()]);
  return [...bySurvivor].map(([survivor, absorbed]) => ({
    line: null, survivor: { contactId: survivor, name: names.get(survivor) ?? `#${survivor}` }, absorbed,
  }));
}

/**
 * What a drop and insert deletes up front. Those the file does not bring back (no live contact of
 * the division holds their external ID of the source once the rows are applied) come first: they
 * are the contacts the import really removes; the others are replaced by a new contact.
 */
async function droppedSamples(
  tx: AppDatabase, jobId: string, scope: { divisionId: string; sourceId: string }, lastDropChange: number,
): Promise<ContactSample[]> {
  const rows = await queryRows<NamedRow & { replaced: boolean }>(tx, sql`
    select ${namedColumns}, exists (
        select 1 from contact_external_ids e
        join contact_external_ids n on n.source_id = e.source_id and n.value = e.value and n.contact_id <> e.contact_id
        join contacts l on l.id = n.contact_id and l.deleted_at is null and l.merged_into is null and l.division_id = ${scope.divisionId}
        where e.contact_id = c.id and e.source_id = ${scope.sourceId}) as replaced
    from (select contact_id, id from job_contact_changes
      where job_id = ${jobId} and action = 'deleted' and id <= ${lastDropChange} order by id limit ${SCAN_LIMIT}) ch
    join contacts c on c.id = ch.contact_id
    order by replaced, ch.id limit ${SAMPLES_PER_KIND}`);
  return rows.map(contactSample);
}

async function contactNames(tx: AppDatabase, ids: number[]): Promise<Map<number, string>> {
  const rows = await queryRows<NamedRow>(tx, sql`select ${namedColumns} from contacts c
    where c.id in (select value::bigint from jsonb_array_elements_text(${JSON.stringify(ids.map(String))}::jsonb))`);
  return new Map(rows.map((row) => [Number(row.id), nameOf(row)]));
}

const FIELD_OF_COLUMN = new Map(FIELD_COLUMNS.map(({ key, column }) => [column, key as string]));
const PHONE_OF_DISPLAY = new Map(PHONE_DISPLAY_COLUMNS.map(({ key, column }) => [column, key as string]));

const asText = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
};

/**
 * A change record's before/after (column -> value) as fields a person reads: field keys of the
 * import's fields (a phone as written in the file, not its stored E.164 form), the organization by
 * name, each custom field on its own (`custom:<name>`), external IDs as a list.
 */
async function readableChanges(
  tx: AppDatabase, before: Record<string, unknown>, after: Record<string, unknown>,
): Promise<ChangeSample['changes']> {
  const changes: ChangeSample['changes'] = [];
  const columns = Object.keys(after);
  for (const column of columns) {
    const was = before[column];
    const now = after[column];
    if (column === 'custom_fields') {
      const a = (was ?? {}) as Record<string, unknown>;
      const b = (now ?? {}) as Record<string, unknown>;
      for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        if (asText(a[name]) !== asText(b[name])) changes.push({ field: `custom:${name}`, before: asText(a[name]), after: asText(b[name]) });
      }
    } else if (column === 'organization_id') {
      const names = await organizationNames(tx, [was, now]);
      changes.push({ field: 'organization', before: names.get(String(was)) ?? null, after: names.get(String(now)) ?? null });
    } else if (PHONE_OF_DISPLAY.has(column)) {
      changes.push({ field: PHONE_OF_DISPLAY.get(column)!, before: asText(was), after: asText(now) });
    } else if (FIELD_OF_COLUMN.has(column)) {
      const field = FIELD_OF_COLUMN.get(column)!;
      // A phone's stored form is shown through its display column when that changed too.
      const display = PHONE_DISPLAY_COLUMNS.find((p) => p.key === field);
      if (display && display.column in after) continue;
      changes.push({ field, before: asText(was), after: asText(now) });
    } else if (column === 'external_ids') {
      changes.push({ field: 'externalIds', before: asText(was), after: asText(now) });
    } else {
      changes.push({ field: column, before: asText(was), after: asText(now) });
    }
  }
  return changes;
}

async function organizationNames(tx: AppDatabase, ids: unknown[]): Promise<Map<string, string>> {
  const wanted = ids.filter((id) => id !== null && id !== undefined).map(String);
  if (wanted.length === 0) return new Map();
  const rows = await queryRows<{ id: number | string; name: string }>(tx, sql`select id, name from external_organizations
    where id in (select value::bigint from jsonb_array_elements_text(${JSON.stringify(wanted)}::jsonb))`);
  return new Map(rows.map((row) => [String(row.id), row.name]));
}
