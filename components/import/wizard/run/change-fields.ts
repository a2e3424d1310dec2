import type { TFunction } from 'i18next';

// The changes of a job are recorded by contacts column (work_email); people read field names.
const LABEL_KEYS: Record<string, string> = {
  work_phone_display: 'wizardRun.changes.fields.workPhoneDisplay',
  cell_phone_display: 'wizardRun.changes.fields.cellPhoneDisplay',
  home_phone_display: 'wizardRun.changes.fields.homePhoneDisplay',
  other_phone_display: 'wizardRun.changes.fields.otherPhoneDisplay',
  organization_id: 'contacts.fields.organization',
  merged_into: 'reports.changes.columns.mergedInto',
  custom_fields: 'contacts.customFields',
  external_ids: 'contacts.fields.externalIds',
  deleted_at: 'contacts.fields.deletedAt',
};

const toCamel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The name of a changed column in the reader's language; the column itself when unknown. */
export function changeFieldLabel(column: string, t: TFunction, exists: (key: string) => boolean): string {
  const key = LABEL_KEYS[column] ?? `contacts.fields.${toCamel(column)}`;
  return exists(key) ? t(key) : column;
}

/** A recorded value as text; null when there was none. */
export function changeValueText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Every column a change touched, in the order recorded, before's first. */
export function changedColumns(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])];
}
