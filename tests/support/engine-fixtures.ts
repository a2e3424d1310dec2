import { sql } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '@/db/client';
import { externalSources } from '@/db/schema';
import { FIELD_COLUMNS, PHONE_DISPLAY_COLUMNS } from '@/lib/import/engine/contact-state';
import {
  detailColumnNames, detailRecordValues, detailRecordsetColumns, detailsFromColumns, detailsToColumns,
  emptyOrganizationDetails, selectedDetailColumns, type OrganizationDetails,
} from '@/lib/import/engine/organization-details';
import { CONTACT_FIELD_KEYS, PHONE_FIELDS } from '@/lib/import/rows/fields';
import type { NormalizedRow } from '@/lib/import/rows/types';
import type { RefContact, RefOrganization, RefState } from './reference-import';

export async function createSource(db: AppDatabase, name = `Source ${Math.random().toString(36).slice(2)}`) {
  const [source] = await db.insert(externalSources).values({ name }).returning();
  return source.id;
}

/**
 * Puts the reference's starting state into the database, with the same ids. An ID `<i>:<value>`
 * of `otherExternalIds` goes into the source `otherSources[i]`.
 */
export async function insertState(
  db: AppDatabase, divisionId: string, sourceId: string, state: RefState, otherSources: readonly string[] = [],
) {
  const orgIds = new Map<string, number>();
  for (const [i, org] of state.organizations.entries()) {
    const id = 1_000_000 + i;
    orgIds.set(org.externalId, id);
    const details = detailsToColumns({ ...emptyOrganizationDetails(), ...org.details } as OrganizationDetails);
    await db.execute(sql`insert into external_organizations (id, division_id, name, ${detailColumnNames}) overriding system value
      select ${id}, ${divisionId}, ${org.name}, ${detailRecordValues}
      from jsonb_to_record(${JSON.stringify(details)}::jsonb) as v(${detailRecordsetColumns})`);
    await db.execute(sql`insert into organization_external_ids (organization_id, source_id, value)
      values (${id}, ${sourceId}, ${org.externalId})`);
  }
  for (const c of state.contacts) {
    const record: Record<string, unknown> = {};
    for (const { key, column } of FIELD_COLUMNS) record[column] = c.fields[key] ?? null;
    for (const { key, column } of PHONE_DISPLAY_COLUMNS) record[column] = c.phoneDisplay[key] ?? null;
    const columns = Object.keys(record);
    await db.execute(sql`insert into contacts (id, division_id, created_at, deleted_at, merged_into, organization_id,
        custom_fields, ${sql.raw(columns.join(', '))}) overriding system value
      select ${c.id}, ${divisionId}, ${new Date(c.createdAt).toISOString()},
        ${c.deletedAt === null ? null : new Date(c.deletedAt).toISOString()}, ${c.mergedInto},
        ${c.organization === null ? null : orgIds.get(c.organization)!},
        ${Object.keys(c.customFields).length ? JSON.stringify(c.customFields) : null}::jsonb,
        ${sql.raw(columns.map((col) => `v.${col}`).join(', '))}
      from jsonb_to_record(${JSON.stringify(record)}::jsonb) as v(${sql.raw(columns.map((col) =>
        `${col} ${col === 'callable' || col === 'survey_opt_out' ? 'boolean' : 'text'}`).join(', '))})`);
    for (const value of c.externalIds) {
      await db.execute(sql`insert into contact_external_ids (contact_id, source_id, value) values (${c.id}, ${sourceId}, ${value})`);
    }
    for (const key of c.otherExternalIds) {
      const [index, value] = [Number(key.slice(0, key.indexOf(':'))), key.slice(key.indexOf(':') + 1)];
      await db.execute(sql`insert into contact_external_ids (contact_id, source_id, value)
        values (${c.id}, ${otherSources[index]}, ${value})`);
    }
  }
  await db.execute(sql`select setval(pg_get_serial_sequence('contacts', 'id'), ${state.nextId}, false)`);
}

/**
 * Reads the division's contacts back in the reference's shape (creation times left out); an ID
 * in another source reads `<i>:<value>` for the source `otherSources[i]`, `<source id>:<value>`
 * for a source not listed.
 */
export async function readState(db: AppDatabase, divisionId: string, sourceId: string, otherSources: readonly string[] = []) {
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    select c.*,
      (select oe.value from organization_external_ids oe where oe.organization_id = c.organization_id
         and oe.source_id = ${sourceId} limit 1) as org_value,
      coalesce((select jsonb_agg(e.value order by e.value) from contact_external_ids e
         where e.contact_id = c.id and e.source_id = ${sourceId}), '[]'::jsonb) as ext_values,
      coalesce((select jsonb_agg(jsonb_build_array(e.source_id, e.value)) from contact_external_ids e
         where e.contact_id = c.id and e.source_id <> ${sourceId}), '[]'::jsonb) as other_values
    from contacts c where c.division_id = ${divisionId} order by c.id`);
  const contacts = rows.map((row) => {
    const fields: Record<string, unknown> = {};
    for (const { key, column } of FIELD_COLUMNS) fields[key] = row[column] ?? null;
    const phoneDisplay: Record<string, unknown> = {};
    for (const { key, column } of PHONE_DISPLAY_COLUMNS) phoneDisplay[key] = row[column] ?? null;
    const ext = typeof row.ext_values === 'string' ? JSON.parse(row.ext_values) : row.ext_values;
    const other = (typeof row.other_values === 'string' ? JSON.parse(row.other_values) : row.other_values) as [string, string][];
    const otherExternalIds = other.map(([source, value]) => {
      const index = otherSources.indexOf(source);
      return `${index >= 0 ? index : source}:${value}`;
    }).sort();
    const custom = typeof row.custom_fields === 'string' ? JSON.parse(row.custom_fields) : row.custom_fields;
    return {
      id: Number(row.id), fields, phoneDisplay, customFields: sortKeys(custom ?? {}),
      organization: (row.org_value as string | null) ?? null, externalIds: ext as string[], otherExternalIds,
      deletedAt: row.deleted_at === null ? null : new Date(row.deleted_at as string).getTime(),
      mergedInto: row.merged_into === null ? null : Number(row.merged_into),
    };
  });
  const organizationRows = await queryRows<{ externalId: string; name: string } & Record<string, unknown>>(db, sql`
    select oe.value as "externalId", o.name, ${selectedDetailColumns} from external_organizations o
    join organization_external_ids oe on oe.organization_id = o.id
    where o.division_id = ${divisionId} and oe.source_id = ${sourceId} order by oe.value`);
  const organizations = organizationRows.map((o) => ({ externalId: o.externalId, name: o.name, details: detailsFromColumns(o) }));
  return { contacts, organizations };
}

/** The reference state in the same shape as readState. */
export function comparable(state: RefState) {
  return {
    contacts: [...state.contacts].sort((a, b) => a.id - b.id).map(({ createdAt: _createdAt, ...c }) => ({
      ...c, externalIds: [...c.externalIds].sort(), otherExternalIds: [...c.otherExternalIds].sort(),
      customFields: sortKeys(c.customFields),
    })),
    organizations: [...state.organizations].sort((a, b) => a.externalId.localeCompare(b.externalId))
      .map((o: RefOrganization) => ({ externalId: o.externalId, name: o.name, details: { ...emptyOrganizationDetails(), ...o.details } })),
  };
}

function sortKeys(object: Record<string, string>) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
}

export function blankContact(id: number, createdAt: number): RefContact {
  const fields: Record<string, string | boolean | null> = Object.fromEntries(CONTACT_FIELD_KEYS.map((k) => [k, null]));
  fields.callable = true;
  return {
    id, createdAt, fields, phoneDisplay: Object.fromEntries(PHONE_FIELDS.map((k) => [k, null])),
    customFields: {}, organization: null, externalIds: [], otherExternalIds: [], deletedAt: null, mergedInto: null,
  };
}

export function row(line: number, partial: Partial<NormalizedRow> & { values?: NormalizedRow['values'] }): NormalizedRow {
  return {
    line, externalId: null, values: {}, phoneDisplay: {}, customFields: {}, organization: null, deletedAt: null,
    ...partial,
  };
}

/** An import job row for change records to belong to. */
export async function createJobRow(db: AppDatabase, divisionId: string): Promise<string> {
  const [job] = await queryRows<{ id: string }>(db, sql`
    insert into import_jobs (profile_snapshot, division_id, status) values ('{}'::jsonb, ${divisionId}, 'running')
    returning id`);
  return job.id;
}
