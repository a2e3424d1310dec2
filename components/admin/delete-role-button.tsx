'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslation } from 'react-i18next';
import { deleteRoleAction } from '@/app/(app)/admin/roles/actions';
import type { Message } from '@/lib/actions/result';
import { FormAlert } from './form-parts';

export function DeleteRoleButton({ role }: { role: { id: string; name: string; grantCount: number } }) {
  const { t } = useTranslation();
  const router = useRouter();
  const [error, setError] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);

  async function onDelete() {
    const question = role.grantCount > 0
      ? t('admin.roles.confirmDeleteGranted', { name: role.name, count: role.grantCount })
      : t('common.confirmDelete', { name: role.name });
    if (!window.confirm(question)) return;
    setBusy(true);
    setError(null);
    const result = await deleteRoleAction({ id: role.id });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    router.push('/admin/roles');
  }

  return (
    <div className="danger-zone">
      <FormAlert message={error} />
      <button type="button" className="button danger" disabled={busy} onClick={onDelete}>{t('common.delete')}</button>
    </div>
  );
}
