import { sql, type SQL } from 'drizzle-orm';
import { copyText } from '../../../db/copy';
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

/**
 * A contact's line of COPY text, with its newline: its id, then `prefix` (the columns every
 * contact of the batch shares, tab-separated), then WRITTEN_COLUMNS in order. Built straight from
 * the contact: no array of values per contact, no string per value.
 */
export function contactCopyLine(contact: ContactState, prefix: string): string {
  let line = `${contact.id}\t${prefix}`;
  const fields = contact.fields;
  for (let i = 0; i < FIELD_COLUMNS.length; i += 1) {
    const value = fields[FIELD_COLUMNS[i].key];
    line += value === null ? '\t\\N' : typeof value === 'string' ? `\t${copyText(value)}` : value ? '\ttrue' : '\tfalse';
  }
  const display = contact.phoneDisplay;
  for (let i = 0; i < PHONE_DISPLAY_COLUMNS.length; i += 1) {
    const value = display[PHONE_DISPLAY_COLUMNS[i].key];
    line += value === null ? '\t\\N' : `\t${copyText(value)}`;
  }
  line += hasKeys(contact.customFields) ? `\t${copyText(JSON.stringify(contact.customFields))}` : '\t\\N';
  line += contact.organizationId === null ? '\t\\N' : `\t${contact.organizationId}`;
  line += contact.deletedAt ? `\t${contact.deletedAt.toISOString()}` : '\t\\N';
  line += contact.mergedInto === null ? '\t\\N\n' : `\t${contact.mergedInto}\n`;
  return line;
}

function hasKeys(object: object): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return true;
  return false;
}
