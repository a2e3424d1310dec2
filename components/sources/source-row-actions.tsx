'use client';

import { useId, useRef, useState, useTransition } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslation } from 'react-i18next';
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
  const titleId = useId();
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
          <dialog ref={dialogRef} aria-labelledby={titleId} className="confirm-dialog">
            <h2 id={titleId}>{t('sources.deleteTitle')}</h2>
            <p>{t('common.confirmDelete', { name: source.name })}</p>
            <div className="toolbar">
              <button type="button" className="button danger" disabled={pending}
                onClick={() => run(() => deleteSourceAction({ id: source.id }))}>
                {t('common.delete')}
              </button>
              <button type="button" className="button" autoFocus onClick={() => dialogRef.current?.close()}>
                {t('common.cancel')}
              </button>
            </div>
          </dialog>
        </>
      )}
      {error && <p role="alert" className="form-error">{t(error.key, error.params)}</p>}
    </div>
  );
}
