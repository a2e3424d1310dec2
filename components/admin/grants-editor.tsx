'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { addGrantAction, removeGrantAction } from '@/app/(app)/admin/users/actions';
import { grantFieldsSchema, type GrantFieldsInput } from '@/lib/admin/schemas';
import type { Message } from '@/lib/actions/result';
import { applyFailure, FieldError, FormAlert, FormSuccess } from './form-parts';

interface Option { id: string; name: string }
interface Grant { id: string; roleName: string; divisionName: string | null }

interface Props {
  userId: string;
  grants: Grant[];
  roles: Option[];
  divisions: Option[];
}

export function GrantsEditor({ userId, grants, roles, divisions }: Props) {
  const { t } = useTranslation();
  const router = useRouter();
  const [formError, setFormError] = useState<Message | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError, formState: { errors, isSubmitting } } = useForm<GrantFieldsInput>({
    resolver: zodResolver(grantFieldsSchema),
    defaultValues: { roleId: '', divisionId: null },
  });

  const onAdd = handleSubmit(async (values) => {
    setFormError(null);
    setSuccess(null);
    const result = await addGrantAction({ ...values, userId });
    if (!result.ok) {
      setFormError(applyFailure(result, setError, ['roleId', 'divisionId']));
      return;
    }
    reset();
    setSuccess(t('admin.grants.added'));
    router.refresh();
  });

  async function remove(grant: Grant) {
    setFormError(null);
    setSuccess(null);
    setRemoving(grant.id);
    const result = await removeGrantAction({ grantId: grant.id });
    setRemoving(null);
    if (!result.ok) {
      setFormError(result.error);
      return;
    }
    setSuccess(t('admin.grants.removed', { role: grant.roleName }));
    router.refresh();
  }

  return (
    <section aria-labelledby="grants-title">
      <h2 id="grants-title">{t('admin.grants.title')}</h2>
      <p className="muted">{t('admin.grants.intro')}</p>
      <FormAlert message={formError} />
      {grants.length === 0 ? <p>{t('admin.grants.none')}</p> : (
        <table className="table">
          <caption className="visually-hidden">{t('admin.grants.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.fields.role')}</th>
              <th scope="col">{t('admin.fields.division')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {grants.map((grant) => (
              <tr key={grant.id}>
                <td>{grant.roleName}</td>
                <td>{grant.divisionName ?? t('common.allDivisions')}</td>
                <td>
                  <button type="button" className="button danger" disabled={removing !== null}
                    onClick={() => remove(grant)}>{t('admin.grants.remove')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <form onSubmit={onAdd} noValidate className="form grant-form" aria-labelledby="new-grant-title">
        <h3 id="new-grant-title">{t('admin.grants.newTitle')}</h3>
        <div className="field">
          <label htmlFor="grant-role">{t('admin.fields.role')}</label>
          <select id="grant-role" aria-invalid={!!errors.roleId}
            aria-describedby={errors.roleId ? 'grant-role-error' : undefined} {...register('roleId')}>
            <option value="">{t('admin.grants.chooseRole')}</option>
            {roles.map((role) => <option key={role.id} value={role.id}>{role.name}</option>)}
          </select>
          <FieldError id="grant-role-error" error={errors.roleId} />
        </div>
        <div className="field">
          <label htmlFor="grant-division">{t('admin.fields.division')}</label>
          <select id="grant-division" aria-invalid={!!errors.divisionId}
            aria-describedby={errors.divisionId ? 'grant-division-error' : undefined}
            {...register('divisionId', { setValueAs: (value) => (value ? value : null) })}>
            <option value="">{t('common.allDivisions')}</option>
            {divisions.map((division) => <option key={division.id} value={division.id}>{division.name}</option>)}
          </select>
          <FieldError id="grant-division-error" error={errors.divisionId} />
        </div>
        <div>
          <button type="submit" className="button primary" disabled={isSubmitting}>{t('admin.grants.add')}</button>
        </div>
      </form>
      <FormSuccess text={success} />
    </section>
  );
}
