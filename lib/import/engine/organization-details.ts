import { sql } from 'drizzle-orm';
import { ORGANIZATION_FIELDS, type OrganizationFieldKey } from '../rows/fields';
import type { RowOrganization } from '../rows/types';

/** An organization's phone, address, website and industry, by field key; null when not set. */
export type OrganizationDetails = Record<OrganizationFieldKey, string | null>;

/** Field key and external_organizations column of each detail, in the catalogue's order. */
const DETAIL_COLUMNS = ORGANIZATION_FIELDS.map((f) => ({ key: f.key as OrganizationFieldKey, column: f.column }));

export function emptyOrganizationDetails(): OrganizationDetails {
  return Object.fromEntries(DETAIL_COLUMNS.map(({ key }) => [key, null])) as OrganizationDetails;
}

/** A row read from external_organizations (snake_case columns) -> its details. */
export function detailsFromColumns(row: Readonly<Record<string, unknown>>): OrganizationDetails {
  const details = emptyOrganizationDetails();
  for (const { key, column } of DETAIL_COLUMNS) {
    const value = row[column];
    details[key] = typeof value === 'string' ? value : null;
  }
  return details;
}

/** The details as a record keyed by column, for jsonb_to_recordset. */
export function detailsToColumns(details: OrganizationDetails): Record<string, string | null> {
  return Object.fromEntries(DETAIL_COLUMNS.map(({ key, column }) => [column, details[key]]));
}

/** `o.phone, o.address_line1, ...` for a select from external_organizations aliased `o`. */
export const selectedDetailColumns = sql.raw(DETAIL_COLUMNS.map(({ column }) => `o.${column}`).join(', '));
/** `phone, address_line1, ...`: the columns of an insert. */
export const detailColumnNames = sql.raw(DETAIL_COLUMNS.map(({ column }) => column).join(', '));
/** `v.phone, v.address_line1, ...`: the values of an insert from a recordset aliased `v`. */
export const detailRecordValues = sql.raw(DETAIL_COLUMNS.map(({ column }) => `v.${column}`).join(', '));
/** `phone text, address_line1 text, ...`: the recordset's column types. */
export const detailRecordsetColumns = sql.raw(DETAIL_COLUMNS.map(({ column }) => `${column} text`).join(', '));
/** `phone = v.phone, ...`: an update from a recordset aliased `v`. */
export const detailAssignments = sql.raw(DETAIL_COLUMNS.map(({ column }) => `${column} = v.${column}`).join(', '));

/**
 * A row's organization details over the stored ones, as the organization's name is written: a
 * value in the file sets its detail; an empty cell leaves it unless the profile's empty cells
 * clear (then it is cleared); a detail the profile does not import is not in the row and stays.
 * Returns whether anything changed.
 */
export function writeOrganizationDetails(
  details: OrganizationDetails, row: RowOrganization['details'], emptyCellsClear: boolean,
): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(row) as [OrganizationFieldKey, string | null][]) {
    if (value === null && !emptyCellsClear) continue;
    if (details[key] !== value) {
      details[key] = value;
      changed = true;
    }
  }
  return changed;
}
