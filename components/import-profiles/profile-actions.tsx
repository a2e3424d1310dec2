'use client';

import { useRef, useState, useTransition } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useHydrated } from '@/components/ui/use-hydrated';
import type { Message } from '@/lib/actions/result';
import type { ProfileAbilities } from '@/lib/import-profiles/permissions';
import { profileRoutes } from '@/lib/import-profiles/routes';
import { deleteImportProfileAction, duplicateImportProfileAction } from '@/app/(app)/import-profiles/actions';

interface ProfileActionsProps {
  profile: { id: string; name: string };
  abilities: ProfileAbilities;
}

/** Edit, Duplicate (opens the copy) and Delete (after a confirmation) for one profile. */
export function ProfileActions({ profile, abilities }: ProfileActionsProps) {
  const { t, i18n } = useTranslation();
  const router = useRouter();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<Message | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  if (!abilities.canEdit && !abilities.canDuplicate && !abilities.canDelete) return null;

  const duplicate = () => {
    setError(null);
    startTransition(async () => {
      const result = await duplicateImportProfileAction({ id: profile.id, locale: i18n.resolvedLanguage });
      if (result.ok) router.push(profileRoutes.copied(result.data.id));
      else setError(result.error);
    });
  };
  const remove = () => {
    setError(null);
    startTransition(async () => {
      const result = await deleteImportProfileAction({ id: profile.id });
      dialogRef.current?.close();
      if (result.ok) router.push(profileRoutes.deleted());
      else setError(result.error);
    });
  };

  return (
    <>
      <div className="toolbar">
        {abilities.canEdit && (
          <Link className="button" href={profileRoutes.edit(profile.id)}>{t('common.edit')}</Link>
        )}
        {abilities.canDuplicate && (
          <button type="button" className="button" disabled={pending || !hydrated} onClick={duplicate}>
            {t('profilesPage.duplicate')}
          </button>
        )}
        {abilities.canDelete && (
          <button type="button" className="button danger" disabled={pending || !hydrated} onClick={() => dialogRef.current?.showModal()}>
            {t('common.delete')}
          </button>
        )}
      </div>
      {error && <p role="alert" className="form-error">{t(error.key, error.params)}</p>}
      {abilities.canDelete && (
        <ConfirmDialog dialogRef={dialogRef} title={t('profilesPage.deleteDialog.title', { name: profile.name })}
          confirmLabel={t('profilesPage.deleteDialog.confirm')} cancelLabel={t('common.cancel')} pending={pending} onConfirm={remove}>
          <p>{t('profilesPage.deleteDialog.body')}</p>
          <p>{t('profilesPage.deleteDialog.jobs')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
