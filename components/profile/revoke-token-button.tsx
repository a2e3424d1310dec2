'use client';

import { useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslation } from 'react-i18next';
import { revokeTokenAction } from '@/app/(app)/profile/actions';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { Message } from '@/lib/actions/result';

/** Revoke, after a confirmation: the token stops working at once, for every call. */
export function RevokeTokenButton({ token }: { token: { id: string; name: string } }) {
  const { t } = useTranslation();
  const router = useRouter();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<Message | null>(null);
  const [pending, startTransition] = useTransition();

  const revoke = () => startTransition(async () => {
    const result = await revokeTokenAction({ id: token.id });
    dialogRef.current?.close();
    if (!result.ok) return setError(result.error);
    router.refresh();
  });

  return (
    <>
      <button type="button" className="button danger" onClick={() => { setError(null); dialogRef.current?.showModal(); }}
        aria-label={t('profile.tokens.revokeNamed', { name: token.name })}>
        {t('profile.tokens.revoke')}
      </button>
      {error && <p role="alert" className="form-error">{t(error.key, error.params)}</p>}
      <ConfirmDialog dialogRef={dialogRef} title={t('profile.tokens.revokeTitle', { name: token.name })}
        confirmLabel={t('profile.tokens.revoke')} cancelLabel={t('common.cancel')} pending={pending} onConfirm={revoke}>
        <p>{t('profile.tokens.revokeConfirm')}</p>
      </ConfirmDialog>
    </>
  );
}
