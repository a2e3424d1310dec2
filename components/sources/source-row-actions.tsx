'use client';

import { useRef, useState, useTransition } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { Message } from '@/lib/actions/result';
import { deleteSourceAction, setSourceActiveAction } from '@/app/(app)/external-sources/actions';

interface SourceRowActionsProps {
  source: { id: string; name: string; active: boolean };
  canEdit: boolean;
  canDelete: boolean;
}

/** Edit, Deactivate/Activate and Delete (after a confirmation dialog) for one source. */
export function SourceRowActions({ source, canEdit, canDelete }: SourceRowActionsProps) {
  const { t } = useTranslation();
  const router = useRouter();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<Message | null>(null);
  const [pending, startTransition] = useTransition();

  const run = (action: () => Promise<{ ok: true } | { ok: false; error: Message }>) => {
    setError(null);
    startTransition(async () => {
      const result = await action();
      dialogRef.current?.close();
      if (result.ok) router.refresh();
      else setError(result.error);
    });
  };
  // The source's name is in each accessible name, so "Delete" buttons of different rows differ.
  const named = (key: string) => <>{t(key)}<span className="visually-hidden"> {source.name}</span></>;

  return (
    <div className="toolbar source-actions">
      {canEdit && <Link className="button" href={`/external-sources/${source.id}`}>{named('common.edit')}</Link>}
      {canEdit && (
        <button type="button" className="button" disabled={pending}
          onClick={() => run(() => setSourceActiveAction({ id: source.id, active: !source.active }))}>
          {named(source.active ? 'sources.deactivate' : 'sources.activate')}
        </button>
      )}
      {canDelete && (
        <>
          <button type="button" className="button danger" disabled={pending}
            onClick={() => dialogRef.current?.showModal()}>
            {named('common.delete')}
          </button>
          <ConfirmDialog dialogRef={dialogRef} title={t('sources.deleteTitle')} confirmLabel={t('common.delete')}
            cancelLabel={t('common.cancel')} pending={pending} onConfirm={() => run(() => deleteSourceAction({ id: source.id }))}>
            <p>{t('common.confirmDelete', { name: source.name })}</p>
          </ConfirmDialog>
        </>
      )}
      {error && <p role="alert" className="form-error">{t(error.key, error.params)}</p>}
    </div>
  );
}
