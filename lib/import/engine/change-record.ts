import { FIELD_COLUMNS, PHONE_DISPLAY_COLUMNS, type ContactState } from './contact-state';

export type ChangeAction = 'inserted' | 'updated' | 'merged' | 'deleted';
export type ValueMap = Record<string, unknown>;

export function actionOf(before: ContactState | null, after: ContactState): ChangeAction {
  if (before === null) return 'inserted';
  if (after.mergedInto !== null && before.mergedInto === null) return 'merged';
  if (after.deletedAt !== null && before.deletedAt === null) return 'deleted';
  return 'updated';
}

/**
 * Only what differs, keyed by column: enough to show the change and to undo it, without
 * storing whole contacts for every row of a million-row import.
 */
export function diffContact(before: ContactState, after: ContactState): { before: ValueMap; after: ValueMap } {
  const was: ValueMap = {};
  const now: ValueMap = {};
  const note = (name: string, a: unknown, b: unknown) => {
    if (a !== b) {
      was[name] = a;
      now[name] = b;
    }
  };
  for (const { key, column } of FIELD_COLUMNS) note(column, before.fields[key], after.fields[key]);
  for (const { key, column } of PHONE_DISPLAY_COLUMNS) note(column, before.phoneDisplay[key], after.phoneDisplay[key]);
  note('organization_id', before.organizationId, after.organizationId);
  note('deleted_at', before.deletedAt?.toISOString() ?? null, after.deletedAt?.toISOString() ?? null);
  note('merged_into', before.mergedInto, after.mergedInto);
  if (JSON.stringify(before.customFields) !== JSON.stringify(after.customFields)) {
    was.custom_fields = before.customFields;
    now.custom_fields = after.customFields;
  }
  if (before.externalIds.join('\u0000') !== after.externalIds.join('\u0000')) {
    was.external_ids = before.externalIds;
    now.external_ids = after.externalIds;
  }
  return { before: was, after: now };
}
