'use client';

import { useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { Message } from '@/lib/actions/result';
import { revertImportJobAction } from '@/app/(app)/imports/jobs/actions';

/**
 * Revert import, after a confirmation that says how many contacts it puts back. With `needs` (the
 * sentence naming the contact permissions the caller lacks for this job) it shows disabled.
 */
export function RevertButton({ jobId, changedContacts, needs }: { jobId: string; changedContacts: number; needs?: string }) {
  const { t } = useTranslation();
  const router = useRouter();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<Message | null>(null);
  const [pending, startTransition] = useTransition();

  const revert = () => {
    setError(null);
    startTransition(async () => {
      const result = await revertImportJobAction({ id: jobId });
      dialogRef.current?.close();
      if (!result.ok) setError(result.error);
      // Reverted, or refused because the job moved on: either way the page shows it as it is now.
      router.refresh();
    });
  };

  return (
    <>
      <div className="toolbar">
        <button type="button" className="button danger" disabled={pending || !!needs} aria-busy={pending}
          aria-describedby={needs ? 'revert-needs' : undefined} onClick={() => dialogRef.current?.showModal()}>
          {pending ? t('revert.working') : t('revert.button')}
        </button>
      </div>
      {needs && <p id="revert-needs" className="field-hint">{needs}</p>}
      {error && <p role="alert" className="form-error">{t(error.key, error.params)}</p>}
      <ConfirmDialog dialogRef={dialogRef} title={t('revert.confirmTitle')} confirmLabel={t('revert.confirm')}
        cancelLabel={t('revert.cancel')} pending={pending} onConfirm={revert}>
        <p>{t('revert.confirmText', { count: changedContacts })}</p>
      </ConfirmDialog>
    </>
  );
}
