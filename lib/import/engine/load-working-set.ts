import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../../../db/client';
import { EMAIL_FIELDS, PHONE_FIELDS, type MatchIdentifier } from '../rows/fields';
import type { NormalizedRow } from '../rows/types';
import {
  emptyFields, emptyPhoneDisplay, FIELD_COLUMNS, PHONE_DISPLAY_COLUMNS, type ContactState, type FieldValue,
} from './contact-state';
import { identifierValue } from './apply-rows';
import { WorkingSet } from './working-set';
import { detailsFromColumns, selectedDetailColumns } from './organization-details';

export interface Scope {
  divisionId: string;
  sourceId: string;
}

const json = (values: Iterable<string>) => JSON.stringify([...new Set(values)]);
const sortedJson = (values: ReadonlySet<string>) => JSON.stringify([...values].sort());
const live = sql`c.deleted_at is null and c.merged_into is null`;
// `= any(array(...))` rather than `in (select ...)`: the planner then probes the index with the
// batch's values; with a semi-join it preferred a full scan per branch once the table was large
// (measured: 374 ms against 59 ms for 10,000 e-mails over 500,000 contacts). The same holds for
// reading the matched contacts: joined, they were read by a full scan of the table per batch.

/**
 * Loads, in one query, every live contact of the division that shares a match value with the
 * batch, and the batch's organizations: all a row of the batch could match.
 */
export async function loadWorkingSet(
  db: AppDatabase,
  scope: Scope,
  rows: readonly NormalizedRow[],
  identifiers: readonly MatchIdentifier[],
): Promise<WorkingSet> {
  const emails = new Set<string>();
  const phones = new Set<string>();
  const externalIds = new Set<string>();
  const set = new WorkingSet({ emails, phones, externalIds });
  for (const row of rows) {
    for (const identifier of identifiers) {
      const value = identifierValue(row, identifier);
      if (value === null) continue;
      if (identifier === 'externalId') externalIds.add(value);
      else if ((EMAIL_FIELDS as readonly string[]).includes(identifier)) emails.add(value.toLowerCase());
      else phones.add(value);
    }
  }
  const branches: SQL[] = [];
  if (emails.size) {
    for (const key of EMAIL_FIELDS) {
      const column = sql.raw(FIELD_COLUMNS.find((f) => f.key === key)!.column);
      branches.push(sql`select c.id from contacts c where lower(c.${column}) = any((select emails from wanted)::text[]) and c.${column} is not null and c.division_id = ${scope.divisionId} and ${live}`);
    }
  }
  if (phones.size) {
    for (const key of PHONE_FIELDS) {
      const column = sql.raw(FIELD_COLUMNS.find((f) => f.key === key)!.column);
      branches.push(sql`select c.id from contacts c where c.${column} = any((select phones from wanted)::text[]) and c.${column} is not null and c.division_id = ${scope.divisionId} and ${live}`);
    }
  }
  if (externalIds.size) {
    // One index probe per value, whatever the statistics say (`offset 0` keeps the planner from
    // turning it into a join it may reorder). As `value = any(...)` beside `source_id = ...`, a
    // source the statistics still saw as empty (a new one, being imported) got a plan scanning
    // all the source's IDs and comparing each with the whole list: seconds per batch, growing
    // with every batch.
    branches.push(sql`select e.id from unnest((select external_ids from wanted)::text[]) as v(value)
      cross join lateral (select e.contact_id as id from contact_external_ids e
                          where e.source_id = ${scope.sourceId} and e.value = v.value offset 0) e`);
  }
  if (branches.length > 0) {
    // Each list is sent and unpacked once for all its branches, and sorted: every index probe
    // sorts its list first, which costs little on one already in order.
    // A contact's external IDs are read by contact, then sorted by source: with the source in
    // the condition, the planner probed (source, value, contact) for each contact, reading every ID
    // of the source, whenever its statistics still saw the source as small (a new source: 0.7 ms
    // a contact). A contact has a handful of IDs at most. The other sources' IDs come along, in
    // the same index read, for the limit of IDs per contact (values, not a count: a merge's
    // union needs them).
    // The contacts come back as one JSON text, each an array of LOADED_COLUMNS' values: a driver
    // decodes each column of each row on its own, and PGlite does it in JavaScript, which took
    // most of the time of a batch matching thousands of stored contacts (JSON.parse is native).
    const [found] = await queryRows<{ contacts: string }>(db, sql`
      with wanted as materialized (
        select array(select jsonb_array_elements_text(${sortedJson(emails)}::jsonb)) as emails,
               array(select jsonb_array_elements_text(${sortedJson(phones)}::jsonb)) as phones,
               array(select jsonb_array_elements_text(${sortedJson(externalIds)}::jsonb)) as external_ids
      ), ids as (${sql.join(branches, sql` union `)})
      select coalesce(json_agg(json_build_array(${LOADED_COLUMNS},
               (select jsonb_build_array(
                         coalesce(jsonb_agg(e.value order by e.value) filter (where e.source_id = ${scope.sourceId}), '[]'::jsonb),
                         coalesce(jsonb_agg(e.source_id::text || ' ' || e.value) filter (where e.source_id <> ${scope.sourceId}), '[]'::jsonb))
                from contact_external_ids e where e.contact_id = c.id))), '[]')::text as contacts
      from contacts c
      where c.id = any(array(select id from ids)) and c.division_id = ${scope.divisionId} and ${live}`);
    for (const values of JSON.parse(found.contacts) as unknown[][]) set.add(contactFromValues(values));
  }
  await loadOrganizations(db, scope, rows, set);
  return set;
}

async function loadOrganizations(db: AppDatabase, scope: Scope, rows: readonly NormalizedRow[], set: WorkingSet) {
  const wanted = new Set<string>();
  for (const row of rows) if (row.organization) wanted.add(row.organization.externalId);
  if (wanted.size === 0) return;
  const found = await queryRows<{ id: string | number; name: string; value: string } & Record<string, unknown>>(db, sql`
    select o.id, o.name, oe.value, ${selectedDetailColumns} from organization_external_ids oe
    join external_organizations o on o.id = oe.organization_id
    where oe.source_id = ${scope.sourceId} and o.division_id = ${scope.divisionId} and o.deleted_at is null
      and oe.value = any(array(select jsonb_array_elements_text(${json(wanted)}::jsonb)))
    order by o.created_at, o.id`);
  for (const org of found) {
    if (set.organizations.has(org.value)) continue;
    set.organizations.set(org.value, {
      id: Number(org.id), externalId: org.value, name: org.name, details: detailsFromColumns(org), isNew: false, isDirty: false,
    });
  }
}

/**
 * The columns a contact is loaded with, in the order contactFromValues reads them; its external
 * IDs follow, as [IDs in the job's source, `<source id> <value>` of the others]. created_at as
 * epoch milliseconds: a Date keeps no finer time.
 */
const LOADED_COLUMNS = sql.raw([
  'c.id', 'floor(extract(epoch from c.created_at) * 1000)::bigint', 'c.organization_id', 'c.custom_fields',
  ...FIELD_COLUMNS.map(({ column }) => `c.${column}`),
  ...PHONE_DISPLAY_COLUMNS.map(({ column }) => `c.${column}`),
].join(', '));
const FIRST_FIELD = 4;
const FIRST_DISPLAY = FIRST_FIELD + FIELD_COLUMNS.length;
const EXTERNAL_IDS = FIRST_DISPLAY + PHONE_DISPLAY_COLUMNS.length;

function contactFromValues(values: unknown[]): ContactState {
  // From the templates created contacts start from: every contact's fields then have one shape,
  // and each value below overwrites a property instead of adding one.
  const fields = emptyFields();
  for (let i = 0; i < FIELD_COLUMNS.length; i += 1) fields[FIELD_COLUMNS[i].key] = values[FIRST_FIELD + i] as FieldValue;
  const phoneDisplay = emptyPhoneDisplay();
  for (let i = 0; i < PHONE_DISPLAY_COLUMNS.length; i += 1) {
    phoneDisplay[PHONE_DISPLAY_COLUMNS[i].key] = values[FIRST_DISPLAY + i] as string | null;
  }
  return {
    id: Number(values[0]),
    createdAt: new Date(Number(values[1])),
    fields,
    phoneDisplay,
    customFields: (values[3] as Record<string, string> | null) ?? {},
    organizationId: values[2] === null ? null : Number(values[2]),
    externalIds: (values[EXTERNAL_IDS] as string[][])[0],
    otherExternalIds: (values[EXTERNAL_IDS] as string[][])[1],
    deletedAt: null,
    mergedInto: null,
  };
}
