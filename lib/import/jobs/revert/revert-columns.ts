import { FIELD_COLUMNS, PHONE_DISPLAY_COLUMNS } from '../../engine/contact-state';

/** The contacts columns a change record's before/after may hold (see diffContact). */
export function restorableColumns(): string[] {
  return [
    ...FIELD_COLUMNS.map((f) => f.column),
    ...PHONE_DISPLAY_COLUMNS.map((f) => f.column),
    'organization_id', 'deleted_at', 'merged_into', 'custom_fields',
  ];
}
