'use client';

import { useState, useTransition } from 'react';
import { useTranslation } from 'react-i18next';
import { setJobEmailsAction } from '@/app/(app)/profile/actions';
import { useHydrated } from '@/components/ui/use-hydrated';
import type { Message } from '@/lib/actions/result';

/**
 * "E-mail me when my imports end": saved as soon as it is switched (a server action that checks
 * the session). Disabled until hydrated, so an early click is not lost.
 */
export function JobEmailsSwitch({ enabled: initial, emailConfigured }: { enabled: boolean; emailConfigured: boolean }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const [enabled, setEnabled] = useState(initial);
  const [saved, setSaved] = useState<boolean | null>(null);
  const [error, setError] = useState<Message | null>(null);
  const [pending, startTransition] = useTransition();

  // Shown switched at once; put back should the server refuse.
  const toggle = (next: boolean) => {
    setEnabled(next);
    setError(null);
    setSaved(null);
    startTransition(async () => {
      const result = await setJobEmailsAction({ enabled: next });
      if (!result.ok) {
        setEnabled(!next);
        setError(result.error);
        return;
      }
      setSaved(result.data.enabled);
    });
  };

  return (
    <div className="field">
      <label className="checkbox-label">
        <input type="checkbox" checked={enabled} disabled={!hydrated || pending}
          onChange={(event) => toggle(event.target.checked)} aria-describedby="job-emails-help" />
        {' '}{t('profile.jobEmails.label')}
      </label>
      <p id="job-emails-help" className="muted">
        {t(emailConfigured ? 'profile.jobEmails.help' : 'profile.jobEmails.notConfigured')}
      </p>
      <p role="status" className="form-success">
        {saved === null ? '' : t(saved ? 'profile.jobEmails.savedOn' : 'profile.jobEmails.savedOff')}
      </p>
      {error && <p role="alert" className="form-error">{t(error.key, error.params)}</p>}
    </div>
  );
}
