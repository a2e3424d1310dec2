import { sql, type SQL } from 'drizzle-orm';
import type { CopyValue } from '../../../db/copy';
import { FIELD_COLUMNS, PHONE_DISPLAY_COLUMNS, type ContactState } from './contact-state';

const BOOLEAN_COLUMNS = new Set(['survey_opt_out', 'callable']);

/** The written columns of a contact and their SQL types, for jsonb_to_recordset. */
export const WRITTEN_COLUMNS: readonly { name: string; type: string }[] = [
  ...FIELD_COLUMNS.map(({ column }) => ({ name: column, type: BOOLEAN_COLUMNS.has(column) ? 'boolean' : 'text' })),
  ...PHONE_DISPLAY_COLUMNS.map(({ column }) => ({ name: column, type: 'text' })),
  { name: 'custom_fields', type: 'jsonb' },
  { name: 'organization_id', type: 'bigint' },
  { name: 'deleted_at', type: 'timestamptz' },
  { name: 'merged_into', type: 'bigint' },
];

export const recordsetColumns: SQL = sql.raw(
  ['id bigint', ...WRITTEN_COLUMNS.map((c) => `${c.name} ${c.type}`)].join(', '),
);
export const columnList: SQL = sql.raw(WRITTEN_COLUMNS.map((c) => c.name).join(', '));
export const valueList: SQL = sql.raw(WRITTEN_COLUMNS.map((c) => `v.${c.name}`).join(', '));
export const assignmentList: SQL = sql.raw(WRITTEN_COLUMNS.map((c) => `${c.name} = v.${c.name}`).join(', '));

/**
 * A contact as one jsonb_to_recordset record. Empty values are left out (the record set reads a
 * missing key as null): most contacts leave most columns empty, and the payload halves.
 */
export function toRecord(contact: ContactState): Record<string, unknown> {
  const record: Record<string, unknown> = { id: contact.id };
  for (const { key, column } of FIELD_COLUMNS) {
    const value = contact.fields[key];
    if (value !== null) record[column] = value;
  }
  for (const { key, column } of PHONE_DISPLAY_COLUMNS) {
    const value = contact.phoneDisplay[key];
    if (value !== null) record[column] = value;
  }
  if (Object.keys(contact.customFields).length > 0) record.custom_fields = contact.customFields;
  if (contact.organizationId !== null) record.organization_id = contact.organizationId;
  if (contact.deletedAt) record.deleted_at = contact.deletedAt.toISOString();
  if (contact.mergedInto !== null) record.merged_into = contact.mergedInto;
  return record;
}

/** A contact's values in WRITTEN_COLUMNS order, for COPY. */
export function toCopyValues(contact: ContactState): CopyValue[] {
  const values: CopyValue[] = [];
  for (const { key } of FIELD_COLUMNS) values.push(contact.fields[key]);
  for (const { key } of PHONE_DISPLAY_COLUMNS) values.push(contact.phoneDisplay[key]);
  values.push(Object.keys(contact.customFields).length > 0 ? JSON.stringify(contact.customFields) : null);
  values.push(contact.organizationId);
  values.push(contact.deletedAt ? contact.deletedAt.toISOString() : null);
  values.push(contact.mergedInto);
  return values;
}
