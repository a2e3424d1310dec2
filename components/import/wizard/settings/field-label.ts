import type { TFunction } from 'i18next';
import { CONTACT_FIELD_KEYS } from '@/lib/import/rows/fields';

const contactFields = new Set<string>(CONTACT_FIELD_KEYS);

/** A target field's name in the reader's language: contact fields as on the contact page. */
export function fieldLabel(t: TFunction, field: string): string {
  if (field.startsWith('custom:')) return t('wizardSettings.fields.custom', { name: field.slice('custom:'.length) });
  if (contactFields.has(field)) return t(`contacts.fields.${field}`);
  return t(`wizardSettings.fields.${field}`);
}
