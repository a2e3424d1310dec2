import { CONTACT_FIELDS, PHONE_FIELDS, type ContactFieldKey } from '../rows/fields';

export type FieldValue = string | boolean | null;
export type PhoneField = (typeof PHONE_FIELDS)[number];

/** A contact as the engine reasons about it: every importable field, plus bookkeeping. */
export interface ContactState {
  id: number;
  createdAt: Date;
  fields: Record<ContactFieldKey, FieldValue>;
  phoneDisplay: Record<PhoneField, string | null>;
  customFields: Record<string, string>;
  organizationId: number | null;
  /** External ID values of this contact in the job's source. */
  externalIds: string[];
  /**
   * Its external IDs in every other source, as `<source id> <value>`: they count towards the
   * limit of MAX_EXTERNAL_IDS_PER_CONTACT and move with a merge, where two contacts may share one.
   */
  otherExternalIds: string[];
  deletedAt: Date | null;
  mergedInto: number | null;
}

export const FIELD_COLUMNS: readonly { key: ContactFieldKey; column: string }[] =
  CONTACT_FIELDS.map((f) => ({ key: f.key, column: f.column }));

export const PHONE_DISPLAY_COLUMNS: readonly { key: PhoneField; column: string }[] =
  PHONE_FIELDS.map((key) => ({ key, column: `${CONTACT_FIELDS.find((f) => f.key === key)!.column}_display` }));

const EMPTY_FIELDS = Object.freeze(
  Object.fromEntries(FIELD_COLUMNS.map(({ key }) => [key, null])) as Record<ContactFieldKey, FieldValue>);

/** A copy of one frozen template: a spread is several times cheaper than building the object. */
export function emptyFields(): Record<ContactFieldKey, FieldValue> {
  return { ...EMPTY_FIELDS };
}

export function emptyPhoneDisplay(): Record<PhoneField, string | null> {
  return { workPhone: null, cellPhone: null, homePhone: null, otherPhone: null };
}

export function cloneContact(contact: ContactState): ContactState {
  return {
    ...contact,
    fields: { ...contact.fields },
    phoneDisplay: { ...contact.phoneDisplay },
    customFields: { ...contact.customFields },
    externalIds: [...contact.externalIds],
    otherExternalIds: [...contact.otherExternalIds],
  };
}

/** How many external IDs the contact holds, all sources together. */
export function externalIdCount(contact: ContactState): number {
  return contact.externalIds.length + contact.otherExternalIds.length;
}

/** The persisted part of a contact, as stored in change records (before / after). */
export interface ContactSnapshot {
  fields: Record<ContactFieldKey, FieldValue>;
  phoneDisplay: Record<PhoneField, string | null>;
  customFields: Record<string, string>;
  organizationId: number | null;
  externalIds: string[];
  deletedAt: string | null;
  mergedInto: number | null;
}

export function snapshotOf(contact: ContactState): ContactSnapshot {
  return {
    fields: { ...contact.fields },
    phoneDisplay: { ...contact.phoneDisplay },
    customFields: { ...contact.customFields },
    organizationId: contact.organizationId,
    externalIds: [...contact.externalIds],
    deletedAt: contact.deletedAt ? contact.deletedAt.toISOString() : null,
    mergedInto: contact.mergedInto,
  };
}

export function sameContent(a: ContactState, b: ContactState): boolean {
  for (const { key } of FIELD_COLUMNS) if (a.fields[key] !== b.fields[key]) return false;
  for (const { key } of PHONE_DISPLAY_COLUMNS) if (a.phoneDisplay[key] !== b.phoneDisplay[key]) return false;
  if (a.organizationId !== b.organizationId) return false;
  if (a.externalIds.length !== b.externalIds.length || a.externalIds.some((v, i) => v !== b.externalIds[i])) return false;
  const aKeys = Object.keys(a.customFields);
  if (aKeys.length !== Object.keys(b.customFields).length) return false;
  return aKeys.every((k) => a.customFields[k] === b.customFields[k]);
}
