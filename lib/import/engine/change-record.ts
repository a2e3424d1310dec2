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
  // Plain loops, no closure: this runs for every updated contact of a batch.
  const was: ValueMap = {};
  const now: ValueMap = {};
  for (let i = 0; i < FIELD_COLUMNS.length; i += 1) {
    const { key, column } = FIELD_COLUMNS[i];
    if (before.fields[key] !== after.fields[key]) {
      was[column] = before.fields[key];
      now[column] = after.fields[key];
    }
  }
  for (let i = 0; i < PHONE_DISPLAY_COLUMNS.length; i += 1) {
    const { key, column } = PHONE_DISPLAY_COLUMNS[i];
    if (before.phoneDisplay[key] !== after.phoneDisplay[key]) {
      was[column] = before.phoneDisplay[key];
      now[column] = after.phoneDisplay[key];
    }
  }
  if (before.organizationId !== after.organizationId) {
    was.organization_id = before.organizationId;
    now.organization_id = after.organizationId;
  }
  const deletedBefore = before.deletedAt?.toISOString() ?? null;
  const deletedAfter = after.deletedAt?.toISOString() ?? null;
  if (deletedBefore !== deletedAfter) {
    was.deleted_at = deletedBefore;
    now.deleted_at = deletedAfter;
  }
  if (before.mergedInto !== after.mergedInto) {
    was.merged_into = before.mergedInto;
    now.merged_into = after.mergedInto;
  }
  if (!sameCustomFields(before.customFields, after.customFields)) {
    was.custom_fields = before.customFields;
    now.custom_fields = after.customFields;
  }
  if (!sameValues(before.externalIds, after.externalIds)) {
    was.external_ids = before.externalIds;
    now.external_ids = after.externalIds;
  }
  return { before: was, after: now };
}

/**
 * Whether the two would be written as the same JSON: the same keys in the same order with the
 * same values certainly are (no text made); else their JSON texts are compared.
 */
function sameCustomFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length === bKeys.length) {
    let same = true;
    for (let i = 0; i < aKeys.length && same; i += 1) same = aKeys[i] === bKeys[i] && a[aKeys[i]] === b[bKeys[i]];
    if (same) return true;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/** External ID values, in order (none holds NUL: no text column can). */
function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
