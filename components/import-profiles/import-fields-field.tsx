'use client';

import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldLabel } from '@/components/import/wizard/settings/field-label';
import { SELECTABLE_FIELD_KEYS } from '@/lib/import/rows/fields';

interface ImportFieldsFieldProps {
  value: readonly string[];
  onChange(next: string[]): void;
  /** An i18n key. */
  error?: string;
}

/** "Fields to import": a checkbox per contact and organization detail, in the catalogue's order. */
export function ImportFieldsField({ value, onChange, error }: ImportFieldsFieldProps) {
  const { t } = useTranslation();
  const baseId = useId();
  const toggle = (key: string, checked: boolean) => {
    const chosen = new Set(value);
    if (checked) chosen.add(key);
    else chosen.delete(key);
    onChange(SELECTABLE_FIELD_KEYS.filter((field) => chosen.has(field)));
  };
  return (
    <fieldset className="field" aria-describedby={[`${baseId}-hint`, error ? `${baseId}-error` : ''].filter(Boolean).join(' ')}>
      <legend>{t('profilesPage.edit.importFields')}</legend>
      <p id={`${baseId}-hint`} className="muted field-hint">{t('profilesPage.edit.importFieldsHint')}</p>
      <div className="checkbox-grid">
        {SELECTABLE_FIELD_KEYS.map((key) => (
          <label key={key}>
            <input type="checkbox" checked={value.includes(key)} onChange={(event) => toggle(key, event.target.checked)} />
            {fieldLabel(t, key)}
          </label>
        ))}
      </div>
      {error && <p id={`${baseId}-error`} className="field-error">{t(error)}</p>}
    </fieldset>
  );
}
