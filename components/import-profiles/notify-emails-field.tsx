'use client';

import { useState } from 'react';
import type { FieldError, Merge } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { NOTIFY_EMAILS_MAX } from '@/lib/import-profiles/schemas';

type ListErrors = Merge<FieldError, (FieldError | undefined)[]> | undefined;

/** The list's own message, else the first address's (each item is checked on its own). */
function firstError(errors: ListErrors): string | undefined {
  if (!errors) return undefined;
  if (errors.message) return errors.message;
  if (errors.root?.message) return errors.root.message;
  for (const item of Array.isArray(errors) ? errors : Object.values(errors)) {
    if (item && typeof item === 'object' && 'message' in item && typeof item.message === 'string') return item.message;
  }
  return undefined;
}

/** Addresses told when one of the profile's drop-folder imports ends: one per line, at most NOTIFY_EMAILS_MAX. */
export function NotifyEmailsField({ value, onChange, errors }: {
  value: string[]; onChange: (value: string[]) => void; errors: ListErrors;
}) {
  const { t } = useTranslation();
  // The text as typed (blank lines kept while typing); the form holds the list of addresses.
  const [text, setText] = useState(value.join('\n'));
  const error = firstError(errors);
  return (
    <div className="field">
      <label htmlFor="profile-notify-emails">{t('profilesPage.notifyEmails.label')}</label>
      <textarea id="profile-notify-emails" rows={3} value={text} maxLength={NOTIFY_EMAILS_MAX * 330}
        aria-invalid={!!error} aria-describedby={`profile-notify-emails-hint${error ? ' profile-notify-emails-error' : ''}`}
        onChange={(event) => {
          setText(event.target.value);
          onChange(event.target.value.split(/[\n,;]+/).map((line) => line.trim()).filter(Boolean));
        }} />
      <p id="profile-notify-emails-hint" className="muted field-hint">{t('profilesPage.notifyEmails.hint', { max: NOTIFY_EMAILS_MAX })}</p>
      {error && <p id="profile-notify-emails-error" className="field-error">{t(error, { max: NOTIFY_EMAILS_MAX })}</p>}
    </div>
  );
}
