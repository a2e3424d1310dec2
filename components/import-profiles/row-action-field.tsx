'use client';

import { useTranslation } from 'react-i18next';
import { MATCHED_ROW_ACTIONS, UNMATCHED_ROW_ACTIONS } from '@/lib/import-profiles/schemas';
import { ChoiceField } from './choice-field';

const ACTIONS = { unmatchedRows: UNMATCHED_ROW_ACTIONS, matchedRows: MATCHED_ROW_ACTIONS } as const;

interface RowActionFieldProps {
  /** Rows that match no contact, or rows that match one. */
  kind: keyof typeof ACTIONS;
  value: string | undefined;
  onChange(value: string): void;
  /** The i18n key of the field's error. */
  error?: string;
}

/**
 * What valid rows of one kind do: "Rows that match a contact: Update the contact / Skip the row".
 * Skipping one kind makes a create-only or update-only import (the wizard and the profile editor).
 */
export function RowActionField({ kind, value, onChange, error }: RowActionFieldProps) {
  const { t } = useTranslation();
  return (
    <ChoiceField legend={t(`profiles.rowActions.${kind}.label`)} value={value ?? ACTIONS[kind][0]} onChange={onChange}
      error={error && t(error)}
      choices={ACTIONS[kind].map((action) => ({
        value: action, label: t(`profiles.rowActions.${kind}.${action}`), hint: t(`profiles.rowActions.${kind}.${action}Hint`),
      }))} />
  );
}
