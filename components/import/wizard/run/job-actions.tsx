'use client';

import { useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionResult, Message } from '@/lib/actions/result';
import type { Permission } from '@/lib/auth/permissions';
import { neededPermissionsText } from '@/components/import/jobs/needed-permissions';
import { wizardRoutes } from '@/lib/import/wizard/routes';
import {
  cancelImportJobAction, continueImportJobAction, retryImportJobAction,
} from '@/app/(app)/imports/jobs/actions';

interface JobActionsProps {
  jobId: string;
  /** Which buttons apply to the job in its state; the server refuses them all the same otherwise. */
  canContinue?: boolean;
  canCancel?: boolean;
  canRetry?: boolean;
  /**
   * Continue or Retry applies to the job, but the caller lacks the contact permissions it needs
   * (from the operation's own check): the button shows disabled, with a sentence naming them.
   */
  continueNeeds?: readonly Permission[];
  retryNeeds?: readonly Permission[];
  /** What cancelling does now, for the confirmation: before anything is written, or mid-import. */
  cancelWhile?: 'validation' | 'import';
  /** The settings step of the job's file, while nothing was imported. */
  backHref?: string;
}

/** Import (continue), Cancel import (after a confirmation), Retry and Back for one job. */
export function JobActions({
  jobId, canContinue, canCancel, canRetry, continueNeeds, retryNeeds, cancelWhile = 'validation', backHref,
}: JobActionsProps) {
  const { t, i18n } = useTranslation();
  const router = useRouter();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<Message | null>(null);
  const [pending, startTransition] = useTransition();

  const run = (action: (input: { id: string }) => Promise<ActionResult<unknown>>, then: () => void) => {
    setError(null);
    startTransition(async () => {
      const result = await action({ id: jobId });
      dialogRef.current?.close();
      if (!result.ok) {
        setError(result.error);
        // The job may have moved on meanwhile (409): show it as it is now.
        router.refresh();
        return;
      }
      then();
    });
  };

  const importRows = () => run(continueImportJobAction, () => router.push(wizardRoutes.import(jobId)));
  // Both actions revalidate the page: their response already carries it in its new state.
  const cancel = () => run(cancelImportJobAction, () => {});
  const retry = () => run(retryImportJobAction, () => {});

  const blockedContinue = !canContinue && continueNeeds?.length ? continueNeeds : null;
  const blockedRetry = !canRetry && retryNeeds?.length ? retryNeeds : null;
  if (!backHref && !canContinue && !canRetry && !canCancel && !blockedContinue && !blockedRetry) return null;
  return (
    <>
      <div className="toolbar run-actions">
        {backHref && (
          <button type="button" className="button" disabled={pending} onClick={() => router.push(backHref)}>
            {t('common.back')}
          </button>
        )}
        {(canContinue || blockedContinue) && (
          <button type="button" className="button primary" disabled={pending || !canContinue} onClick={importRows}
            aria-describedby={blockedContinue ? 'job-continue-needs' : undefined}>
            {t('wizardRun.actions.import')}
          </button>
        )}
        {(canRetry || blockedRetry) && (
          <button type="button" className="button primary" disabled={pending || !canRetry} onClick={retry}
            aria-describedby={blockedRetry ? 'job-retry-needs' : undefined}>
            {t('wizardRun.actions.retry')}
          </button>
        )}
        {canCancel && (
          <button type="button" className="button danger" disabled={pending} onClick={() => dialogRef.current?.showModal()}>
            {t('wizardRun.actions.cancelImport')}
          </button>
        )}
      </div>
      {blockedContinue && (
        <p id="job-continue-needs" className="field-hint">{neededPermissionsText(t, i18n.language, 'continue', blockedContinue)}</p>
      )}
      {blockedRetry && (
        <p id="job-retry-needs" className="field-hint">{neededPermissionsText(t, i18n.language, 'retry', blockedRetry)}</p>
      )}
      {error && <p role="alert" className="form-error">{t(error.key, error.params)}</p>}
      {canCancel && (
        <ConfirmDialog dialogRef={dialogRef} title={t('wizardRun.cancel.title')} confirmLabel={t('wizardRun.cancel.confirm')}
          cancelLabel={t('wizardRun.cancel.keep')} pending={pending} onConfirm={cancel}>
          <p>{cancelWhile === 'import' ? t('wizardRun.cancel.bodyImporting') : t('wizardRun.cancel.bodyValidation')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
